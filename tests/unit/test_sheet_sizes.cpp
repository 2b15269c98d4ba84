#include <catch2/catch.hpp>

#include "compute/report_plan.hpp"

namespace {
munidash::report_spec spec_with(std::size_t indicators) {
    munidash::report_spec spec;
    spec.file = "report.yaml";
    spec.output.comparisons_where = {"report.yaml", 40, 3};
    for (std::size_t k = 0; k < indicators; ++k) {
        munidash::indicator_spec ind;
        ind.id = "i" + std::to_string(k);
        ind.where = {"report.yaml", static_cast<int>(50 + k), 5};
        spec.indicators.push_back(ind);
    }
    return spec;
}
}  // namespace

TEST_CASE("sheet sizes: France's communes with 31 indicators do not fit the comparisons sheet") {
    const auto spec = spec_with(31);
    munidash::diagnostic_list problems;
    munidash::check_sheet_sizes(spec, 31, 35'000, problems);
    REQUIRE(problems.items().size() == 1);
    const auto& d = problems.items().front();
    CHECK(munidash::to_string(d.where) == "report.yaml:40:3");
    CHECK(d.message.find("1085005 rows (35000 towns × 31 indicators), over Excel's limit of 1048576") !=
          std::string::npos);
    CHECK(d.hint.find("comparisons: false") != std::string::npos);
}

TEST_CASE("sheet sizes: the last row that fits is accepted, one more is not") {
    const auto spec = spec_with(1);
    munidash::diagnostic_list fits, over;
    munidash::check_sheet_sizes(spec, 1, munidash::excel_max_rows - 6, fits);  // the summary's 6 heading rows too
    CHECK(fits.empty());
    munidash::check_sheet_sizes(spec, 2, (munidash::excel_max_rows - 5) / 2 + 1, over);
    CHECK(over.items().size() == 1);
}

TEST_CASE("sheet sizes: without the comparisons sheet, only the summary's columns count") {
    auto spec = spec_with(31);
    spec.output.comparisons = false;
    munidash::diagnostic_list problems;
    munidash::check_sheet_sizes(spec, 31, 35'000, problems);
    CHECK(problems.empty());

    auto wide = spec_with(5460);  // 5 + 3 × 5460 = 16,385 columns
    wide.output.comparisons = false;
    munidash::check_sheet_sizes(wide, 5460, 10, problems);
    REQUIRE(problems.items().size() == 1);
    CHECK(problems.items().front().where.line == 50 + 5459);  // the first indicator that does not fit
    CHECK(problems.items().front().message.find("16385 columns") != std::string::npos);
    munidash::diagnostic_list narrow;
    munidash::check_sheet_sizes(wide, 5459, 10, narrow);
    CHECK(narrow.empty());
}
