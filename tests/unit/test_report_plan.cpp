// The report plan (compute/report_plan): each indicator matched to its plugin, its parameters
// resolved against the plugin's declaration and the files' headers, every mistake at its place.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "compute/report_plan.hpp"
#include "spec/spec_reader.hpp"
#include "spec/yaml_document.hpp"

using Catch::Matchers::Contains;

namespace {

// An indicator declared in the test: what plan_report sees of a plugin is its description.
class declared_indicator final : public munidash::indicator {
public:
    explicit declared_indicator(munidash::indicator_description d) : description_(std::move(d)) {}
    munidash::indicator_description describe() const override { return description_; }
    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        return munidash::indicator_column(in.town_count());
    }

private:
    munidash::indicator_description description_;
};

munidash::param_decl declared(const std::string& name, munidash::param_type type, bool required = true,
                              const std::string& default_value = {}) {
    munidash::param_decl decl;
    decl.name = name;
    decl.type = type;
    decl.required = required;
    decl.default_value = default_value;
    decl.description = "the " + name;
    return decl;
}

// A registry of two test indicators from one plugin, as the host leaves it after loading.
struct test_registry {
    munidash::plugin_record plugin{"test_plugin", "2.1.0", "", 0, "", "test_plugin.so", {}};
    munidash::indicator_registry registry;

    test_registry() {
        munidash::indicator_registry::staging staging(registry, plugin);
        munidash::indicator_description share;
        share.id = "share";
        share.label = "Part";
        share.unit = "percent";
        share.better = munidash::direction::higher_is_better;
        share.params = {declared("part", munidash::param_type::column), declared("whole", munidash::param_type::column),
                        declared("scale", munidash::param_type::number, false, "100"),
                        declared("note", munidash::param_type::text, false)};
        share.definition = "Une part.";
        share.language = "fr";
        share.translations = {{"en", "Share", "A share."}};
        staging.add(std::make_unique<declared_indicator>(share));
        munidash::indicator_description total;
        total.id = "total";
        total.label = "Total";
        total.unit = "count";
        total.better = munidash::direction::lower_is_better;
        total.params = {declared("columns", munidash::param_type::columns),
                        declared("names", munidash::param_type::text_column, false)};
        total.definition = "Une somme.";
        total.language = "fr";
        staging.add(std::make_unique<declared_indicator>(total));
        registry.commit(std::move(staging), plugin);
    }
};

// A folder holding a spec and its data file, removed with the test.
class plan_folder {
public:
    plan_folder() {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
        std::ofstream(path_ / "fibre.csv") << "code,locaux,ftth,nom\n55001,100,40,Ancerville\n";
    }
    ~plan_folder() { std::filesystem::remove_all(path_); }
    plan_folder(const plan_folder&) = delete;
    plan_folder& operator=(const plan_folder&) = delete;
    std::filesystem::path spec_file() const { return path_ / "r.yaml"; }

private:
    std::filesystem::path path_ =
        std::filesystem::temp_directory_path() / ("munidash-unit-" + std::to_string(::getpid()) + "-plan");
};

const std::string spec_head = R"(report:
  id: plan
  title: Plan
  language: fr
  period: "2024"
sources:
  fibre: {file: fibre.csv, key: code}
output:
  workbook: "out/{report.id}.xlsx"
indicators:
)";

// "file:line:col" of the first `token` in the indicators written after spec_head, 1-based.
std::string position_of(const std::filesystem::path& file, const std::string& indicators, const std::string& token) {
    const auto text = spec_head + indicators;
    const auto at = text.find(token);
    REQUIRE(at != std::string::npos);
    const auto line_start = text.rfind('\n', at);
    const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
    return file.string() + ":" + std::to_string(line) + ":" + std::to_string(at - line_start);
}

struct planned {
    munidash::report_spec spec;
    munidash::report_plan plan;
    munidash::diagnostic_list problems;
};

