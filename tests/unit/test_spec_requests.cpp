#include <catch2/catch.hpp>

#include <string>

#include "spec/spec_reader.hpp"

using Catch::Matchers::Contains;

namespace {

// Line 13 is `requests:`; the questions start at line 21, choices are on line 37.
const std::string spec_text = R"(report:
  id: demo
  title: Baromètre
  period: "2024"
sources:
  services: {file: data/services.csv, key: code}
indicators:
  - id: mediation
    plugin: per_capita
    params: {count: services.lieux_mediation}
output:
  workbook: "out/{report.id}.xlsx"
requests:
  version: 2
  from: Association
  why: Pour comparer.
  due: 2027-01-31
  contact: numerique@example.org
  output: "requests/{town.code}-{town.slug}.xlsx"
  questions:
    - id: demarches
      label: Démarches en ligne
      type: integer
      min: 0
      max: 500
      prefill: services.demarches_en_ligne
    - id: part_formes
      label: Part des agents formés
      type: percent
      required: false
    - id: conseiller
      label: Conseiller numérique ?
      type: yes_no
    - id: accompagnement
      label: Accompagnement
      type: choice
      choices: [Aucun, Ponctuel]
)";

munidash::report_spec parse(const std::string& text) {
    return munidash::build_report_spec(munidash::read_yaml_text(text, "/specs/r.yaml"), "/specs/r.yaml");
}

std::string with(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("requests: a good section is read into plain structs") {
    const auto spec = parse(spec_text);
    const auto& r = spec.requests;
    CHECK(r.present);
    CHECK(r.version == 2);
    CHECK(r.due == "2027-01-31");
    CHECK(r.output_folder == "/specs");
    REQUIRE(r.questions.size() == 4);
    CHECK(r.questions[0].type == munidash::question_type::integer);
    CHECK(*r.questions[0].min == 0);
    CHECK(*r.questions[0].max == 500);
    CHECK(r.questions[0].prefill_source == "services");
    CHECK(r.questions[0].prefill_column == "demarches_en_ligne");
    CHECK(r.questions[0].required);
    CHECK(*r.questions[1].min == 0);  // a percent is 0..100 unless the spec says otherwise
    CHECK(*r.questions[1].max == 100);
    CHECK_FALSE(r.questions[1].required);
    CHECK(r.questions[3].choices == std::vector<std::string>{"Aucun", "Ponctuel"});
}

TEST_CASE("requests: every mistake at its line and column, with what was found and what to do") {
    struct mistake {
        const char* from;
        const char* to;
        const char* message;
    };
    const auto m = GENERATE(
        mistake{"      type: integer", "      type: interger",
                "r.yaml:23:13: error: unknown type 'interger' for question 'demarches' (did you mean 'integer'?"},
        mistake{"      type: yes_no", "      type: yes_no\n      max: 1",
                "r.yaml:34:12: error: max is given for question 'conseiller' of type 'yes_no', which has no bounds"},
        mistake{"      max: 500", "      max: -5",
                "r.yaml:24:12: error: min (0) is above max (-5) for question 'demarches'"},
        mistake{"      required: false", "      min: 150",
                "r.yaml:30:12: error: min (150) is above max (100, the default) for question 'part_formes'"},
        mistake{"      max: 500", "      max: 2.5",
                "r.yaml:25:12: error: max of question 'demarches' is '2.5', but the answer is a whole number"},
        mistake{"      choices: [Aucun, Ponctuel]\n", "",
                "r.yaml:34:7: error: question 'accompagnement' is of type 'choice' but has no 'choices'"},
        mistake{"      choices: [Aucun, Ponctuel]", "      choices: [Aucun, Aucun]",
                "r.yaml:37:24: error: choice 'Aucun' is listed twice for question 'accompagnement'"},
        mistake{"      choices: [Aucun, Ponctuel]", "      choices: [\"Aucun, vraiment\"]",
                "r.yaml:37:17: error: choice 'Aucun, vraiment' of question 'accompagnement' is empty or holds ','"},
        mistake{"    - id: conseiller", "    - id: demarches",
                "r.yaml:31:11: error: question id 'demarches' is used twice in requests.questions"},
        mistake{"    - id: conseiller", "    - id: Conseiller-1",
                "r.yaml:31:11: error: question id 'Conseiller-1' is not valid"},
        mistake{"  due: 2027-01-31", "  due: 2027-02-29",
                "r.yaml:17:8: error: requests.due must be a date written YYYY-MM-DD, found '2027-02-29'"},
        mistake{"  due: 2027-01-31", "  due: 31/01/2027",
                "r.yaml:17:8: error: requests.due must be a date written YYYY-MM-DD, found '31/01/2027'"},
        mistake{"      prefill: services.demarches_en_ligne", "      prefill: demarches_en_ligne",
                "r.yaml:26:16: error: prefill of question 'demarches' must name a column as source.column"},
        mistake{"  output: \"requests/{town.code}-{town.slug}.xlsx\"", "  output: \"requests/{town.slug}.xlsx\"",
                "r.yaml:19:11: error: requests.output must contain {town.code}"},
        mistake{"  output: \"requests/{town.code}-{town.slug}.xlsx\"", "  output: \"requests/{town.cod}.xlsx\"",
                "r.yaml:19:11: error: unknown placeholder '{town.cod}' in requests.output (did you mean 'town.code'?"},
        mistake{"  version: 2", "  version: 1.5",
                "r.yaml:14:12: error: requests.version must be a whole number, 1 or more"},
        mistake{"  from: Association\n", "", "r.yaml:14:3: error: 'requests' has no 'from'"},
        mistake{"      label: Accompagnement", "      labl: Accompagnement",
                "r.yaml:35:7: error: unknown key 'labl' in a question (did you mean 'label'?"});
    CAPTURE(m.to);
    try {
        parse(with(spec_text, m.from, m.to));
        FAIL("the spec was accepted");
    } catch (const munidash::munidash_error& e) {
        CHECK(e.kind() == munidash::failure_kind::spec);
        CHECK_THAT(e.what(), Contains(m.message));
    }
}
