// Spec composition (spec/spec_composition): extends: merges bases under a spec, ${name} takes the
// parameters' values; every problem is reported where it was written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "spec/spec_composition.hpp"

using Catch::Matchers::Contains;
using munidash::failure_kind;
using munidash_test::error_of;

namespace {

// A folder of spec files for one test, removed with it.
class spec_folder {
public:
    explicit spec_folder(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("munidash-unit-" + std::to_string(::getpid()) + "-" + name)) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~spec_folder() { std::filesystem::remove_all(path_); }
    spec_folder(const spec_folder&) = delete;
    spec_folder& operator=(const spec_folder&) = delete;

    // Writes `text` to `relative` in the folder; returns its path.
    std::filesystem::path write(const std::string& relative, const std::string& text) const {
        const auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

// The node at a path of keys, failing the test when one is missing.
const munidash::spec_node& at(const munidash::spec_node& root, const std::vector<std::string>& keys) {
    const munidash::spec_node* node = &root;
    for (const auto& key : keys) {
        node = node->find(key);
        if (!node) FAIL("no key '" << key << "'");
    }
    return *node;
}

std::vector<std::string> items_of(const munidash::spec_node& node) {
    std::vector<std::string> out;
    for (const auto& item : node.items) out.push_back(item.text);
    return out;
}

std::string compose_error(const std::filesystem::path& file, const munidash::parameter_values& overrides = {}) {
    return error_of(failure_kind::spec, [&] { munidash::compose_spec(file, overrides); });
}

}  // namespace

TEST_CASE("composition: mappings merge key by key, the extending spec wins - lists and values are replaced") {
    const spec_folder folder("compose-merge");
    const auto base = folder.write("base.yaml",
                                   "report: {id: base, title: Base title, period: \"2023\"}\n"
                                   "only_in_base: kept\n"
                                   "list: [a, b, c]\n"
                                   "value: from base\n"
                                   "replaced_by_value: {x: 1}\n");
    const auto top = folder.write("top.yaml",
                                  "extends: base.yaml\n"
                                  "report: {title: Top title}\n"
                                  "list: [d]\n"
                                  "value: from top\n"
                                  "replaced_by_value: plain\n"
                                  "only_in_top: here\n");
    const auto root = munidash::compose_spec(top, {});
    CHECK(at(root, {"report", "id"}).text == "base");
    CHECK(at(root, {"report", "title"}).text == "Top title");
    CHECK(at(root, {"report", "period"}).text == "2023");
    CHECK(at(root, {"only_in_base"}).text == "kept");
    CHECK(at(root, {"only_in_top"}).text == "here");
    CHECK(items_of(at(root, {"list"})) == std::vector<std::string>{"d"});
    CHECK(at(root, {"value"}).text == "from top");
    CHECK(at(root, {"replaced_by_value"}).type == munidash::spec_node::kind::scalar);
    CHECK(root.find("extends") == nullptr);
    // Each value remembers the file it was written in: relative paths and messages follow it.
    CHECK(at(root, {"report", "id"}).where.file == base);
    CHECK(at(root, {"report", "title"}).where.file == top);
    CHECK(at(root, {"report", "title"}).where.line == 2);
}

TEST_CASE("composition: bases chain, each 'extends:' relative to the spec that writes it") {
    const spec_folder folder("compose-chain");
    folder.write("shared/root.yaml", "a: root\nb: root\nc: root\n");
    folder.write("shared/middle.yaml", "extends: root.yaml\nb: middle\nc: middle\n");
    const auto top = folder.write("reports/top.yaml", "extends: ../shared/middle.yaml\nc: top\n");
    const auto root = munidash::compose_spec(top, {});
    CHECK(at(root, {"a"}).text == "root");
    CHECK(at(root, {"b"}).text == "middle");
    CHECK(at(root, {"c"}).text == "top");
    CHECK(at(root, {"a"}).where.file.filename() == "root.yaml");
}

TEST_CASE("composition: a chain of exactly the maximum depth is read, one more is refused") {
    const spec_folder folder("compose-depth");
    const auto chain_of = [&](int files) {
        folder.write("s0.yaml", "level: 0\n");
        for (int k = 1; k < files; ++k)
            folder.write("s" + std::to_string(k) + ".yaml",
                         "extends: s" + std::to_string(k - 1) + ".yaml\nlevel: " + std::to_string(k) + "\n");
        return folder.path() / ("s" + std::to_string(files - 1) + ".yaml");
    };
    CHECK(at(munidash::compose_spec(chain_of(munidash::max_extends_depth), {}), {"level"}).text ==
          std::to_string(munidash::max_extends_depth - 1));
    CHECK_THAT(
        compose_error(chain_of(munidash::max_extends_depth + 1)),
        Contains("error: 'extends:' chains more than " + std::to_string(munidash::max_extends_depth) + " specs"));
}

TEST_CASE("composition: a bad base is refused at the 'extends:' that names it") {
    const spec_folder folder("compose-bad-base");
    std::filesystem::create_directories(folder.path() / "a_folder");
    folder.write("list.yaml", "- secret line one\n- secret line two\n");
    folder.write("cycle_a.yaml", "extends: cycle_b.yaml\n");
    folder.write("cycle_b.yaml", "x: 1\nextends: cycle_a.yaml\n");
    struct row {
        std::string extends;
        std::string expected;
    };
    const auto r = GENERATE(values<row>({
        {"missing.yaml", "does not exist (paths in 'extends:' are relative to the spec that names them)"},
        {"a_folder", "is a folder, not a spec file"},
        {"list.yaml", "is not a YAML mapping of keys to values (it holds a list), so it is not a spec"},
        {"cycle_a.yaml", "'extends:' makes a cycle"},
        {"[a.yaml, b.yaml]", "error: 'extends:' must name one base spec file"},
    }));
    INFO("extends: " << r.extends);
    const auto top = folder.write("top.yaml", "report: {id: x}\nextends: " + r.extends + "\n");
    const auto message = compose_error(top);
    CHECK_THAT(message, Contains(r.expected));
    CHECK_THAT(message, !Contains("secret line"));
    // Where the naming 'extends:' value is: line 2, after "extends: ", in the file that wrote it.
    const bool in_top = r.extends != "cycle_a.yaml";
    if (in_top)
        CHECK_THAT(message, Contains(top.string() + ":2:10: error:"));
    else
        CHECK_THAT(message, Contains((folder.path() / "cycle_b.yaml").string() + ":2:10: error:"));
}

TEST_CASE("composition: parameters take their defaults, --set overrides them, a doubled dollar sign writes one") {
    const spec_folder folder("compose-parameters");
    const auto file = folder.write("spec.yaml",
                                   "parameters: {period: \"2024\", department: \"77\", price: ~}\n"
                                   "report: {id: \"r-${department}\", period: \"${period}\"}\n"
                                   "note: \"costs $$5 in ${period}/${period}\"\n"
                                   "list: [\"${department}\", plain]\n");
    const auto [set_period, expected_period] =
        GENERATE(table<std::string, std::string>({{"", "2024"}, {"2025", "2025"}}));
    munidash::parameter_values overrides{{"price", "3"}};
    if (!set_period.empty()) overrides["period"] = set_period;
    const auto root = munidash::compose_spec(file, overrides);
    CHECK(at(root, {"report", "id"}).text == "r-77");
    CHECK(at(root, {"report", "period"}).text == expected_period);
    CHECK(at(root, {"note"}).text == "costs $5 in " + expected_period + "/" + expected_period);
    CHECK(items_of(at(root, {"list"})) == std::vector<std::string>{"77", "plain"});
    // The declarations themselves are left as written.
    CHECK(at(root, {"parameters", "period"}).text == "2024");
}

TEST_CASE("composition: parameters declared in a base are used by the spec that extends it") {
    const spec_folder folder("compose-base-parameters");
    folder.write("base.yaml", "parameters: {department: \"77\"}\nreport: {id: \"base-${department}\"}\n");
    const auto top = folder.write("top.yaml", "extends: base.yaml\nreport: {title: \"Towns of ${department}\"}\n");
    const auto root = munidash::compose_spec(top, {{"department", "91"}});
    CHECK(at(root, {"report", "id"}).text == "base-91");
    CHECK(at(root, {"report", "title"}).text == "Towns of 91");
}

TEST_CASE("composition: every parameter problem is reported at once, at the reference's own column") {
    const spec_folder folder("compose-parameter-errors");
    const auto file = folder.write("spec.yaml",
                                   "parameters: {period: \"2024\", price: ~}\n"
                                   "a: \"x ${peroid}\"\n"
                                   "b: ${price}\n"
                                   "c: \"${period\"\n");
    const auto message = compose_error(file, {{"colour", "red"}});
    const auto spec = file.string();
    // "a: \"x ${peroid}\"": the value starts at column 4, its quote included; ${ is 3 characters further.
    CHECK_THAT(message, Contains(spec + ":2:7: error: unknown parameter '${peroid}'"));
    CHECK_THAT(message, Contains("period"));
    CHECK_THAT(message, Contains(spec + ":3:4: error: parameter 'price' has no value (give it on the command line "
                                        "with --set price=VALUE"));
    CHECK_THAT(message, Contains(spec + ":4:5: error: '${' without a closing '}'"));
    CHECK_THAT(message, Contains("error: --set colour=...: the spec declares no parameter 'colour'"));
}

TEST_CASE("composition: malformed parameter declarations are refused where they are") {
    const spec_folder folder("compose-parameter-declarations");
    SECTION("not a mapping") {
        const auto file = folder.write("spec.yaml", "parameters: [a, b]\n");
        CHECK_THAT(compose_error(file), Contains(file.string() + ":1:13: error: parameters must be a mapping"));
    }
    SECTION("a bad name and a default that is not a value") {
        const auto file = folder.write("spec.yaml", "parameters:\n  Bad-Name: 1\n  list: [1, 2]\n");
        const auto message = compose_error(file);
        CHECK_THAT(message, Contains(file.string() + ":2:3: error: parameter name 'Bad-Name' is not valid"));
        CHECK_THAT(message, Contains(file.string() + ":3:9: error: the default of parameter 'list' must be a value"));
    }
}
