// The evaluator (compute/evaluator) with real plugins: a spec planned against the loaded built-in
// plugins, its source read from a file, each indicator computed for every town, flags set.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compute/evaluator.hpp"
#include "plugin_test_support.hpp"
#include "sources/csv_source.hpp"
#include "spec/spec_reader.hpp"
#include "spec/yaml_document.hpp"

using Catch::Matchers::Contains;
using munidash::value_flag;

namespace {

// A spec's folder with one data file: town 55002's 'locaux' is secret, 55003's row is absent.
class evaluation_folder {
public:
    evaluation_folder() {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
        std::ofstream(path_ / "fibre.csv") << "code,locaux,ftth,taux\n"
                                              "55001,200,50,0.25\n"
                                              "55002,s,10,0.5\n"
                                              "55004,0,0,\n";
    }
    ~evaluation_folder() { std::filesystem::remove_all(path_); }
    evaluation_folder(const evaluation_folder&) = delete;
    evaluation_folder& operator=(const evaluation_folder&) = delete;
    std::filesystem::path spec_file() const { return path_ / "r.yaml"; }

private:
    std::filesystem::path path_ =
        std::filesystem::temp_directory_path() / ("munidash-plugins-" + std::to_string(::getpid()) + "-evaluator");
};

// The spec read, planned against `host`'s plugins, its towns and source ready: what evaluate takes.
struct evaluation {
    munidash::report_spec spec;
    munidash::report_plan plan;
    munidash::town_list towns;
    std::map<std::string, munidash::source_table> sources;

    evaluation(const evaluation_folder& folder, const std::string& indicators, const munidash::plugin_host& host) {
        const std::string text =
            "report: {id: eval, title: Eval, period: \"2024\"}\n"
            "sources:\n  fibre: {file: fibre.csv, key: code}\n"
            "output: {workbook: out.xlsx}\n"
            "indicators:\n" +
            indicators;
        spec = munidash::build_report_spec(munidash::read_yaml_text(text, folder.spec_file()), folder.spec_file());
        munidash::diagnostic_list problems;
        plan = munidash::plan_report(spec, host.registry(), problems);
        std::string found;
        for (const auto& d : problems.items()) found += munidash::format_diagnostic(d) + "\n";
        INFO(found);
        REQUIRE(problems.empty());
        towns.groups.resize(1);
        for (const auto& [code, population] : std::vector<std::pair<std::string, double>>{
                 {"55001", 1000}, {"55002", 500}, {"55003", 250}, {"55004", 0}}) {
            munidash::town t;
            t.code = code;
            t.population = population;
            towns.towns.push_back(t);
        }
        const auto& source = spec.sources.front();
        sources.emplace(source.name, munidash::source_table(munidash::read_source_csv(source), source));
    }

    std::vector<munidash::indicator_values> run(const munidash::plugin_host& host) const {
        return munidash::evaluate(plan, towns, sources, host);
    }
};

struct builtins {
    munidash::plugin_host host;
    builtins() { host.load_directories({plugin_tests::builtin_dir}); }
};

}  // namespace

TEST_CASE("evaluator: one column per indicator, in spec order, one value and one flag per town") {
    const evaluation_folder folder;
    const builtins plugins;
    const evaluation e(folder, R"(  - id: published
    plugin: value
    params: {column: fibre.taux, multiply: 100}
  - id: coverage
    plugin: ratio
    params: {numerator: fibre.ftth, denominator: fibre.locaux, scale: 100}
  - id: per_inhabitant
    plugin: per_capita
    params: {count: fibre.ftth, population: towns.population, per: 1000}
)",
                       plugins.host);
    const auto values = e.run(plugins.host);
    REQUIRE(values.size() == 3);
    for (const auto& column : values) {
        CHECK(column.values.size() == 4);
        CHECK(column.flags.size() == 4);
        CHECK(column.failure.empty());
    }
    const auto& published = values[0];
    CHECK(published.values[0] == Approx(25));
    CHECK(published.values[1] == Approx(50));
    CHECK(std::isnan(published.values[2]));  // no row for 55003
    CHECK(published.flags[2] == value_flag::missing);
    CHECK(std::isnan(published.values[3]));  // an empty cell
    CHECK(published.flags[0] == value_flag::none);

    const auto& coverage = values[1];
    CHECK(coverage.values[0] == Approx(25));
    // 55002's denominator is hidden by statistical secret: censored, not merely missing.
    CHECK(std::isnan(coverage.values[1]));
    CHECK(coverage.flags[1] == value_flag::censored);
    CHECK(coverage.flags[2] == value_flag::missing);
    CHECK(std::isnan(coverage.values[3]));  // 0 premises: no rate
    CHECK(coverage.flags[3] == value_flag::missing);

    const auto& per_inhabitant = values[2];
    CHECK(per_inhabitant.values[0] == Approx(50.0));  // 50 per 1,000 inhabitants of 1,000
    CHECK(per_inhabitant.values[1] == Approx(20.0));
    CHECK(per_inhabitant.flags[1] == value_flag::none);  // the secret column is not one of its inputs
}

TEST_CASE("evaluator: a failing plugin stops the run, unless its indicator says on_failure: skip") {
    const evaluation_folder folder;
    munidash::plugin_host host;
    host.load_directories({plugin_tests::builtin_dir});
    REQUIRE(host.load(plugin_tests::fixture("fixture_throws_on_compute")));
    const std::string failing = R"(  - id: broken
    plugin: always_throws
    params: {input: fibre.ftth}
)";
    const std::string working = R"(  - id: published
    plugin: value
    params: {column: fibre.ftth}
)";
    SECTION("stop, the default") {
        const evaluation e(folder, working + failing, host);
        try {
            e.run(host);
            FAIL("no error");
        } catch (const munidash::munidash_error& error) {
            CHECK(error.kind() == munidash::failure_kind::plugin);
            CHECK_THAT(std::string(error.what()),
                       Contains(folder.spec_file().string() + ":9:9: error: indicator "
                                                              "'always_throws' of plugin 'fixture_throws_on_compute'"));
            CHECK_THAT(std::string(error.what()), Contains("division by zero in the fixture"));
        }
    }
    SECTION("skip: the indicator is all missing, says why, and the others are computed") {
        const evaluation e(folder, failing + "    on_failure: skip\n" + working, host);
        const auto values = e.run(host);
        REQUIRE(values.size() == 2);
        CHECK_THAT(values[0].failure, Contains("division by zero in the fixture"));
        for (std::size_t t = 0; t < 4; ++t) {
            CHECK(std::isnan(values[0].values[t]));
            CHECK(values[0].flags[t] == value_flag::missing);
        }
        CHECK(values[1].failure.empty());
        CHECK(values[1].values[0] == 50);
    }
}
