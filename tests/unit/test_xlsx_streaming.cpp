// Sheets are streamed row by row (libxlsxwriter's constant-memory mode): a write above the current
// row is refused, and the re-reading of a written workbook finds every row and cell again.
#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <string>

#include "error_of.hpp"
#include "scratch_file.hpp"
#include "workbook/xlsx_document.hpp"
#include "workbook/xml_check.hpp"
#include "workbook/zip_check.hpp"

using munidash::failure_kind;
using munidash_test::error_of;
using munidash_test::scratch_file;

namespace {

std::string check_xml(const std::string& xml, bool worksheet, std::uint64_t* rows = nullptr,
                      std::uint64_t* cells = nullptr) {
    munidash::xml_stream_check check(worksheet);
    check.feed(xml.data(), xml.size());
    auto error = check.finish();
    if (rows) *rows = check.rows();
    if (cells) *cells = check.cells();
    return error;
}

}  // namespace

TEST_CASE("a cell above the row being written is refused, never dropped", "[xlsx]") {
    scratch_file file("order.xlsx");
    munidash::xlsx_document doc(file.path(), {});
    auto sheet = doc.add_sheet("Feuille");
    sheet.text(4, 0, "cinq");
    const auto message = error_of(failure_kind::output, [&] { sheet.number(2, 1, 3.0); });
    CHECK_THAT(message, Catch::Contains("internal error: writing a number at sheet 'Feuille' cell B3 after row 5"));
    CHECK_THAT(message, Catch::Contains("defect of munidash"));
    // The same row, and another sheet, stay open.
    sheet.number(4, 3, 1.0);
    auto other = doc.add_sheet("Autre");
    other.text(0, 0, "un");
}

TEST_CASE("a merge over several rows moves the current row to its last row", "[xlsx]") {
    scratch_file file("merge.xlsx");
    munidash::xlsx_document doc(file.path(), {});
    auto sheet = doc.add_sheet("Feuille");
    sheet.merge(1, 0, 3, 2, "fusion", {});
    sheet.text(3, 4, "same last row");
    const auto message = error_of(failure_kind::output, [&] { sheet.text(2, 5, "inside the merge's rows"); });
    CHECK_THAT(message, Catch::Contains("cell F3 after row 4"));
}

TEST_CASE("a written workbook holds every row and cell its writer counted", "[xlsx]") {
    scratch_file file("census.xlsx");
    std::vector<munidash::sheet_census> census;
    {
        munidash::xlsx_document doc(file.path(), {});
        auto sheet = doc.add_sheet("Feuille");
        sheet.row_height(0, 30);  // a row with no cell is still a row
        sheet.text(1, 0, "a");
        sheet.number(1, 2, 1.5);
        sheet.number(1, 1, 2.5);  // left of the last cell: still one cell each
        sheet.number(1, 2, 3.5);  // written twice: one cell
        sheet.merge(3, 0, 4, 1, "fusion", {});
        sheet.number(5, 0, std::numeric_limits<double>::quiet_NaN());  // a formatted blank
        doc.close();
        census = doc.census();
    }
    REQUIRE(census.size() == 1);
    CHECK(census[0].part == "xl/worksheets/sheet1.xml");
    CHECK(census[0].rows == 5);   // rows 1, 2, 4, 5, 6
    CHECK(census[0].cells == 8);  // 3 in row 2, 2 + 2 in the merge, 1 blank
    CHECK(munidash::check_xlsx_archive(file.path(), {}, census).complete());

    auto wrong = census;
    wrong[0].rows += 1;
    const auto damaged = munidash::check_xlsx_archive(file.path(), {}, wrong);
    CHECK_FALSE(damaged.complete());
    CHECK_THAT(damaged.damage, Catch::Contains("holds 5 rows and 8 cells where 6 and 8 were written"));
    wrong = census;
    wrong[0].part = "xl/worksheets/sheet2.xml";
    CHECK_THAT(munidash::check_xlsx_archive(file.path(), {}, wrong).damage, Catch::Contains("is missing"));
}

