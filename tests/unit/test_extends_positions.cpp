// extends: a mistake the extending spec makes is reported in its own file, at its own line, even
// where its values are merged into the base's mappings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scratch_file.hpp"
#include "spec/spec_reader.hpp"

namespace {

using munidash::diagnostic;

const std::string base_spec =
    "report:\n"                                  // 1
    "  id: demo\n"                               // 2
    "  title: Baromètre\n"                       // 3
    "  period: \"2024\"\n"                       // 4
    "towns:\n"                                   // 5
    "  select:\n"                                // 6
    "    population: {min: 2500, max: 25000}\n"  // 7
    "sources:\n"                                 // 8
    "  arcep:\n"                                 // 9
    "    file: arcep.csv\n"                      // 10
    "    key: code\n"                            // 11
    "    separator: \";\"\n"                     // 12
    "    decimal: \",\"\n"                       // 13
    "  sites:\n"                                 // 14
    "    file: sites.csv\n"                      // 15
    "    key: code\n"                            // 16
    "    rows: many\n"                           // 17
    "    aggregate:\n"                           // 18
    "      count: {function: count}\n"           // 19
    "indicators:\n"                              // 20
    "  - id: ftth\n"                             // 21
    "    plugin: ratio\n"                        // 22
    "output:\n"                                  // 23
    "  workbook: out.xlsx\n";                    // 24

// The problems of the spec `child` (which extends a base), read as the engine reads it, in its order.
std::vector<diagnostic> problems_of_child(const munidash_test::scratch_file& child) {
    auto problems = munidash::read_report_spec_and_problems(child.path()).problems;
    munidash::sort_by_position(problems);
    return problems;
}

std::string placed(const diagnostic& d) {
    return d.where.file.filename().string() + ":" + std::to_string(d.where.line) + ":" +
           std::to_string(d.where.column) + ": " + d.message;
}

}  // namespace

TEST_CASE("extends: a value the child overrides inside a base mapping is reported in the child") {
    const munidash_test::scratch_file base("compose-base.yaml", base_spec);
    const std::string child_text = "extends: " + base.path().string() +
                                   "\n"                   // 1
                                   "towns:\n"             // 2
                                   "  select:\n"          // 3
                                   "    population:\n"    // 4
                                   "      min: 30000\n";  // 5
    const munidash_test::scratch_file child("compose-child.yaml", child_text);
    const auto problems = problems_of_child(child);
    REQUIRE(problems.size() == 1);
    // The merged mapping {min: 30000, max: 25000}: its own place is the child's, which made it wrong.
    CHECK(placed(problems[0]) ==
          child.path().filename().string() + ":5:7: population.min is larger than population.max");
}

TEST_CASE("extends: a separator the child overrides, equal to the base's decimal mark, is reported in the child") {
    const munidash_test::scratch_file base("compose-base.yaml", base_spec);
    const std::string child_text = "extends: " + base.path().string() +
                                   "\n"                       // 1
                                   "sources:\n"               // 2
                                   "  arcep:\n"               // 3
                                   "    separator: \",\"\n";  // 4
    const munidash_test::scratch_file child("compose-child.yaml", child_text);
    const auto problems = problems_of_child(child);
    REQUIRE(problems.size() == 1);
    CHECK(placed(problems[0]) ==
          child.path().filename().string() + ":4:5: the decimal mark and the separator are both ','");
}

TEST_CASE("extends: an aggregate the child redefines is reported at the child's entry") {
    const munidash_test::scratch_file base("compose-base.yaml", base_spec);
    const std::string child_text = "extends: " + base.path().string() +
                                   "\n"                               // 1
                                   "sources:\n"                       // 2
                                   "  sites:\n"                       // 3
                                   "    aggregate:\n"                 // 4
                                   "      count: {function: sum}\n";  // 5
    const munidash_test::scratch_file child("compose-child.yaml", child_text);
    const auto problems = problems_of_child(child);
    REQUIRE(problems.size() == 1);
    CHECK(placed(problems[0]) ==
          child.path().filename().string() + ":5:14: aggregate 'count' needs the 'column' it applies to");
}

TEST_CASE("extends: a period the child overrides with a '/' is reported at the child's value") {
    const munidash_test::scratch_file base("compose-base.yaml", base_spec);
    const std::string child_text = "extends: " + base.path().string() +
                                   "\n"                    // 1
                                   "report:\n"             // 2
                                   "  period: 2024/25\n";  // 3
    const munidash_test::scratch_file child("compose-child.yaml", child_text);
    const auto problems = problems_of_child(child);
    REQUIRE(problems.size() == 1);
    CHECK(placed(problems[0]) ==
          child.path().filename().string() + ":3:11: report id and period may not contain '/', '\\' or '..'");
}

TEST_CASE("extends: the child's own keys keep the child's place, the base's own mistakes stay in the base") {
    auto broken_base = base_spec;
    broken_base.replace(broken_base.find("title"), 5, "titel");
    const munidash_test::scratch_file base("compose-base.yaml", broken_base);
    const std::string child_text = "extends: " + base.path().string() +
                                   "\n"                                          // 1
                                   "sources:\n"                                  // 2
                                   "  sites:\n"                                  // 3
                                   "    aggregate:\n"                            // 4
                                   "      count: {function: count, colum: x}\n"  // 5
                                   "indicators:\n"                               // 6
                                   "  - id: ftth\n"                              // 7
                                   "    plugin: ratio\n"                         // 8
                                   "    unit: percentage\n";                     // 9
    const munidash_test::scratch_file child("compose-child.yaml", child_text);
    std::vector<std::string> found;
    for (const auto& d : problems_of_child(child)) found.push_back(placed(d));
    const auto child_name = child.path().filename().string();
    const auto base_name = base.path().filename().string();
    CHECK(found == std::vector<std::string>{
                       base_name + ":2:3: 'report' has no 'title'",
                       base_name + ":3:3: unknown key 'titel' in 'report'",
                       child_name + ":5:32: unknown key 'colum' in aggregate 'count'",
                       child_name + ":9:11: unknown unit 'percentage'",
                   });
}
