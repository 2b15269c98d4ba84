// Validation in one pass: the spec reader's mistakes and the plan's (plugins, params, columns) are
// found together, and the parts the reader found broken are not checked again into nonsense.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compute/report_plan.hpp"
#include "plugins/indicator_registry.hpp"
#include "scratch_file.hpp"
#include "spec/spec_reader.hpp"

namespace {

using munidash::diagnostic;

// A ratio of two columns, with an optional scale: what the plan checks a spec's params against.
class share_indicator final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        munidash::indicator_description d;
        d.id = "share";
        d.label = "Part";
        d.unit = "percent";
        d.definition = "Une part.";
        d.params = {{"part", munidash::param_type::column, true, "", "", false},
                    {"whole", munidash::param_type::column, true, "", "", false},
                    {"per", munidash::param_type::number, false, "100", "", false}};
        return d;
    }
    munidash::indicator_column compute(const munidash::indicator_inputs& inputs) const override {
        return munidash::indicator_column(inputs.town_count());
    }
};

// A registry holding the one indicator 'share'.
class share_registry {
public:
    share_registry() {
        plugin_.name = "shares";
        plugin_.version = "1.0.0";
        munidash::indicator_registry::staging staged(registry_, plugin_);
        staged.add(std::make_unique<share_indicator>());
        registry_.commit(std::move(staged), plugin_);
    }
    const munidash::indicator_registry& registry() const { return registry_; }

private:
    munidash::plugin_record plugin_;
    munidash::indicator_registry registry_;
};

// Every problem the spec reader and then the plan find in `text`, sorted as the engine shows them.
std::vector<diagnostic> problems_of(const std::string& text) {
    const share_registry plugins;
    auto reading =
        munidash::build_report_spec_and_problems(munidash::read_yaml_text(text, "/specs/v.yaml"), "/specs/v.yaml");
    munidash::diagnostic_list planning;
    munidash::plan_report(reading.spec, plugins.registry(), planning, reading.gaps);
    auto all = reading.problems;
    all.insert(all.end(), planning.items().begin(), planning.items().end());
    munidash::sort_by_position(all);
    return all;
}

// "line:col: message" of each problem: what a test compares.
std::vector<std::string> placed(const std::vector<diagnostic>& problems) {
    std::vector<std::string> out;
    for (const auto& d : problems)
        out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " + d.message);
    return out;
}

std::string spec_with(const std::filesystem::path& data, const std::string& sources, const std::string& indicators) {
    std::string text = "report: {id: demo, title: T, period: \"2024\"}\n";
    text += "sources:\n" + sources;
    text += "indicators:\n" + indicators;
    text += "output: {workbook: out.xlsx}\n";
    const std::string marker = "DATA";
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at))
        text.replace(at, marker.size(), data.string());
    return text;
}

const std::string survey = "  survey: {file: DATA, key: code, separator: \";\"}\n";

}  // namespace

TEST_CASE("validation: a misspelt key, an unknown plugin and an unknown column are reported together, in order") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    const auto problems = problems_of(spec_with(data.path(), survey,
                                                "  - id: first\n"      // line 5
                                                "    plugin: share\n"  // 6
                                                "    lable: First\n"   // 7
                                                "    params: {part: survey.part, whole: survey.whole}\n"
                                                "  - id: second\n"     // 9
                                                "    plugin: shaer\n"  // 10
                                                "    params: {part: survey.part, whole: survey.whole}\n"
                                                "  - id: third\n"      // 12
                                                "    plugin: share\n"  // 13
                                                "    params: {part: survey.prat, whole: survey.whole, per: lots}\n"));
    CHECK(placed(problems) == std::vector<std::string>{
                                  "7:5: unknown key 'lable' in an indicator",
                                  "10:13: unknown plugin 'shaer' for indicator 'second'",
                                  "14:20: source 'survey' has no column 'prat'",
                                  "14:59: parameter 'per' must be a number, found 'lots'",
                              });
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].where.file == "/specs/v.yaml");
    CHECK_THAT(problems[0].hint, Catch::Matchers::StartsWith("did you mean 'label'?"));
    CHECK_THAT(problems[1].hint, Catch::Matchers::StartsWith("did you mean 'share'?"));
    CHECK_THAT(problems[2].hint, Catch::Matchers::StartsWith("did you mean 'part'?"));
}

