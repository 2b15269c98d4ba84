// One file per town (run/town_outputs): names from the template, the folder they stay in, shards,
// the towns that get one, and writing them (colliding names included).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "run/town_outputs.hpp"

using Catch::Matchers::Contains;
using munidash::failure_kind;
using munidash_test::error_of;

namespace {

munidash::town town_of(const std::string& code, const std::string& name, double population = 1000) {
    munidash::town t;
    t.code = code;
    t.name = name;
    t.population = population;
    return t;
}

munidash::town_list five_towns() {
    munidash::town_list towns;
    towns.groups.resize(1);
    towns.towns = {town_of("01001", "L'Abergement-Clémenciat", 800), town_of("01002", "L'Abergement-de-Varey", 250),
                   town_of("01004", "Ambérieu-en-Bugey", 14000), town_of("01005", "Ambérieux-en-Dombes", 1700),
                   town_of("01006", "Ambléon", 14000)};
    return towns;
}

munidash::town_file_template names(const std::string& text) {
    return {text, "/reports/spec-folder", {"/reports/spec-folder/r.yaml", 9, 13}, "output.per_town"};
}

munidash::report_spec spec_with(const std::string& id, const std::string& period) {
    munidash::report_spec spec;
    spec.report.id = id;
    spec.report.period = period;
    return spec;
}

std::string content_of(const std::filesystem::path& file) {
    // The files hold one line each.
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

TEST_CASE("town outputs: --shard takes K/N with 1 <= K <= N, nothing else") {
    const auto [text, index, count] =
        GENERATE(table<std::string, int, int>({{"1/1", 1, 1}, {"2/4", 2, 4}, {"4/4", 4, 4}}));
    const auto part = munidash::parse_shard(text);
    CHECK(part.index == index);
    CHECK(part.count == count);
}

TEST_CASE("town outputs: a malformed --shard is refused with the form expected") {
    const auto text =
        GENERATE(as<std::string>{}, "0/4", "5/4", "1/0", "-1/4", "a/b", "2", "2/", "/2", "2/4x", " 2/4", "");
    INFO("--shard '" << text << "'");
    CHECK_THAT(error_of(failure_kind::spec, [&] { munidash::parse_shard(text); }),
               Contains("--shard '" + text + "': expected K/N with 1 ≤ K ≤ N"));
}

TEST_CASE("town outputs: the shards of a list share it out, every N-th from the K-th, each town once") {
    const auto size = GENERATE(std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{10});
    const auto count = GENERATE(1, 2, 3, 5);
    INFO(size << " towns in " << count << " shards");
    std::vector<std::size_t> chosen;
    for (std::size_t k = 0; k < size; ++k) chosen.push_back(3 * k + 1);  // indices need not be contiguous
    std::multiset<std::size_t> seen;
    std::size_t smallest = size, largest = 0;
    for (int index = 1; index <= count; ++index) {
        const auto mine = munidash::shard_share(chosen, {index, count});
        for (std::size_t k = 0; k < mine.size(); ++k)
            CHECK(mine[k] == chosen[static_cast<std::size_t>(index - 1) + k * static_cast<std::size_t>(count)]);
        seen.insert(mine.begin(), mine.end());
        smallest = std::min(smallest, mine.size());
        largest = std::max(largest, mine.size());
    }
    CHECK(seen == std::multiset<std::size_t>(chosen.begin(), chosen.end()));
    if (size > 0) CHECK(largest - smallest <= 1);
}

TEST_CASE("town outputs: the root is the template's folders before the first placeholder") {
    const auto [text, root] = GENERATE(table<std::string, std::string>({
        {"out/{town.code}.xlsx", "/reports/spec-folder/out"},
        {"out/town-{town.slug}.xlsx", "/reports/spec-folder/out"},
        {"out/{report.period}/{town.code}.xlsx", "/reports/spec-folder/out"},
        {"out/a/b/{town.code}/page.xlsx", "/reports/spec-folder/out/a/b"},
        {"{town.code}.xlsx", "/reports/spec-folder"},
        {"../shared/./{town.code}.xlsx", "/reports/shared"},
        {"/srv/munidash/{town.code}.xlsx", "/srv/munidash"},
    }));
    INFO(text);
    // A root ending in '/' is the same folder.
    auto found = munidash::town_file_root(names(text));
    if (!found.has_filename()) found = found.parent_path();
    CHECK(found == std::filesystem::path(root));
}

TEST_CASE("town outputs: a town's file fills every placeholder, relative to the spec's folder") {
    const auto spec = spec_with("barometre", "2024");
    const auto t = town_of("01004", "Ambérieu-en-Bugey");
    CHECK(munidash::town_file_path(spec, names("out/{report.id}-{report.period}/{town.code}-{town.slug}.xlsx"), t) ==
          "/reports/spec-folder/out/barometre-2024/01004-amberieu-en-bugey.xlsx");
    CHECK(munidash::town_file_path(spec, names("/srv/{town.code}/{town.code}.xlsx"), t) == "/srv/01004/01004.xlsx");
}

TEST_CASE("town outputs: a file that would leave the root is refused at the template") {
    // Values that climb out of the folder: what the spec reader refuses, checked here once more.
    const auto row =
        GENERATE(table<std::string, std::string>({{"../../etc", "01004"}, {"x", "../.."}, {"..", "01004"}}));
    const auto& id = std::get<0>(row);
    const auto& code = std::get<1>(row);
    INFO("report id '" << id << "', town code '" << code << "'");
    const auto spec = spec_with(id, "2024");
    const auto message = error_of(failure_kind::output, [&] {
        munidash::town_file_path(spec, names("out/{report.id}/{town.code}"), town_of(code, "Ambérieu"));
    });
    CHECK_THAT(message, Contains("/reports/spec-folder/r.yaml:9:13: error: the file of town " + code +
                                 " would be written outside '/reports/spec-folder/out"));
    CHECK_THAT(message, Contains("keep {town.code} and {town.slug} in the file name part of output.per_town"));
}

TEST_CASE("town outputs: every selected town gets a workbook unless per_town_only chooses some") {
    const auto towns = five_towns();
    const std::set<std::string, std::less<>> reference{"01001", "01002", "01004", "01005", "01006", "01007"};
    munidash::report_spec spec;
    CHECK(munidash::towns_with_workbooks(spec, towns, reference) == std::vector<std::size_t>{0, 1, 2, 3, 4});

    spec.output.per_town_only.present = true;
    struct row {
        std::vector<std::string> codes;
        std::size_t largest;
        std::vector<std::size_t> expected;
    };
    const auto r = GENERATE(values<row>({
        {{}, 0, {}},
        {{"01002"}, 0, {1}},
        {{}, 1, {2}},  // 01004 and 01006 tie at 14,000: the lower code first
        {{}, 2, {2, 4}},
        {{}, 3, {2, 3, 4}},
        {{"01001"}, 2, {0, 2, 4}},
        {{"01004"}, 1, {2}},  // chosen both ways, once
        {{}, 99, {0, 1, 2, 3, 4}},
    }));
    spec.output.per_town_only.largest = r.largest;
    spec.output.per_town_only.codes.clear();
    for (const auto& code : r.codes) spec.output.per_town_only.codes.push_back({code, {"r.yaml", 3, 5}});
    CHECK(munidash::towns_with_workbooks(spec, towns, reference) == r.expected);
}

TEST_CASE(
    "town outputs: per_town_only codes outside the selection are refused, saying whether the reference has them") {
    const auto towns = five_towns();
    const std::set<std::string, std::less<>> reference{"01001", "01002", "01004", "01005", "01006", "01007"};
    munidash::report_spec spec;
    spec.towns.reference.file = "communes.csv";
    spec.output.per_town_only.present = true;
    spec.output.per_town_only.codes = {
        {"01007", {"r.yaml", 4, 9}}, {"99999", {"r.yaml", 5, 9}}, {"01001", {"r.yaml", 6, 9}}};
    const auto message = error_of(failure_kind::spec, [&] { munidash::towns_with_workbooks(spec, towns, reference); });
    CHECK_THAT(message, Contains("r.yaml:4:9: error: town 01007 (output.per_town_only.codes) is not in the selection: "
                                 "towns.select leaves it out"));
    CHECK_THAT(message, Contains("r.yaml:5:9: error: town 99999 (output.per_town_only.codes) is not in the reference "
                                 "list 'communes.csv' (check the code; the selection has 5 towns)"));
    CHECK_THAT(message, !Contains("01001"));
}

namespace {

// A folder for one test's files, removed with it.
struct scratch_folder {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("munidash-unit-" + std::to_string(::getpid()) + "-town-outputs");
    scratch_folder() {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~scratch_folder() { std::filesystem::remove_all(path); }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;
};

// A write that leaves a complete temporary holding the town's code beside its target.
void write_code(const munidash::town_list& towns, std::size_t t, const std::filesystem::path& target,
                munidash::replacement_batch& batch) {
    const auto temporary = target.parent_path() / ("partial-" + towns.towns[t].code);
    std::ofstream(temporary, std::ios::binary) << towns.towns[t].code;
    batch.add(temporary, target);
}

}  // namespace

TEST_CASE("town outputs: one file per town, whatever the number of threads - nothing left beside them") {
    const scratch_folder folder;
    const auto towns = five_towns();
    const auto jobs = GENERATE(1U, 2U, 8U);
    INFO(jobs << " threads");
    const std::vector<std::size_t> mine{0, 2, 3};
    const auto path_of = [&](std::size_t t) { return folder.path / (towns.towns[t].code + ".txt"); };
    const auto written =
        munidash::write_town_files(towns, mine, jobs, false, folder.path, "test files", path_of,
                                   [&](std::size_t t, const std::filesystem::path& target,
                                       munidash::replacement_batch& batch) { write_code(towns, t, target, batch); });
    CHECK(written == 3);
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder.path))
        files.insert(entry.path().filename().string());
    CHECK(files == std::set<std::string>{"01001.txt", "01004.txt", "01005.txt"});
    for (const auto t : mine) CHECK(content_of(path_of(t)) == towns.towns[t].code);
}

TEST_CASE("town outputs: towns whose names collide share one file, each write counted, the last one kept") {
    const scratch_folder folder;
    const auto towns = five_towns();
    const auto written = munidash::write_town_files(
        towns, {0, 1}, 1, false, folder.path, "test files", [&](std::size_t) { return folder.path / "same.txt"; },
        [&](std::size_t t, const std::filesystem::path& target, munidash::replacement_batch& batch) {
            const auto temporary = folder.path / ("partial-" + towns.towns[t].code);
            std::ofstream(temporary, std::ios::binary) << towns.towns[t].code;
            batch.add(temporary, target);
        });
    CHECK(written == 2);
    CHECK(content_of(folder.path / "same.txt") == "01002");
}

TEST_CASE("town outputs: a failed write stops the batch, says which towns have their file, and leaves no temporary") {
    const scratch_folder folder;
    const auto towns = five_towns();
    const auto message = error_of(failure_kind::output, [&] {
        munidash::write_town_files(
            towns, {0, 1, 2}, 1, false, folder.path, "test files",
            [&](std::size_t t) { return folder.path / (towns.towns[t].code + ".txt"); },
            [&](std::size_t t, const std::filesystem::path& target, munidash::replacement_batch& batch) {
                if (t == 1)
                    throw munidash::munidash_error(failure_kind::output,
                                                   munidash::diagnostic{{target, 0, 0}, "disk full", ""});
                write_code(towns, t, target, batch);
            });
    });
    CHECK_THAT(message, Contains("error: disk full"));
    CHECK_THAT(message, Contains("the batch stopped: 0 of 3 test files were written (none); 3 were not"));
    CHECK_THAT(message, Contains("(01001 01002 01004)"));
    CHECK(std::filesystem::is_empty(folder.path));
}
