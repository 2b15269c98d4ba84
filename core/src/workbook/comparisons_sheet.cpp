#include <cmath>
#include <map>
#include <optional>

#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

constexpr std::uint32_t header_row = 4;

// The sheet's columns, declared once with their widths (characters): who and what, then the numbers.
struct comparison_columns {
    column_table table;
    std::uint16_t code, town, indicator, value, flag, rank, percentile, peer_group, peer_median, peer_q1, peer_q3,
        gap_to_median, department, whole_department, selection, target, to_target;
    std::optional<std::uint16_t> previous_value, change;  // with a previous period only
};

comparison_columns declare_columns(const report_results& results, const workbook_labels& labels) {
    constexpr double number_width = 12;
    comparison_columns c;
    auto& t = c.table;
    c.code = t.add(labels.code, 10);
    c.town = t.add(labels.town, 24);
    c.indicator = t.add(labels.indicator, 34);
    c.value = t.add(labels.value, 12);
    c.flag = t.add(labels.flag, 10);
    c.rank = t.add(labels.rank, 10);
    c.percentile = t.add(labels.percentile, 10);
    c.peer_group = t.add(labels.peer_group, 22);
    c.peer_median = t.add(labels.peer_median, number_width);
    c.peer_q1 = t.add(labels.peer_q1, number_width);
    c.peer_q3 = t.add(labels.peer_q3, number_width);
    c.gap_to_median = t.add(labels.gap_to_median, number_width);
    c.department = t.add(labels.department_value, number_width);
    c.whole_department = t.add(labels.whole_department_value, number_width);
    c.selection = t.add(labels.selection_value, number_width);
    c.target = t.add(labels.target, number_width);
    c.to_target = t.add(labels.to_target, number_width);
    if (results.previous) {
        const auto& previous_period = results.spec.report.previous_period;
        c.previous_value = t.add(labels.value + " " + previous_period, number_width);
        c.change = t.add(labels.change_since + previous_period, number_width);
    }
    return c;
}

// A department's aggregate of an indicator, NaN (an empty cell) when it has none.
double aggregate_of(const std::map<std::string, group_statistics>& by_department, const std::string& department) {
    const auto at = by_department.find(department);
    return at == by_department.end() ? std::nan("") : at->second.aggregate;
}

// One row per town and indicator from `row`; returns the row after the last.
std::uint32_t write_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                         const comparison_columns& columns, std::uint32_t row) {
    const auto& towns = results.towns.towns;
    const auto percentile_look = looks::whole_number();
    auto rank_look = looks::value("count");
    for (std::size_t t = 0; t < towns.size(); ++t) {
        for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
            const auto& ind = results.plan.indicators[k];
            const auto& v = results.values[k];
            const auto& c = results.comparisons[k];
            const auto& group = c.groups.at(towns[t].peer_group);
            const auto look = looks::value(ind.unit);
            sheet.text(row, columns.code, towns[t].code, looks::text());
            sheet.text(row, columns.town, towns[t].name, looks::text());
            sheet.text(row, columns.indicator, ind.label, looks::text());
            const auto mark = labels.flag_mark(v.flags[t]);
            if (std::isnan(v.values[t]) && !mark.empty())
                sheet.text(row, columns.value, mark, looks::mark_only());
            else
                sheet.number(row, columns.value, v.values[t], looks::value(ind.unit, mark));
            sheet.text(row, columns.flag, labels.flag_name(v.flags[t]), looks::text());
            if (c.rank[t] > 0)
                sheet.number(row, columns.rank, c.rank[t], rank_look);
            else
                sheet.blank(row, columns.rank, rank_look);
            sheet.number(row, columns.percentile, c.percentile[t], percentile_look);
            sheet.text(row, columns.peer_group, peer_group_name(results.towns, towns[t].peer_group, labels),
                       looks::text());
            sheet.number(row, columns.peer_median, group.median, look);
            sheet.number(row, columns.peer_q1, group.q1, look);
            sheet.number(row, columns.peer_q3, group.q3, look);
            sheet.number(row, columns.gap_to_median, c.gap_to_peer_median[t], look);
            sheet.number(row, columns.department, aggregate_of(c.departments, towns[t].department), look);
            sheet.number(row, columns.whole_department, aggregate_of(c.whole_departments, towns[t].department), look);
            sheet.number(row, columns.selection, c.selection.aggregate, look);
            sheet.number(row, columns.target, ind.spec->target.value_or(std::nan("")), look);
            sheet.number(row, columns.to_target, c.distance_to_target[t], look);
            if (results.previous) {
                const double before = (*results.previous)[k].values[t];
                sheet.number(row, *columns.previous_value, before, look);
                sheet.number(row, *columns.change, v.values[t] - before,
                             look);  // NaN, so empty, when either is missing
            }
            ++row;
        }
    }
    return row;
}

}  // namespace

void write_comparisons_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.comparisons_title, looks::title());
    sheet.text(1, 0, labels.comparisons_intro, looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(2, 0, results.spec.report.notice, looks::notice());

    const auto columns = declare_columns(results, labels);
    columns.table.write_headers(sheet, header_row, looks::header());
    sheet.row_height(header_row, 45);
    const auto end_row = write_rows(sheet, results, labels, columns, header_row + 1);

    columns.table.set_widths(sheet);
    sheet.freeze(header_row + 1, columns.indicator + 1);
    if (end_row > header_row + 1) sheet.autofilter(header_row, 0, end_row - 1, columns.table.last());
    // Too wide for one page in readable type: pages across repeat the code, town and indicator.
    auto print = page_setup(results, labels, static_cast<std::int32_t>(header_row),
                            static_cast<std::int32_t>(header_row), columns.table.widths());
    print.repeat_first_col = columns.code;
    print.repeat_last_col = columns.indicator;
    sheet.set_print(print);
}

}  // namespace munidash
