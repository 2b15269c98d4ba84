#include <algorithm>
#include <cmath>

#include "base/placeholders.hpp"
#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

// Rows top to bottom (the document streams them): the header, one row per group, the selection.
constexpr std::uint32_t header_row = 4, first_row = 5;
constexpr double header_points = 62;
// One chart per indicator, two side by side, below the table.
constexpr std::uint32_t chart_rows = 16;
constexpr std::uint16_t chart_cols = 3;  // the first three columns are about one chart wide
constexpr double chart_points = 288 * 0.75;

// The table's columns, declared once: the group's name, its number of towns, one median per indicator.
struct median_columns {
    column_table table;
    std::uint16_t group, towns, first_indicator;
    std::uint16_t indicator(std::size_t k) const { return static_cast<std::uint16_t>(first_indicator + k); }
};

median_columns declare_columns(const report_results& results, const workbook_labels& labels) {
    median_columns c;
    c.group = c.table.add(labels.peer_group, 34);
    c.towns = c.table.add(labels.towns_count, 11);
    c.first_indicator = c.table.count();
    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const auto& ind = results.plan.indicators[k];
        const bool failed = !results.values[k].failure.empty();
        c.table.add(ind.label + " (" + labels.unit_name(ind.unit) + ")" + (failed ? labels.failed_indicator : ""), 18);
    }
    return c;
}

// The header, each group's median of each indicator, then the whole selection's in bold.
void write_medians(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                   const median_columns& columns) {
    const auto& groups = results.towns.groups;
    const auto& indicators = results.plan.indicators;
    const auto selection_row = static_cast<std::uint32_t>(first_row + groups.size());
    columns.table.set_widths(sheet);
    sheet.row_height(header_row, header_points);
    sheet.text(header_row, columns.group, columns.table[columns.group].header, looks::header());
    sheet.text(header_row, columns.towns, columns.table[columns.towns].header, looks::header());
    std::vector<cell_format> value_looks, total_looks;
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const bool failed = !results.values[k].failure.empty();
        sheet.text(header_row, columns.indicator(k), columns.table[columns.indicator(k)].header,
                   failed ? looks::failed_header() : looks::header());
        value_looks.push_back(looks::value(indicators[k].unit));
        total_looks.push_back(looks::value(indicators[k].unit));
        total_looks.back().bold = true;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto row = static_cast<std::uint32_t>(first_row + g);
        sheet.text(row, columns.group, peer_group_name(results.towns, g, labels), looks::text());
        sheet.number(row, columns.towns, static_cast<double>(groups[g].town_count), looks::value("count"));
        for (std::size_t k = 0; k < indicators.size(); ++k)
            sheet.number(row, columns.indicator(k), results.comparisons[k].groups[g].median, value_looks[k]);
    }
    auto bold = looks::text();
    bold.bold = true;
    sheet.text(selection_row, columns.group, labels.whole_selection, bold);
    sheet.number(selection_row, columns.towns, static_cast<double>(results.towns.towns.size()), looks::value("count"));
    for (std::size_t k = 0; k < indicators.size(); ++k)
        sheet.number(selection_row, columns.indicator(k), results.comparisons[k].selection.median, total_looks[k]);
}

// Each indicator's median per group as a column chart, two side by side from `charts_row`.
void insert_charts(xlsx_sheet& sheet, const std::string& sheet_name, const report_results& results,
                   const workbook_labels& labels, const median_columns& columns, std::uint32_t charts_row) {
    const auto& indicators = results.plan.indicators;
    const auto last_group_row = static_cast<std::uint32_t>(first_row + results.towns.groups.size() - 1);
    const auto count = std::to_string(results.towns.towns.size());
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const auto col = columns.indicator(k);
        const auto unit = labels.unit_name(ind.unit);
        chart_spec chart;
        chart.title = ind.label;
        chart.categories = {sheet_name, first_row, columns.group, last_group_row, columns.group};
        chart.series.push_back({labels.chart_axis, {sheet_name, first_row, col, last_group_row, col}});
        chart.value_axis_title = labels.chart_axis + " (" + unit + ")";
        chart.number_format = looks::number_format(ind.unit);
        chart.description =
            fill_placeholders(labels.peer_chart_alt, {{"indicator", ind.label}, {"unit", unit}, {"count", count}});
        const auto row = static_cast<std::uint32_t>(charts_row + (k / 2) * chart_rows);
        const auto at_col = static_cast<std::uint16_t>((k % 2) * chart_cols);
        sheet.insert_chart(row, at_col, chart, 1.0, 1.0);
    }
}

// Readable type, and pages that break between rows of charts: a chart cut by a page break reads as two.
// (Fitting the table and every chart on one page printed them at 6 points.)
print_setup medians_print(const report_results& results, const workbook_labels& labels, std::span<const double> widths,
                          std::uint32_t charts_row) {
    auto print = page_setup(results, labels, -1, -1, widths);
    constexpr double band = chart_rows * 15.0;  // points
    const auto chart_bands = static_cast<std::uint32_t>((results.plan.indicators.size() + 1) / 2);
    const double table =
        21 + 3 * 15 + header_points + 15.0 * static_cast<double>(results.towns.groups.size() + 1) + 2 * 15;
    const double page = printing::printable_height(print.landscape) * 100 / print.scale;
    if (chart_bands > 0 && table + (chart_bands - 1) * band + chart_points > page) {
        const auto per_page = static_cast<std::uint32_t>(std::max(1.0, std::floor((page - chart_points) / band) + 1));
        for (std::uint32_t b = 0; b < chart_bands; b += per_page)
            print.row_breaks.push_back(charts_row + b * chart_rows);
    }
    if (printing::columns_points(widths) * print.scale / 100 > printing::printable_width(print.landscape)) {
        print.repeat_first_col = 0;  // several pages across: each names the groups
        print.repeat_last_col = 0;
    }
    return print;
}

}  // namespace

void write_peer_groups_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name) {
    const auto& spec = results.spec;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.medians_title, looks::title());
    sheet.text(1, 0, spec.report.title + " — " + spec.report.period, looks::subtitle());
    if (!spec.report.notice.empty()) sheet.text(2, 0, spec.report.notice, looks::notice());

    const auto columns = declare_columns(results, labels);
    write_medians(sheet, results, labels, columns);
    const auto selection_row = static_cast<std::uint32_t>(first_row + results.towns.groups.size());
    const std::uint32_t charts_row = selection_row + 3;
    insert_charts(sheet, sheet_name, results, labels, columns, charts_row);
    sheet.set_print(medians_print(results, labels, columns.table.widths(), charts_row));
}

}  // namespace munidash
