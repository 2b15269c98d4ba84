#include <catch2/catch.hpp>

#include <string>

#include "spec_reader.hpp"

using Catch::Matchers::Contains;

namespace {

const std::string good_spec = R"(report:
  id: demo
  title: Baromètre
  period: "2024"
towns:
  reference: data/communes.csv
  select:
    population: {min: 2500, max: 25000}
    departments: ["77", "2A", "971"]
  peer_groups: {by: population, bands: [2500, 5000, 25000]}
sources:
  arcep: {file: data/arcep.csv, key: code_insee, separator: ";", decimal: ",", missing: ["", s]}
indicators:
  - id: ftth
    plugin: fibre_coverage
    label: Fibre
    better: higher
    params: {premises_ftth: arcep.ftth, premises: arcep.locaux}
output:
  workbook: "out/{report.id}-{report.period}.xlsx"
)";

munidash::report_spec parse(const std::string& text) {
    return munidash::build_report_spec(munidash::read_yaml_text(text, "/specs/r.yaml"), "/specs/r.yaml");
}

std::string refusal(const std::string& text) {
    try {
        parse(text);
    } catch (const munidash::munidash_error& e) {
        return e.what();
    }
    FAIL("the spec was accepted");
    return {};
}

std::string with(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("spec: a good spec is read into plain structs, paths relative to the spec") {
    const auto spec = parse(good_spec);
    CHECK(spec.report.id == "demo");
    CHECK(spec.report.period == "2024");
    CHECK(spec.report.language == "fr");
    CHECK(spec.towns.reference.file == "/specs/data/communes.csv");
    CHECK(spec.towns.reference.key == "code");
    CHECK(*spec.towns.population_min == 2500);
    CHECK(*spec.towns.population_max == 25000);
    CHECK(spec.towns.departments == std::vector<std::string>{"77", "2A", "971"});
    CHECK(spec.towns.peer_bands == std::vector<double>{2500, 5000, 25000});
    REQUIRE(spec.sources.size() == 1);
    CHECK(spec.sources[0].dialect.separator == ';');
    CHECK(spec.sources[0].dialect.decimal == ',');
    CHECK(spec.sources[0].dialect.missing_markers == std::vector<std::string>{"", "s"});
    REQUIRE(spec.indicators.size() == 1);
    CHECK(spec.indicators[0].plugin == "fibre_coverage");
    CHECK(*spec.indicators[0].better == munidash::direction::higher_is_better);
    REQUIRE(spec.indicators[0].params.size() == 2);
    CHECK(spec.indicators[0].params[1].text == "arcep.locaux");
    CHECK(spec.indicators[0].params[1].where.line == 18);
}

TEST_CASE("spec: an unknown key is reported where it is, with the nearest valid key") {
    CHECK_THAT(refusal(with(good_spec, "  select:", "  selct:")),
               Contains("/specs/r.yaml:7:3: error: unknown key 'selct' in 'towns' (did you mean 'select'? "
                        "expected one of: reference, select, peer_groups)"));
}

TEST_CASE("spec: every mistake is reported at once") {
    auto text = with(good_spec, "  title: Baromètre\n", "");
    text = with(text, "better: higher", "better: upward");
    text = with(text, "separator: \";\"", "separator: \"::\"");
    text = with(text, "\"2A\"", "\"20\"");
    const auto message = refusal(text);
    CHECK_THAT(message, Contains("/specs/r.yaml:2:3: error: 'report' has no 'title'"));
    CHECK_THAT(message, Contains("error: better must be 'higher' or 'lower', found 'upward'"));
    CHECK_THAT(message, Contains("error: separator must be one character of"));
    CHECK_THAT(message, Contains("error: '20' is not a French department code"));
    // A wrong separator is one mistake, not also a clash with the decimal mark.
    CHECK_THAT(message, !Contains("the decimal mark and the separator"));
}

TEST_CASE("spec: wrong types and values") {
    CHECK_THAT(refusal(with(good_spec, "min: 2500", "min: 2 500")),
               Contains("/specs/r.yaml:8:23: error: population.min must be a number, found '2 500'"));
    CHECK_THAT(refusal(with(good_spec, "bands: [2500, 5000, 25000]", "bands: [5000, 2500]")),
               Contains("error: band limits must increase"));
    CHECK_THAT(refusal(with(good_spec, "{report.period}", "{report.year}")),
               Contains("error: unknown placeholder '{report.year}' in output.workbook"));
    CHECK_THAT(refusal(with(good_spec, "  - id: ftth", "  - id: FTTH")),
               Contains("error: indicator id 'FTTH' is not valid"));
}
