#include <algorithm>
#include <cmath>

#include "base/placeholders.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

void write_peer_groups_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name) {
    const auto& spec = results.spec;
    const auto& groups = results.towns.groups;
    const auto& indicators = results.plan.indicators;
    auto sheet = doc.add_sheet(sheet_name);

    sheet.text(0, 0, labels.medians_title, looks::title());
    sheet.text(1, 0, spec.report.title + " — " + spec.report.period, looks::subtitle());
    if (!spec.report.notice.empty()) sheet.text(2, 0, spec.report.notice, looks::notice());

    // Rows top to bottom (the document streams them): the header, one row per group, the selection.
    const std::uint32_t header_row = 4, first_row = 5;
    const auto selection_row = static_cast<std::uint32_t>(first_row + groups.size());
    // The columns' widths, declared once: the group's name, its number of towns, one median per indicator.
    std::vector<double> widths{34, 11};
    widths.resize(2 + indicators.size(), 18);
    for (std::uint16_t c = 0; c < widths.size(); ++c) sheet.column_width(c, c, widths[c]);
    sheet.row_height(header_row, 62);
    sheet.text(header_row, 0, labels.peer_group, looks::header());
    sheet.text(header_row, 1, labels.towns_count, looks::header());
    std::vector<cell_format> value_looks, total_looks;
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const bool failed = !results.values[k].failure.empty();
        sheet.text(header_row, static_cast<std::uint16_t>(2 + k),
                   ind.label + " (" + labels.unit_name(ind.unit) + ")" + (failed ? labels.failed_indicator : ""),
                   failed ? looks::failed_header() : looks::header());
        value_looks.push_back(looks::value(ind.unit));
        total_looks.push_back(looks::value(ind.unit));
        total_looks.back().bold = true;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto row = static_cast<std::uint32_t>(first_row + g);
        sheet.text(row, 0, peer_group_name(results.towns, g, labels), looks::text());
        sheet.number(row, 1, static_cast<double>(groups[g].town_count), looks::value("count"));
        for (std::size_t k = 0; k < indicators.size(); ++k)
            sheet.number(row, static_cast<std::uint16_t>(2 + k), results.comparisons[k].groups[g].median, value_looks[k]);
    }
    auto bold = looks::text();
    bold.bold = true;
    sheet.text(selection_row, 0, labels.whole_selection, bold);
    sheet.number(selection_row, 1, static_cast<double>(results.towns.towns.size()), looks::value("count"));
    for (std::size_t k = 0; k < indicators.size(); ++k)
        sheet.number(selection_row, static_cast<std::uint16_t>(2 + k), results.comparisons[k].selection.median,
                     total_looks[k]);

    // One chart per indicator, two side by side, below the table.
    const auto last_group_row = static_cast<std::uint32_t>(first_row + groups.size() - 1);
    const std::uint32_t charts_row = selection_row + 3;
    constexpr std::uint32_t chart_rows = 16;
    constexpr std::uint16_t chart_cols = 3;  // the first three columns are about one chart wide
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const auto col = static_cast<std::uint16_t>(2 + k);
        chart_spec chart;
        chart.title = ind.label;
        chart.categories = {sheet_name, first_row, 0, last_group_row, 0};
        chart.series.push_back({labels.chart_axis, {sheet_name, first_row, col, last_group_row, col}});
        chart.value_axis_title = labels.chart_axis + " (" + labels.unit_name(ind.unit) + ")";
        chart.number_format = looks::number_format(ind.unit);
        const auto row = static_cast<std::uint32_t>(charts_row + (k / 2) * chart_rows);
        const auto at_col = static_cast<std::uint16_t>((k % 2) * chart_cols);
        const auto unit = labels.unit_name(ind.unit);
        const auto count = std::to_string(results.towns.towns.size());
        chart.description =
            fill_placeholders(labels.peer_chart_alt, {{"indicator", ind.label}, {"unit", unit}, {"count", count}});
        sheet.insert_chart(row, at_col, chart, 1.0, 1.0);
    }
    // Readable type, and pages that break between rows of charts: a chart cut by a page break reads as two.
    // (Fitting the table and every chart on one page printed them at 6 points.)
    auto print = page_setup(results, labels, -1, -1, widths);
    constexpr double band = chart_rows * 15.0, chart_height = 288 * 0.75;  // points
    const auto chart_bands = static_cast<std::uint32_t>((indicators.size() + 1) / 2);
    const double table = 21 + 3 * 15 + 62 + 15.0 * static_cast<double>(groups.size() + 1) + 2 * 15;
    const double page = printing::printable_height(print.landscape) * 100 / print.scale;
    if (chart_bands > 0 && table + (chart_bands - 1) * band + chart_height > page) {
        const auto per_page = static_cast<std::uint32_t>(std::max(1.0, std::floor((page - chart_height) / band) + 1));
        for (std::uint32_t b = 0; b < chart_bands; b += per_page) print.row_breaks.push_back(charts_row + b * chart_rows);
    }
    if (printing::columns_points(widths) * print.scale / 100 > printing::printable_width(print.landscape)) {
        print.repeat_first_col = 0;  // several pages across: each names the groups
        print.repeat_last_col = 0;
    }
    sheet.set_print(print);
}

}  // namespace munidash
