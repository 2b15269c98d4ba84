#include <catch2/catch.hpp>

#include <string>

#include "plugins/plugin_isolation.hpp"
#include "spec/spec_reader.hpp"

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
    REQUIRE(spec.towns.departments.size() == 3);
    CHECK(spec.towns.departments[0].code == "77");
    CHECK(spec.towns.departments[1].code == "2A");
    CHECK(spec.towns.departments[2].code == "971");
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
    // The hint lists what is known and what to do.
    CHECK_THAT(refusal(with(good_spec, "{report.period}", "{report.perod}")),
               Contains("(did you mean 'report.period'? expected one of: report.id, report.period; correct the name"));
    const auto unclosed = refusal(with(good_spec, "{report.period}", "{report.period"));
    CHECK_THAT(unclosed, Contains("error: a '{' is never closed in output.workbook"));
    CHECK_THAT(unclosed, Contains("close the placeholder with '}'; the placeholders are {report.id}, {report.period}"));
    CHECK_THAT(refusal(with(good_spec, "  - id: ftth", "  - id: FTTH")),
               Contains("error: indicator id 'FTTH' is not valid"));
}

// Every error of the spec reader with its exact message and position: the good spec above, with
// one mistake each.
TEST_CASE("spec: each mistake gives its exact message at its exact place") {
    struct mistake {
        std::string replace;
        std::string with_text;
        std::string expected;  // every diagnostic, one per line
    };
    const std::vector<mistake> mistakes{
        {R"~(title: Baromètre)~", R"~(title: {fr: Baromètre})~",
         R"~(/specs/r.yaml:3:10: error: report.title must be a text value (it is a list or mapping))~"},
        {R"~(  period: "2024"
)~",
         R"~(  period: "2024"
  language: de
)~",
         R"~(/specs/r.yaml:5:13: error: report.language must be 'fr' or 'en', found 'de')~"},
        {R"~(  id: demo)~", R"~(  id: Bad Id)~",
         R"~(/specs/r.yaml:2:7: error: report.id 'Bad Id' is not a valid id (use lower-case letters, digits, '-' and '_'; it names the output file))~"},
        {R"~(separator: ";")~", R"~(separator: ",")~",
         R"~(/specs/r.yaml:12:10: error: the decimal mark and the separator are both ',' (French files use separator ';' with decimal ','))~"},
        {R"~(decimal: ",")~", R"~(decimal: ",", thousands: ",")~",
         R"~(/specs/r.yaml:12:91: error: the thousands separator ',' is also this source's decimal mark (French files write 1 234,5: thousands " ", decimal ","))~"},
        {R"~(key: code_insee,)~", R"~(key: code_insee, encoding: utf-16,)~",
         R"~(/specs/r.yaml:12:60: error: unknown encoding 'utf-16' (did you mean 'utf-8'? expected one of: utf-8, latin-1, windows-1252))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], rename: {"Nb locaux": "Locaux"}})~",
         R"~(/specs/r.yaml:12:120: error: new column name 'Locaux' is not valid (use lower-case letters, digits and '_', starting with a letter))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], rows: several})~",
         R"~(/specs/r.yaml:12:104: error: rows must be 'one' or 'many', found 'several' ('many' for a list with several rows per town, such as France Services sites))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], rows: many})~",
         R"~(/specs/r.yaml:12:10: error: a source with 'rows: many' needs 'aggregate:' (say how a town's rows become values, e.g. aggregate: {sites: {function: count}}))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], aggregate: {n: {function: count}}})~",
         R"~(/specs/r.yaml:12:109: error: 'aggregate:' is for sources with several rows per town (add 'rows: many' to this source))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], rows: many, aggregate: {n: {function: total}}})~",
         R"~(/specs/r.yaml:12:136: error: unknown aggregate function 'total' (expected one of: count, sum, mean, min, max))~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], rows: many, aggregate: {n: {function: sum}}})~",
         R"~(/specs/r.yaml:12:125: error: aggregate 'n' needs the 'column' it applies to)~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], skip_lines: -1})~",
         R"~(/specs/r.yaml:12:110: error: skip_lines must be a whole number from 0 to 100 (the number of lines before the header line))~"},
        {R"~(missing: ["", s]})~", R"~(missing: s})~",
         R"~(/specs/r.yaml:12:89: error: missing must be a list of markers, e.g. ["", NA, s])~"},
        {R"~(missing: ["", s]})~", R"~(missing: ["", s], illustrative: yes})~",
         R"~(/specs/r.yaml:12:112: error: illustrative must be true or false, found 'yes')~"},
        {R"~(min: 2500, max: 25000)~", R"~(min: 30000, max: 25000)~",
         R"~(/specs/r.yaml:8:17: error: population.min is larger than population.max (swap the two values))~"},
        {R"~(departments: ["77", "2A", "971"])~", R"~(departments: "77")~",
         R"~(/specs/r.yaml:9:18: error: departments must be a list of department codes (write departments: ["77", "91"]))~"},
        {R"~(departments: ["77", "2A", "971"])~",
         R"~(regions: ["1"]
    epci: ["2000721"]
    codes: ["2C001"])~",
         R"~(/specs/r.yaml:9:15: error: '1' is not a valid region code (regions have two digits: '11' Île-de-France, '84'... in quotes)