// Reads the spec (spec_head + `indicators`) and plans it; the spec lives as long as the plan that points into it.
std::unique_ptr<planned> plan_of(const plan_folder& folder, const std::string& indicators,
                                 const munidash::indicator_registry& registry, const std::string& language = "fr") {
    auto head = spec_head;
    head.replace(head.find("language: fr"), 12, "language: " + language);
    auto out = std::make_unique<planned>();
    out->spec = munidash::build_report_spec(munidash::read_yaml_text(head + indicators, folder.spec_file()),
                                            folder.spec_file());
    out->plan = munidash::plan_report(out->spec, registry, out->problems);
    return out;
}

std::string all_problems(const munidash::diagnostic_list& problems) {
    std::string out;
    for (const auto& d : problems.items()) out += munidash::format_diagnostic(d) + "\n";
    return out;
}

}  // namespace

TEST_CASE("plan: each indicator gets its plugin, its texts, unit and direction, and its parameters resolved") {
    const plan_folder folder;
    const test_registry plugins;
    const auto p = plan_of(folder, R"(  - id: fibre_share
    plugin: share
    params: {part: fibre.ftth, whole: towns.population}
  - id: premises
    plugin: total
    unit: number
    better: higher
    params: {columns: [fibre.locaux, fibre.ftth], names: fibre.nom}
)",
                           plugins.registry);
    INFO(all_problems(p->problems));
    REQUIRE(p->problems.empty());
    REQUIRE(p->plan.indicators.size() == 2);
    const auto& share = p->plan.indicators[0];
    CHECK(share.spec == &p->spec.indicators[0]);
    CHECK(share.implementation == plugins.registry.find("share"));
    CHECK(share.label == "Part");
    CHECK(share.definition == "Une part.");
    CHECK(share.unit == "percent");
    CHECK(share.better == munidash::direction::higher_is_better);
    REQUIRE(share.params.size() == 4);
    CHECK(share.params[0].columns.size() == 1);
    CHECK(share.params[0].columns[0].source == "fibre");
    CHECK(share.params[0].columns[0].column == "ftth");
    CHECK(share.params[1].columns[0].source == "towns");
    CHECK(share.params[1].columns[0].column == "population");
    CHECK(share.params[2].given);  // its default
    CHECK(share.params[2].number == 100);
    CHECK_FALSE(share.params[3].given);
    CHECK(share.sources == std::vector<std::string>{"fibre", "towns"});

    const auto& total = p->plan.indicators[1];
    CHECK(total.unit == "number");  // the spec's, over the plugin's
    CHECK(total.better == munidash::direction::higher_is_better);
    REQUIRE(total.params[0].columns.size() == 2);
    CHECK(total.params[0].columns[1].column == "ftth");
    CHECK(total.sources == std::vector<std::string>{"fibre"});  // once, however many columns
    CHECK(munidash::plugins_of(p->plan).size() == 1);
}

TEST_CASE("plan: an English report takes the plugin's translation, or warns that it shows the French text") {
    const plan_folder folder;
    const test_registry plugins;
    const auto p = plan_of(folder, R"(  - id: fibre_share
    plugin: share
    params: {part: fibre.ftth, whole: fibre.locaux}
  - id: premises
    plugin: total
    params: {columns: fibre.locaux}
)",
                           plugins.registry, "en");
    REQUIRE(p->problems.empty());
    CHECK(p->plan.indicators[0].label == "Share");
    CHECK(p->plan.indicators[0].definition == "A share.");
    CHECK(p->plan.indicators[1].label == "Total");
    REQUIRE(p->plan.warnings.size() == 1);
    CHECK_THAT(p->plan.warnings[0].message,
               Contains("indicator 'premises': plugin 'test_plugin' 2.1.0 gives no English label and definition, so "
                        "the workbook shows its French one"));
    CHECK(p->plan.warnings[0].where.line == static_cast<int>(std::count(spec_head.begin(), spec_head.end(), '\n')) + 4);
}

