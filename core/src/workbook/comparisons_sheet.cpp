#include <cmath>

#include "workbook/sheet_writers.hpp"

namespace munidash {

void write_comparisons_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name) {
    const auto& towns = results.towns.towns;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.comparisons_title, looks::title());
    sheet.text(1, 0, labels.comparisons_intro, looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(2, 0, results.spec.report.notice, looks::notice());

    const std::uint32_t header_row = 4;
    const std::vector<std::string> headers{
        labels.code, labels.town, labels.indicator, labels.value, labels.flag, labels.rank,
        labels.percentile, labels.peer_group, labels.peer_median, labels.peer_q1, labels.peer_q3, labels.gap_to_median,
        labels.department_value, labels.whole_department_value, labels.selection_value, labels.target, labels.to_target};
    auto all_headers = headers;
    const auto& previous_period = results.spec.report.previous_period;
    if (results.previous) {
        all_headers.push_back(labels.value + " " + previous_period);
        all_headers.push_back(labels.change_since + previous_period);
    }
    for (std::uint16_t c = 0; c < all_headers.size(); ++c) sheet.text(header_row, c, all_headers[c], looks::header());
    sheet.row_height(header_row, 45);

    std::uint32_t row = header_row + 1;
    const auto percentile_look = looks::whole_number();
    auto rank_look = looks::value("count");
    for (std::size_t t = 0; t < towns.size(); ++t) {
        for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
            const auto& ind = results.plan.indicators[k];
            const auto& v = results.values[k];
            const auto& c = results.comparisons[k];
            const auto& group = c.groups.at(towns[t].peer_group);
            const auto look = looks::value(ind.unit);
            sheet.text(row, 0, towns[t].code, looks::text());
            sheet.text(row, 1, towns[t].name, looks::text());
            sheet.text(row, 2, ind.label, looks::text());
            const auto mark = labels.flag_mark(v.flags[t]);
            if (std::isnan(v.values[t]) && !mark.empty()) sheet.text(row, 3, mark, looks::mark_only());
            else sheet.number(row, 3, v.values[t], looks::value(ind.unit, mark));
            sheet.text(row, 4, labels.flag_name(v.flags[t]), looks::text());
            if (c.rank[t] > 0) sheet.number(row, 5, c.rank[t], rank_look);
            else sheet.blank(row, 5, rank_look);
            sheet.number(row, 6, c.percentile[t], percentile_look);
            sheet.text(row, 7, peer_group_name(results.towns, towns[t].peer_group, labels), looks::text());
            sheet.number(row, 8, group.median, look);
            sheet.number(row, 9, group.q1, look);
            sheet.number(row, 10, group.q3, look);
            sheet.number(row, 11, c.gap_to_peer_median[t], look);
            const auto department = c.departments.find(towns[t].department);
            sheet.number(row, 12, department == c.departments.end() ? std::nan("") : department->second.aggregate, look);
            const auto whole = c.whole_departments.find(towns[t].department);
            sheet.number(row, 13, whole == c.whole_departments.end() ? std::nan("") : whole->second.aggregate, look);
            sheet.number(row, 14, c.selection.aggregate, look);
            sheet.number(row, 15, ind.spec->target.value_or(std::nan("")), look);
            sheet.number(row, 16, c.distance_to_target[t], look);
            if (results.previous) {
                const double before = (*results.previous)[k].values[t];
                sheet.number(row, 17, before, look);
                sheet.number(row, 18, v.values[t] - before, look);  // NaN, so empty, when either is missing
            }
            ++row;
        }
    }
    // Code, town, indicator, value, flag, rank, percentile, peer group, then numbers.
    std::vector<double> widths{10, 24, 34, 12, 10, 10, 10, 22};
    widths.resize(all_headers.size(), 12);
    for (std::uint16_t c = 0; c < widths.size(); ++c) sheet.column_width(c, c, widths[c]);
    sheet.freeze(header_row + 1, 3);
    if (row > header_row + 1) sheet.autofilter(header_row, 0, row - 1, static_cast<std::uint16_t>(all_headers.size() - 1));
    // Too wide for one page in readable type: pages across repeat the code, town and indicator.
    auto print = page_setup(results, labels, static_cast<std::int32_t>(header_row), static_cast<std::int32_t>(header_row), widths);
    print.repeat_first_col = 0;
    print.repeat_last_col = 2;
    sheet.set_print(print);
}

}  // namespace munidash
