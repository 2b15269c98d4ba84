#include <cmath>

#include "sheet_writers.hpp"

namespace munidash {

namespace {
// Red for the least favourable values, green for the most: the scale follows the direction.
constexpr std::uint32_t scale_bad = 0xF8696B;
constexpr std::uint32_t scale_middle = 0xFFEB84;
constexpr std::uint32_t scale_good = 0x63BE7B;
constexpr std::uint16_t fixed_columns = 5;
constexpr std::uint16_t columns_per_indicator = 3;
}  // namespace

void write_summary_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name) {
    const auto& spec = results.spec;
    const auto& towns = results.towns.towns;
    auto sheet = doc.add_sheet(sheet_name);

    sheet.text(0, 0, spec.report.title + " — " + spec.report.period, looks::title());
    std::string subtitle = std::to_string(towns.size()) + labels.towns_compared;
    if (!spec.towns.departments.empty()) {
        subtitle += " — " + labels.departments_word;
        for (std::size_t i = 0; i < spec.towns.departments.size(); ++i)
            subtitle += (i ? ", " : " ") + spec.towns.departments[i].code;
    }
    sheet.text(1, 0, subtitle, looks::subtitle());
    if (!spec.report.notice.empty()) sheet.text(2, 0, spec.report.notice, looks::notice());
    sheet.text(3, 0, labels.how_to_read, looks::subtitle());

    const std::uint32_t group_row = 4, header_row = 5, first_data_row = 6;
    const auto last_data_row = static_cast<std::uint32_t>(first_data_row + towns.size() - 1);
    const auto composite_col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * results.plan.indicators.size());
    const bool robustness = results.composite && results.spec.composite.robustness.draws > 0;
    const auto composite_columns = static_cast<std::uint16_t>(results.composite ? (robustness ? 3 : 2) : 0);
    const auto last_col = static_cast<std::uint16_t>(composite_col + composite_columns - 1);

    const std::string fixed_headers[] = {labels.code, labels.town, labels.department, labels.population,
                                         labels.peer_group};
    for (std::uint16_t c = 0; c < fixed_columns; ++c) {
        sheet.blank(group_row, c, looks::header());
        sheet.text(header_row, c, fixed_headers[c], looks::header());
    }
    sheet.row_height(header_row, 32);
    sheet.row_height(group_row, 60);  // the label, then its source and date

    auto text_cell = looks::text();
    auto population = looks::value("count");
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto row = static_cast<std::uint32_t>(first_data_row + t);
        sheet.text(row, 0, towns[t].code, text_cell);
        sheet.text(row, 1, towns[t].name, text_cell);
        sheet.text(row, 2, towns[t].department, text_cell);
        sheet.number(row, 3, towns[t].population, population);
        sheet.text(row, 4, peer_group_name(results.towns, towns[t].peer_group, labels), text_cell);
    }

    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const auto& ind = results.plan.indicators[k];
        const auto& values = results.values[k];
        const auto& cmp = results.comparisons[k];
        const auto col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
        // The data's producer and date beside the label, so that a mayor sees how recent it is.
        const auto vintage = indicator_vintage(results, ind, labels);
        const auto label = (values.failure.empty() ? ind.label : ind.label + labels.failed_indicator) +
                           (vintage.empty() ? "" : "\n" + vintage);
        sheet.merge(group_row, col, group_row, static_cast<std::uint16_t>(col + 2), label,
                    values.failure.empty() ? looks::group_header() : looks::failed_header());
        sheet.text(header_row, col, labels.value + " (" + labels.unit_name(ind.unit) + ")", looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(col + 1), labels.rank_of + std::to_string(cmp.ranked),
                   looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(col + 2), labels.peer_median, looks::header());
        auto rank = looks::value("count");
        rank.horizontal = cell_format::align::center;
        for (std::size_t t = 0; t < towns.size(); ++t) {
            const auto row = static_cast<std::uint32_t>(first_data_row + t);
            const bool flagged = values.flags[t] != value_flag::none && values.flags[t] != value_flag::missing;
            sheet.number(row, col, values.values[t], looks::value(ind.unit, flagged));
            if (cmp.rank[t] > 0) sheet.number(row, static_cast<std::uint16_t>(col + 1), cmp.rank[t], rank);
            else sheet.blank(row, static_cast<std::uint16_t>(col + 1), rank);
            sheet.number(row, static_cast<std::uint16_t>(col + 2), cmp.groups[towns[t].peer_group].median,
                         looks::value(ind.unit));
        }
        const bool higher = ind.better == direction::higher_is_better;
        sheet.color_scale(first_data_row, last_data_row, col, higher ? scale_bad : scale_good, scale_middle,
                          higher ? scale_good : scale_bad);
        sheet.column_width(col, col, 12);
        sheet.column_width(static_cast<std::uint16_t>(col + 1), static_cast<std::uint16_t>(col + 2), 11);
    }

    if (results.composite) {
        // The composite index last: its score, its rank, and how far the rank may move.
        const auto& composite = *results.composite;
        sheet.merge(group_row, composite_col, group_row, last_col, results.spec.composite.label, looks::group_header());
        sheet.text(header_row, composite_col, labels.score, looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(composite_col + 1), labels.rank_of + std::to_string(composite.scored),
                   looks::header());
        if (robustness) sheet.text(header_row, static_cast<std::uint16_t>(composite_col + 2), labels.rank_range_title, looks::header());
        auto rank = looks::value("count");
        rank.horizontal = cell_format::align::center;
        for (std::size_t t = 0; t < towns.size(); ++t) {
            const auto row = static_cast<std::uint32_t>(first_data_row + t);
            sheet.number(row, composite_col, composite.score[t], looks::value("number"));
            if (composite.rank[t] > 0) sheet.number(row, static_cast<std::uint16_t>(composite_col + 1), composite.rank[t], rank);
            else sheet.blank(row, static_cast<std::uint16_t>(composite_col + 1), rank);
            if (robustness) sheet.text(row, static_cast<std::uint16_t>(composite_col + 2), rank_range_text(composite, t, labels), text_cell);
        }
        sheet.color_scale(first_data_row, last_data_row, composite_col, scale_bad, scale_middle, scale_good);
        sheet.column_width(composite_col, static_cast<std::uint16_t>(composite_col + 1), 11);
        if (robustness) sheet.column_width(static_cast<std::uint16_t>(composite_col + 2), static_cast<std::uint16_t>(composite_col + 2), 22);
    }

    sheet.column_width(0, 0, 11);
    sheet.column_width(1, 1, 28);
    sheet.column_width(2, 2, 12);
    sheet.column_width(3, 3, 11);
    sheet.column_width(4, 4, 24);
    sheet.freeze(first_data_row, 2);
    sheet.autofilter(header_row, 0, last_data_row, last_col);
    sheet.set_print(page_setup(results, labels, static_cast<std::int32_t>(group_row),
                               static_cast<std::int32_t>(header_row)));
    sheet.activate();
}

}  // namespace munidash
