#include <catch2/catch.hpp>

#include <munidash/opening_hours.hpp>
#include "sources/request_answers.hpp"
#include "sources/xlsx_reader.hpp"

using namespace munidash;

namespace {
xlsx_cell text_cell(std::string text) { return {5, 5, xlsx_cell_kind::text, std::move(text), 0}; }
xlsx_cell number_cell(double x) { return {5, 5, xlsx_cell_kind::number, std::to_string(x), x}; }
question_spec question(question_type type, std::optional<double> min = {}, std::optional<double> max = {}) {
    question_spec q;
    q.id = "q";
    q.label = "Q";
    q.type = type;
    q.min = min;
    q.max = max;
    return q;
}
}  // namespace

TEST_CASE("time ranges: the opening_hours plugin's syntax") {
    CHECK(hours_in_day("09:00 - 12:00 / 13:30 - 17:00") == Approx(6.5));
    CHECK(hours_in_day("9h - 12h") == Approx(3));
    CHECK(hours_in_day("09:00-12:00/13:30-17:00") == Approx(6.5));
    CHECK(hours_in_day("-") == Approx(0));
    CHECK(hours_in_day("fermé") == Approx(0));
    CHECK_FALSE(hours_in_day(""));
    CHECK_FALSE(hours_in_day("9h - midi"));
    CHECK_FALSE(hours_in_day("12:00 - 09:00"));
    CHECK_FALSE(hours_in_day("25:00 - 26:00"));
}

TEST_CASE("answers: numbers, percents, yes/no, choices") {
    const auto integer = question(question_type::integer, 0.0, 500.0);
    auto cell = number_cell(12);
    CHECK(check_answer(integer, &cell).value == "12");
    cell = text_cell("1 234");
    CHECK(check_answer(question(question_type::number), &cell).value == "1234");
    cell = text_cell("12,5");
    CHECK(check_answer(question(question_type::number), &cell).value == "12.5");
    cell = number_cell(12.5);
    CHECK(check_answer(integer, &cell).problem == "found '12.5', expected a whole number from 0 to 500");
    cell = text_cell("douze");
    CHECK_FALSE(check_answer(integer, &cell).problem.empty());

    const auto percent = question(question_type::percent, 0.0, 100.0);
    cell = text_cell("45 %");
    CHECK(check_answer(percent, &cell).value == "45");
    cell = number_cell(0.45);
    const auto fraction = check_answer(percent, &cell);
    CHECK(fraction.problem == "found '0.45', expected a percentage from 0 to 100, e.g. 45 or 45 %");
    CHECK(fraction.hint.find("fraction") != std::string::npos);
    cell = number_cell(0);
    CHECK(check_answer(percent, &cell).value == "0");

    const auto yes_no = question(question_type::yes_no);
    for (const auto* yes : {"Oui", "oui", "YES", "true"}) {
        cell = text_cell(yes);
        CHECK(check_answer(yes_no, &cell).value == "1");
    }
    cell = xlsx_cell{1, 1, xlsx_cell_kind::boolean, "0", 0};
    CHECK(check_answer(yes_no, &cell).value == "0");
    cell = text_cell("Peut-être");
    CHECK_FALSE(check_answer(yes_no, &cell).problem.empty());

    auto choice = question(question_type::choice);
    choice.choices = {"Aucun", "Régulier"};
    cell = text_cell(" aucun ");
    CHECK(check_answer(choice, &cell).value == "Aucun");
    cell = text_cell("Souvent");
    CHECK(check_answer(choice, &cell).problem == "found 'Souvent', expected one of: Aucun, Régulier");

    cell = text_cell("   ");
    CHECK(check_answer(integer, &cell).empty);
    CHECK(check_answer(integer, nullptr).empty);
}

TEST_CASE("xlsx reader: what is not a workbook is refused with a reason") {
    CHECK_THROWS_WITH(read_xlsx_bytes("not a zip", "f.xlsx"), Catch::Contains("not a zip archive"));
    CHECK_THROWS_WITH(read_xlsx_bytes("", "f.xlsx"), Catch::Contains("not an .xlsx workbook"));
    CHECK(cell_reference(7, 2) == "B7");
    CHECK(cell_reference(1, 27) == "AA1");
    CHECK(cell_reference(1, 16384) == "XFD1");
}