TEST_CASE("a worksheet that lost a piece in its middle is found, even when the XML stays well-formed", "[xlsx]") {
    const std::string whole = R"(<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"/></row>)"
                              R"(<row r="3"><c r="C3"><v>2</v></c></row></sheetData></worksheet>)";
    std::uint64_t rows = 0, cells = 0;
    CHECK(check_xml(whole, true, &rows, &cells).empty());
    CHECK(rows == 2);
    CHECK(cells == 3);
    // Bytes lost between "B" of B1 and "3" of C3: well-formed, but a cell of row 3 sits in row 1.
    const std::string spliced = R"(<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C3"><v>2</v></c>)"
                                R"(</row></sheetData></worksheet>)";
    CHECK(check_xml(spliced, false).empty());
    CHECK_THAT(check_xml(spliced, true), Catch::Contains("cell 'C3' out of place in row 1"));
    const std::string rows_back = R"(<worksheet><sheetData><row r="2"/><row r="2"/></sheetData></worksheet>)";
    CHECK_THAT(check_xml(rows_back, true), Catch::Contains("row '2' out of order"));
    const std::string columns_back =
        R"(<worksheet><sheetData><row r="2"><c r="B2"/><c r="A2"/></row></sheetData></worksheet>)";
    CHECK_THAT(check_xml(columns_back, true), Catch::Contains("cell 'A2' out of place in row 2"));
}

TEST_CASE("a list that says how many items it holds must hold that many", "[xlsx]") {
    CHECK(check_xml(R"(<styleSheet><fonts count="2"><font><b/></font><font/></fonts><dxfs count="0"/></styleSheet>)",
                    false)
              .empty());
    CHECK_THAT(check_xml(R"(<styleSheet><fonts count="3"><font><b/></font><font/></fonts></styleSheet>)", false),
               Catch::Contains("<fonts> says it holds 3 items but holds 2"));
    // The shared strings count uses in "count", items in "uniqueCount".
    CHECK(check_xml(R"(<sst count="5" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>)", false).empty());
    CHECK_THAT(check_xml(R"(<sst count="5" uniqueCount="3"><si><t>a</t></si></sst>)", false),
               Catch::Contains("<sst> says it holds 3 items but holds 1"));
    CHECK_THAT(check_xml(R"(<Properties><vt:vector size="2"><vt:lpstr>a</vt:lpstr></vt:vector></Properties>)", false),
               Catch::Contains("<vt:vector> says it holds 2 items"));
}

TEST_CASE("the quick scan counts rows and cells as expat does, and doubts what expat would refuse", "[xlsx]") {
    const auto quick = [](const std::string& xml, bool worksheet, std::uint64_t* rows = nullptr,
                          std::uint64_t* cells = nullptr) {
        munidash::xml_quick_check check(worksheet);
        // Fed in pieces of 7 bytes: references and counts cut between two pieces are kept whole.
        for (std::size_t at = 0; at < xml.size(); at += 7)
            check.feed(xml.data() + at, std::min<std::size_t>(7, xml.size() - at));
        const bool sure = check.finish();
        if (rows) *rows = check.rows();
        if (cells) *cells = check.cells();
        return sure;
    };
    const std::string declaration = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
    const std::string whole = declaration +
                              R"(<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" s="2"/></row>)"
                              R"(<row r="30"><c r="AB30" t="inlineStr"><is><t>x</t></is></c></row></sheetData>)"
                              R"(<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>)";
    std::uint64_t rows = 0, cells = 0;
    CHECK(quick(whole, true, &rows, &cells));
    CHECK(rows == 2);
    CHECK(cells == 3);
    const std::string spliced = declaration +
                                R"(<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C3"><v>2</v></c>)"
                                R"(</row></sheetData></worksheet>)";
    CHECK_FALSE(quick(spliced, true));
    CHECK(quick(spliced, false));  // well-formed: only a worksheet's references say something was lost
    CHECK_FALSE(quick(declaration + R"(<styleSheet><fonts count="3"><font/><font/></fonts></styleSheet>)", false));
    CHECK(quick(declaration + R"(<styleSheet><fonts count="2"><font/><font><b/></font></fonts></styleSheet>)", false));
    CHECK_FALSE(quick(
        declaration + R"(<worksheet><mergeCells count="2"><mergeCell ref="A1:B1"/></mergeCells></worksheet>)", true));
}

TEST_CASE("expat settles the quick scan's doubts with the same checks: a worksheet's lists are counted too", "[xlsx]") {
    const std::string merges =
        R"(<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A1:B1"/></mergeCells></worksheet>)";
    CHECK_THAT(check_xml(merges, true), Catch::Contains("<mergeCells> says it holds 2 items but holds 1"));
}
