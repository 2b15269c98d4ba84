// One function per kind of sheet; shared looks and number formats.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "labels.hpp"
#include "report_workbook.hpp"
#include "xlsx_document.hpp"

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
// A number cell for an indicator of `unit`; italic for flagged values.
cell_format value(const std::string& unit, bool flagged = false);
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

// "&L…&C…&R…" page header and footer codes with '&' in user text escaped.
print_setup page_setup(const report_results& results, const workbook_labels& labels,
                       std::int32_t repeat_first_row, std::int32_t repeat_last_row);

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
    std::vector<std::string> towns;  // one per town when the workbook has town pages; empty otherwise
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
