// The real plugins computing on a small table checked by hand, and the host's checks on outputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include <munidash/testing.hpp>

#include "plugin_test_support.hpp"
#include "plugins/plugin_host.hpp"

using Catch::Matchers::Contains;

namespace {

using plugin_tests::builtin_dir;
using plugin_tests::fixture;

const double no_value = std::nan("");

// A table of inputs written out in a test, built from maps.
munidash::testing::table_inputs table(const std::vector<std::string>& codes,
                                      const std::map<std::string, std::vector<double>>& columns,
                                      const std::map<std::string, double>& numbers,
                                      const std::map<std::string, std::vector<std::string>>& texts = {}) {
    munidash::testing::table_inputs in(codes);
    for (const auto& [name, values] : columns) in.column(name, values);
    for (const auto& [name, value] : numbers) in.number(name, value);
    for (const auto& [name, values] : texts) in.text_column(name, values);
    return in;
}

const std::vector<std::string> four_towns{"77475", "91312", "94069", "2A004"};

struct loaded {
    munidash::plugin_host host;
    loaded() { host.load_directories({builtin_dir}); }
    munidash::indicator_column run(const std::string& id, const munidash::indicator_inputs& in) {
        return host.compute(*host.registry().find(id), in, {"spec.yaml", 12, 7});
    }
};

}  // namespace

TEST_CASE("ratio: numerator over denominator times the scale, no value for a zero or missing denominator") {
    loaded p;
    const auto in =
        table(four_towns, {{"numerator", {50, 3, 7, no_value}}, {"denominator", {200, 0, 7, 10}}}, {{"scale", 100}});
    const auto out = p.run("ratio", in);
    REQUIRE(out.values.size() == 4);
    CHECK(out.values[0] == 25.0);
    CHECK(std::isnan(out.values[1]));
    CHECK(out.values[2] == 100.0);
    CHECK(std::isnan(out.values[3]));
    CHECK(out.flags[1] == munidash::value_flag::missing);
}

TEST_CASE("per_capita: a count per 10,000 inhabitants") {
    loaded p;
    const auto in =
        table(four_towns, {{"count", {3, 0, no_value, 1}}, {"population", {15000, 5146, 10833, 0}}}, {{"per", 10000}});
    const auto out = p.run("per_capita", in);
    CHECK(out.values[0] == Approx(2.0));
    CHECK(out.values[1] == 0.0);
    CHECK(std::isnan(out.values[2]));
    CHECK(std::isnan(out.values[3]));
}

TEST_CASE("per_capita: a non-positive 'per' is the plugin's error, reported with its name and the spec line") {
    loaded p;
    const auto in = table(four_towns, {{"count", {1, 1, 1, 1}}, {"population", {1, 1, 1, 1}}}, {{"per", 0}});
    try {
        p.run("per_capita", in);
        FAIL("no error");
    } catch (const munidash::munidash_error& e) {
        CHECK(e.kind() == munidash::failure_kind::plugin);
        CHECK_THAT(std::string(e.what()),
                   Contains("spec.yaml:12:7: error: indicator 'per_capita' of plugin 'per_capita' 1.0.0"));
        CHECK_THAT(std::string(e.what()), Contains("failed: 'per' must be a positive number of inhabitants"));
    }
}

TEST_CASE("fibre_coverage: above 100 % is capped and flagged") {
    loaded p;
    const auto in =
        table(four_towns, {{"premises_ftth", {2722, 110, no_value, 0}}, {"premises", {2856, 100, 50, 40}}}, {});
    const auto out = p.run("fibre_coverage", in);
    CHECK(out.values[0] == Approx(100.0 * 2722 / 2856));
    CHECK(out.flags[0] == munidash::value_flag::none);
    CHECK(out.values[1] == 100.0);
    CHECK(out.flags[1] == munidash::value_flag::capped);
    CHECK(std::isnan(out.values[2]));
    CHECK(out.flags[2] == munidash::value_flag::missing);
    CHECK(out.values[3] == 0.0);
}

TEST_CASE("host: an exception while computing and an output of the wrong length are reported with the plugin") {
    munidash::plugin_host host;
    REQUIRE(host.load(fixture("fixture_throws_on_compute")));
    REQUIRE(host.load(fixture("fixture_wrong_length")));
    const auto in = table(four_towns, {{"input", {1, 2, 3, 4}}}, {{"factor", 1}});
    CHECK_THROWS_WITH(host.compute(*host.registry().find("always_throws"), in, {"r.yaml", 4, 3}),
                      Contains("r.yaml:4:3: error: indicator 'always_throws' of plugin 'fixture_throws_on_compute' "
                               "1.0.0 (") &&
                          Contains("failed: division by zero in the fixture"));
    CHECK_THROWS_WITH(host.compute(*host.registry().find("too_short"), in, {"r.yaml", 9, 3}),
                      Contains("returned 3 values for 4 towns"));
}

TEST_CASE("opening_hours: weekly hours from the shapes of text found in the France Services list") {
    loaded p;
    const auto in = table(four_towns, {}, {},
                          {{"monday", {"09:00 - 12:00 / 13:30 - 17:00", "09:00-12:00/13:30-17:00", "", "9h - 12h30"}},
                           {"tuesday", {"-", "09:30 - 16:30", "", "sur rendez-vous"}}});
    const auto out = p.run("opening_hours", in);
    CHECK(out.values[0] == Approx(6.5));        // 3 h + 3.5 h, closed on Tuesday
    CHECK(out.values[1] == Approx(6.5 + 7.0));  // the compact shape reads the same
    CHECK(std::isnan(out.values[2]));           // nothing known
    CHECK(out.flags[2] == munidash::value_flag::missing);
    CHECK(std::isnan(out.values[3]));  // "sur rendez-vous" cannot be read as hours
}

TEST_CASE("ratio: a list of columns is added up, and a missing part makes the value missing") {
    loaded p;
    munidash::testing::table_inputs in(four_towns);
    in.columns("numerator", {{10, 1, 0, 2}, {20, 2, 0, no_value}, {30, 3, 0, 4}})
        .column("denominator", {120, 6, 9, 10})
        .number("scale", 100);
    const auto out = p.run("ratio", in);
    CHECK(out.values[0] == Approx(50.0));
    CHECK(out.values[1] == Approx(100.0));
    CHECK(out.values[2] == 0.0);
    CHECK(std::isnan(out.values[3]));
}
