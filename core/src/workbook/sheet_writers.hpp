// One function per kind of sheet; shared looks and number formats.
#pragma once

#include <ctime>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "workbook/labels.hpp"
#include "workbook/report_workbook.hpp"
#include "workbook/xlsx_document.hpp"

namespace munidash {

// The looks every sheet shares.
namespace looks {
cell_format title();
cell_format subtitle();
cell_format notice();
cell_format header();
cell_format group_header();
cell_format failed_header();  // an indicator whose plugin failed: it must stand out
cell_format text();
cell_format wrapped();
// A number cell for an indicator of `unit`; a flagged value's `mark` ("(p)") follows the number in its
// number format, so that the cell stays a number, and the value is in italics as well.
cell_format value(const std::string& unit, const std::string& mark = {});
// The cell of a flagged value that has no number (a statistical secret): its mark alone, as text.
cell_format mark_only();
// A number shown without decimals.
cell_format whole_number();
// The Excel number format of `unit`.
std::string number_format(const std::string& unit);
}  // namespace looks

// The name of town `t`'s peer group, e.g. "5 000 à moins de 10 000 hab.".
std::string peer_group_name(const town_list& towns, std::size_t group, const workbook_labels& labels);

// The height (points) a row needs so that wrapped `texts` show whole in columns of `widths`
// (characters): libxlsxwriter cannot measure text, and LibreOffice does not grow rows on opening.
double wrapped_row_height(std::span<const std::string> texts, std::span<const double> widths);

// "27/11/2026": a document's date, in UTC so that SOURCE_DATE_EPOCH gives the same text anywhere.
std::string date_text(std::time_t when);

// Printing on A4 in readable type. The cells use libxlsxwriter's default font (Calibri 11); printed at
// `scale` percent it measures 11 × scale / 100 points, and 8 points is the least that reads well on paper.
namespace printing {
constexpr double body_font_points = 11;
constexpr double min_font_points = 8;
// The smallest scale that prints 11-point type at 8 points or more is ceil(100 × 8 / 11) = 73 %, but LibreOffice
// then prints the page header and footer at 7.99 points (it rounds the scaled size down): 74 %, 8.14 points.
// Charts' text is 11 points too (xlsx_document.cpp), so that it prints as large as the cells'.
constexpr std::uint16_t min_scale = 74;
static_assert(body_font_points * min_scale / 100 >= min_font_points);
// The width in points of a column `chars` characters wide, as Excel draws it (7 pixels a character plus
// 5, at 96 pixels to the inch).
double column_points(double chars);
// The sum of column_points over `widths`.
double columns_points(std::span<const double> widths);
// The width and height in points that an A4 page prints within its default margins.
double printable_width(bool landscape);
double printable_height(bool landscape);
// The largest scale, from min_scale to 100, that fits `width` points (and `height` points, when not 0) on
// one page; min_scale when they do not fit at that scale: the sheet then prints on several pages.
std::uint16_t readable_scale(double width, double height, bool landscape);
// A group of adjacent columns that a vertical page break must not split: an indicator's value, rank...
struct column_group {
    std::uint16_t first = 0;     // its first column
    std::vector<double> widths;  // each column's width, in characters
};
// Where new pages start across (column numbers), so that each page holds the `repeated` columns' width
// (points, printed again on every page) and as many whole groups as fit at `scale`.
std::vector<std::uint16_t> group_breaks(std::span<const column_group> groups, double repeated, std::uint16_t scale,
                                        bool landscape);
}  // namespace printing

// "&L…&C…&R…" page header and footer codes with '&' in user text escaped, and the scale that fits
// columns of `widths` (characters) on one page width, or prints them at 8 points over several pages.
print_setup page_setup(const report_results& results, const workbook_labels& labels, std::int32_t repeat_first_row,
                       std::int32_t repeat_last_row, std::span<const double> widths, double height = 0);

// The sheets.
void write_summary_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name);
void write_peer_groups_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name);
void write_methodology_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name);
void write_comparisons_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name);
void write_composite_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                           const std::string& sheet_name);

// The names of the workbook's sheets, decided before any is written (the cover links to them).
struct sheet_plan {
    std::string cover, summary, composite, peers, comparisons, quality, methodology;
    std::vector<std::string> towns;          // one per town when the workbook has town pages; empty otherwise
    std::optional<std::size_t> single_town;  // a town's own workbook: which town
};

// The cover: title, period, who made it, how to read it, contents with links.
void write_cover_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                       const sheet_plan& plan);
// One town's page: its values beside its peers', a chart of its position and a radar of its profile.
void write_town_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                      std::size_t town, const std::string& sheet_name);
// Missing and flagged values per indicator, rows read and set aside per source.
void write_quality_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name);

// Where an indicator's data come from and when: "ARCEP, 30/09/2019", with how old it is when
// it is older than the period by more than report.max_data_age; "" when its sources say nothing.
std::string indicator_vintage(const report_results& results, const planned_indicator& indicator,
                              const workbook_labels& labels);
// One sentence per source older than the period by more than report.max_data_age.
std::vector<std::string> stale_source_warnings(const report_results& results, const workbook_labels& labels);

// "rang 12 à 19 sur 140": a town's Monte Carlo rank interval in words ("" without the analysis).
std::string rank_range_text(const composite_result& composite, std::size_t town, const workbook_labels& labels);

}  // namespace munidash