/specs/r.yaml:10:12: error: '2000721' is not a valid EPCI SIREN number (an EPCI is named by its SIREN number: 9 digits, in quotes)
/specs/r.yaml:11:13: error: '2C001' is not a valid INSEE commune code (5 characters in quotes: '77475', '2A004'))~"},
        {R"~(bands: [2500, 5000, 25000])~", R"~(bands: [2500])~",
         R"~(/specs/r.yaml:10:40: error: bands must be a list of at least two population limits (e.g. bands: [2500, 5000, 10000, 25000]))~"},
        {R"~({by: population, bands: [2500, 5000, 25000]})~", R"~({by: department, bands: [2500, 5000]})~",
         R"~(/specs/r.yaml:10:40: error: 'bands' is for peer groups by population (remove it, or write by: population))~"},
        {R"~({by: population, bands: [2500, 5000, 25000]})~", R"~({by: groups, groups: {A: ["77475"], B: ["77475"]}})~",
         R"~(/specs/r.yaml:10:56: error: town 77475 is in two peer groups: 'A' and 'B' (a town belongs to one peer group))~"},
        {R"~({by: population, bands: [2500, 5000, 25000]})~", R"~({by: population})~",
         R"~(/specs/r.yaml:10:16: error: peer groups by population need 'bands' (e.g. bands: [2500, 5000, 10000, 25000]))~"},
        {R"~(  arcep: {)~", R"~(  towns: {)~",
         R"~(/specs/r.yaml:12:3: error: 'towns' is not a valid source name ('towns' is the reference list; choose another name))~"},
        {R"~(  arcep: {)~", R"~(  Arcep: {)~",
         R"~(/specs/r.yaml:12:3: error: 'Arcep' is not a valid source name (use lower-case letters, digits and '_'))~"},
        {R"~(    label: Fibre
)~",
         R"~(    label: Fibre
  - id: ftth
    plugin: ratio
)~",
         R"~(/specs/r.yaml:17:9: error: indicator id 'ftth' is used twice (give each indicator its own id))~"},
        {R"~(    plugin: fibre_coverage
)~",
         R"~()~", R"~(/specs/r.yaml:14:5: error: indicator 'ftth' has no 'plugin' (add the key 'plugin:'))~"},
        {R"~(    label: Fibre
)~",
         R"~(    label: Fibre
    unit: pourcent
    on_failure: continue
)~",
         R"~(/specs/r.yaml:17:11: error: unknown unit 'pourcent' (did you mean 'percent'? expected one of: percent, count, number, index, per_1000, per_10000, per_100000)
/specs/r.yaml:18:17: error: on_failure must be 'stop' or 'skip', found 'continue' ('stop' fails the run when the plugin fails; 'skip' shows the indicator as failed))~"},
        {R"~(    params: {premises_ftth: arcep.ftth, premises: arcep.locaux})~", R"~(    params: [arcep.ftth])~",
         R"~(/specs/r.yaml:18:13: error: params must be a mapping of names to values)~"},
        {R"~("out/{report.id}-{report.period}.xlsx")~", R"~("out/report.xls")~",
         R"~(/specs/r.yaml:20:13: error: output.workbook must end with .xlsx, found 'out/report.xls')~"},
        {R"~(indicators:
  - id: ftth
    plugin: fibre_coverage
    label: Fibre
    better: higher
    params: {premises_ftth: arcep.ftth, premises: arcep.locaux}
)~",
         R"~(indicators: []
)~",
         R"~(/specs/r.yaml:13:13: error: indicators must be a non-empty list (add entries such as '- id: ftth' with a plugin and its params))~"},
    };
    for (const auto& m : mistakes) {
        INFO("mistake: " << m.with_text);
        CHECK(refusal(with(good_spec, m.replace, m.with_text)) == m.expected);
    }
}