TEST_CASE("validation: a misspelt 'params' is one mistake, not one per parameter it lost") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    const auto problems = problems_of(spec_with(data.path(), survey,
                                                "  - id: first\n"
                                                "    plugin: share\n"
                                                "    parms: {part: survey.part, whole: survey.whole}\n"  // line 7
                                                "  - id: second\n"
                                                "    plugin: share\n"
                                                "    params: {part: survey.part}\n"));  // line 10
    CHECK(placed(problems) == std::vector<std::string>{
                                  "7:5: unknown key 'parms' in an indicator",
                                  "10:13: indicator 'second' needs the parameter 'whole' (a numeric column written "
                                  "source.column)",
                              });
}

TEST_CASE("validation: params that are not a mapping are reported once") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    const auto problems = problems_of(spec_with(data.path(), survey,
                                                "  - id: first\n"
                                                "    plugin: share\n"
                                                "    params: [survey.part, survey.whole]\n"));  // line 7
    CHECK(placed(problems) == std::vector<std::string>{"7:13: params must be a mapping of names to values"});
}

TEST_CASE("validation: when 'sources' is not a mapping, references to its sources are not called unknown") {
    const auto problems =
        problems_of(spec_with("unused.csv", "  - survey.csv\n",  // line 3
                              "  - id: first\n"
                              "    plugin: share\n"
                              "    params: {part: survey.part, whole: towns.population}\n"
                              "  - id: second\n"
                              "    plugin: share\n"
                              "    params: {part: towns.surface, whole: towns.population}\n"));  // line 10
    CHECK(placed(problems) == std::vector<std::string>{
                                  "3:3: 'sources' must be a mapping of keys to values",
                                  "10:20: the reference list gives only one numeric column, towns.population; found "
                                  "'towns.surface'",
                              });
}

TEST_CASE("validation: a source with a mistake in its entry is not read, so its columns are not made up missing") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    // With separator ',' the header would be one column "code;part;whole": key and columns all "missing".
    const auto problems = problems_of(spec_with(data.path(), "  survey: {file: DATA, key: code, separator: \"#\"}\n",
                                                "  - id: first\n"
                                                "    plugin: share\n"
                                                "    params: {part: survey.part, whole: survey.whole}\n"
                                                "  - id: second\n"
                                                "    plugin: share\n"
                                                "    params: {part: surveys.part, whole: survey.whole}\n"));  // line 10
    const auto found = placed(problems);
    REQUIRE(found.size() == 2);
    CHECK_THAT(found[0],
               Catch::Matchers::StartsWith("3:") &&
                   Catch::Matchers::Contains(": separator must be one character of ',', ';', '\\t', '|', found '#'"));
    CHECK(found[1] == "10:20: unknown source 'surveys' in 'surveys.part'");
    CHECK_THAT(problems[1].hint, Catch::Matchers::Contains("survey"));
}

TEST_CASE("validation: a source name that is not valid makes no 'unknown source' at each reference") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    const auto problems = problems_of(spec_with(data.path(), "  Survey: {file: DATA, key: code, separator: \";\"}\n",
                                                "  - id: first\n"
                                                "    plugin: share\n"
                                                "    params: {part: Survey.part, whole: Survey.whole}\n"));
    CHECK(placed(problems) == std::vector<std::string>{"3:3: 'Survey' is not a valid source name"});
}

TEST_CASE("validation: a spec without mistakes leaves no gaps") {
    const munidash_test::scratch_file data("survey.csv", "code;part;whole\n77475;1;2\n");
    const auto reading = munidash::build_report_spec_and_problems(
        munidash::read_yaml_text(
            spec_with(data.path(), survey,
                      "  - id: first\n    plugin: share\n    params: {part: survey.part, whole: survey.whole}\n"),
            "/specs/v.yaml"),
        "/specs/v.yaml");
    CHECK(reading.problems.empty());
    CHECK(reading.gaps.unreadable_sources.empty());
    CHECK_FALSE(reading.gaps.sources_unreadable);
    CHECK(reading.gaps.indicators_with_unsure_params.empty());
    CHECK(problems_of(
              spec_with(data.path(), survey,
                        "  - id: first\n    plugin: share\n    params: {part: survey.part, whole: survey.whole}\n"))
              .empty());
}