TEST_CASE("plan: every mistake is reported at once, each at its place") {
    const plan_folder folder;
    const test_registry plugins;
    struct mistake {
        std::string indicators;
        std::string token;     // where the error is
        std::string expected;  // what it says
    };
    const auto m = GENERATE(values<mistake>({
        {"  - id: a\n    plugin: shares\n    params: {part: fibre.ftth}\n", "shares",
         "error: unknown plugin 'shares' for indicator 'a'"},
        {"  - id: a\n    plugin: share\n    params: {part: fibre.ftth, whole: fibre.locaux, scales: 10}\n", "scales",
         "error: plugin 'share' has no parameter 'scales'"},
        {"  - id: a\n    plugin: share\n    params: {part: fibre.ftth}\n", "{part",
         "error: indicator 'a' needs the parameter 'whole'"},
        {"  - id: a\n    plugin: share\n    params: {part: fibre.ftth, whole: fibre.locaux, scale: ten}\n", "ten",
         "error: parameter 'scale' must be a number, found 'ten'"},
        {"  - id: a\n    plugin: share\n    params: {part: fiber.ftth, whole: fibre.locaux}\n", "fiber.ftth",
         "error: unknown source 'fiber' in 'fiber.ftth'"},
        {"  - id: a\n    plugin: share\n    params: {part: fibre.fttx, whole: fibre.locaux}\n", "fibre.fttx",
         "error: source 'fibre' has no column 'fttx'"},
        {"  - id: a\n    plugin: share\n    params: {part: ftth, whole: fibre.locaux}\n", "ftth,",
         "error: parameter 'part' must name a column as source.column, found 'ftth'"},
        {"  - id: a\n    plugin: share\n    params: {part: [fibre.ftth], whole: fibre.locaux}\n", "[fibre.ftth]",
         "error: parameter 'part' takes"},
        {"  - id: a\n    plugin: share\n    params: {part: towns.area, whole: fibre.locaux}\n", "towns.area",
         "error: the reference list gives only one numeric column, towns.population; found 'towns.area'"},
    }));
    INFO(m.indicators);
    const auto p = plan_of(folder, m.indicators, plugins.registry);
    const auto problems = all_problems(p->problems);
    CHECK_THAT(problems, Contains(position_of(folder.spec_file(), m.indicators, m.token) + ": " + m.expected));
}

TEST_CASE("plan: two wrong indicators give both errors, and the right one is still planned") {
    const plan_folder folder;
    const test_registry plugins;
    const auto p = plan_of(folder, R"(  - id: a
    plugin: unknown_one
  - id: b
    plugin: total
    params: {columns: fibre.locaux}
  - id: c
    plugin: share
    params: {part: fibre.nope, whole: fibre.locaux}
)",
                           plugins.registry);
    CHECK(p->problems.items().size() == 2);
    const auto problems = all_problems(p->problems);
    CHECK_THAT(problems, Contains("unknown plugin 'unknown_one'"));
    CHECK_THAT(problems, Contains("'munidash plugins list' shows what is loaded"));
    CHECK_THAT(problems, Contains("source 'fibre' has no column 'nope'"));
    REQUIRE(p->plan.indicators.size() == 2);
    CHECK(p->plan.indicators[0].spec->id == "b");
}

TEST_CASE("sheet sizes: the summary's rows count the towns alone, reported at the selection") {
    munidash::report_spec spec;
    spec.file = "report.yaml";
    spec.output.comparisons = false;
    spec.towns.select_where = {"report.yaml", 12, 3};
    munidash::diagnostic_list fits, over;
    munidash::check_sheet_sizes(spec, 1, munidash::excel_max_rows - 6, fits);  // 6 heading rows
    CHECK(fits.empty());
    munidash::check_sheet_sizes(spec, 1, munidash::excel_max_rows - 5, over);
    REQUIRE(over.items().size() == 1);
    CHECK(munidash::to_string(over.items()[0].where) == "report.yaml:12:3");
    CHECK_THAT(over.items()[0].message, Contains("the summary sheet would need 1048577 rows"));
    CHECK(over.items()[0].hint == "select fewer towns");
}