TEST_CASE("spec: output.per_town_only is read with its codes' places, and checked") {
    const auto spec = parse(with(good_spec, R"~(  workbook: "out/{report.id}-{report.period}.xlsx")~",
                                 R"~(  per_town: "out/{town.code}.xlsx"
  per_town_only: {largest: 10, codes: ["77475", "2A004"]})~"));
    const auto& only = spec.output.per_town_only;
    CHECK(only.present);
    CHECK(only.largest == 10);
    REQUIRE(only.codes.size() == 2);
    CHECK(only.codes[1].code == "2A004");
    CHECK(to_string(only.codes[1].where) == "/specs/r.yaml:21:49");
    CHECK_FALSE(parse(good_spec).output.per_town_only.present);
    CHECK(refusal(with(good_spec, R"~(  workbook: "out/{report.id}-{report.period}.xlsx")~",
                       R"~(  workbook: "out/{report.id}-{report.period}.xlsx"
  per_town_only: {largest: 2.5, cities: ["77475"]})~")) ==
          "/specs/r.yaml:21:18: error: output.per_town_only chooses the towns that get a workbook, but there is no "
          "output.per_town (add per_town, e.g. \"towns/{town.code}-{town.slug}.xlsx\", or remove per_town_only)\n"
          "/specs/r.yaml:21:33: error: unknown key 'cities' in 'output.per_town_only' (expected one of: codes, "
          "largest)\n"
          "/specs/r.yaml:21:28: error: output.per_town_only.largest must be a whole number of towns, 1 or more, "
          "found '2.5' (e.g. largest: 10 for the ten most populous towns of the selection)");
}

TEST_CASE("spec: isolation and limits, in the plugins section and per indicator, the indicator's keys first") {
    const auto spec = parse(
        with(with(good_spec, "    label: Fibre\n", "    label: Fibre\n    limits: {time: 500ms}\n    seccomp: true\n"),
             "output:\n", "plugins:\n  isolation: process\n  limits: {time: 2min, memory: 1.5GB}\noutput:\n"));
    CHECK(spec.plugins.mode == munidash::isolation_mode::process);
    CHECK(spec.plugins.time_limit == 120.0);
    CHECK(spec.plugins.memory_limit == std::uint64_t{3} << 29);
    CHECK(to_string(spec.plugins.memory_where) == "/specs/r.yaml:23:32");
    const auto settings = munidash::effective_isolation(spec, spec.indicators.front());
    CHECK(settings.time_limit == 0.5);                       // the indicator's own
    CHECK(settings.memory_limit == std::uint64_t{3} << 29);  // the section's
    CHECK(settings.seccomp);
    CHECK(settings.mode == munidash::isolation_mode::process);
    // Without any key: in munidash's process, no limit.
    const auto plain = munidash::effective_isolation(parse(good_spec), parse(good_spec).indicators.front());
    CHECK(plain.mode == munidash::isolation_mode::none);
    CHECK_FALSE(plain.time_limit);
    CHECK_FALSE(plain.memory_limit);
    // seccomp: true alone means a child process.
    const auto alone = parse(with(good_spec, "    label: Fibre\n", "    label: Fibre\n    seccomp: true\n"));
    CHECK(munidash::effective_isolation(alone, alone.indicators.front()).mode == munidash::isolation_mode::process);
    CHECK(munidash::describe_duration(0.5) == "500 ms");
    CHECK(munidash::describe_duration(1) == "1 s");
    CHECK(munidash::describe_duration(120) == "2 min");
    CHECK(munidash::describe_memory(std::uint64_t{512} << 20) == "512 MB");
    CHECK(munidash::describe_memory(std::uint64_t{2} << 30) == "2 GB");
}

TEST_CASE("spec: wrong isolation keys are refused at their place, with what is expected") {
    CHECK(
        refusal(with(good_spec, "    label: Fibre\n",
                     "    label: Fibre\n    isolation: fork\n    limits: {time: 10, memory: -2GB, swap: 1GB}\n")) ==
        "/specs/r.yaml:17:16: error: isolation of indicator 'ftth' must be 'process' or 'none', found 'fork' ('process' "
        "computes in a child process, where a crash, exit() or a limit is a failure of the indicator alone; 'none' "
        "(the default) computes in munidash's own process)\n"
        "/specs/r.yaml:18:38: error: unknown key 'swap' in 'limits' of indicator 'ftth' (expected one of: time, memory)\n"
        "/specs/r.yaml:18:20: error: limits.time of indicator 'ftth' must be a duration with its unit, more than 0 and at "
        "most 7 days, found '10' (write e.g. \"30s\", \"500ms\", \"5min\" or \"1h\": the wall-clock time one "
        "computation may take)\n"
        "/specs/r.yaml:18:32: error: limits.memory of indicator 'ftth' must be an amount with its unit, from 1 MB to "
        "64 TB, found '-2GB' (write e.g. \"512MB\" or \"2GB\" (1 MB = 1,048,576 bytes): the memory one computation "
        "may allocate, enforced with isolation: process)");
    CHECK(refusal(with(good_spec, "output:\n", "plugins:\n  isolation: none\n  seccomp: true\noutput:\n")) ==
          "/specs/r.yaml:21:12: error: seccomp: true for indicator 'ftth' needs isolation: process, but "
          "/specs/r.yaml:20:14 says isolation: none (the filter is installed in the child process that computes the "
          "indicator: remove 'isolation: none' or 'seccomp: true')");
    CHECK_THAT(refusal(with(good_spec, "output:\n", "plugins: {isolate: true}\noutput:\n")),
               Contains("/specs/r.yaml:19:11: error: unknown key 'isolate' in 'plugins' (did you mean 'isolation'?"));
}
