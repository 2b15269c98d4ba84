#include <cmath>
#include <iterator>
#include <map>

#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {
// Red for the least favourable values, green for the most: the scale follows the direction.
constexpr std::uint32_t scale_bad = 0xF8696B;
constexpr std::uint32_t scale_middle = 0xFFEB84;
constexpr std::uint32_t scale_good = 0x63BE7B;
// The summary's columns, declared once: these widths set both the sheet and where its printed pages break.
constexpr double town_widths[] = {11, 28, 12, 11, 24};  // code, name, department, population, peer group
constexpr double indicator_widths[] = {12, 11, 11};     // value (room for a flag's mark), rank, peer-group median
constexpr double composite_widths[] = {11, 11, 22};     // score, rank, rank range (with the robustness analysis)
constexpr auto fixed_columns = static_cast<std::uint16_t>(std::size(town_widths));
constexpr auto columns_per_indicator = static_cast<std::uint16_t>(std::size(indicator_widths));
constexpr std::uint16_t repeated_columns = 2;  // code and name, printed again on every page across

// The groups of columns a printed page never splits: the towns' columns, each indicator, the composite.
std::vector<printing::column_group> summary_columns(std::size_t indicators, std::uint16_t composite_columns) {
    std::vector<printing::column_group> groups;
    groups.push_back({0, {std::begin(town_widths), std::end(town_widths)}});
    for (std::size_t k = 0; k < indicators; ++k)
        groups.push_back({static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k),
                          {std::begin(indicator_widths), std::end(indicator_widths)}});
    if (composite_columns > 0)
        groups.push_back({static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * indicators),
                          {std::begin(composite_widths), std::begin(composite_widths) + composite_columns}});
    return groups;
}
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

    const std::uint32_t group_row = 4, header_row = 5, first_data_row = 6;
    const auto last_data_row = static_cast<std::uint32_t>(first_data_row + towns.size() - 1);
    const auto composite_col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * results.plan.indicators.size());
    const bool robustness = results.composite && results.spec.composite.robustness.draws > 0;
    const auto composite_columns = static_cast<std::uint16_t>(results.composite ? (robustness ? 3 : 2) : 0);
    const auto last_col = static_cast<std::uint16_t>(composite_col + composite_columns - 1);

    // Print: landscape at a scale that keeps 11-point type at 8 points or more, pages broken between groups.
    const auto groups = summary_columns(results.plan.indicators.size(), composite_columns);
    const std::span<const double> repeated(town_widths, repeated_columns);
    std::vector<double> widths;
    for (const auto& group : groups) widths.insert(widths.end(), group.widths.begin(), group.widths.end());
    // One page wide when that keeps the type readable; otherwise at 74 %, and several pages across.
    print_setup print = page_setup(results, labels, static_cast<std::int32_t>(group_row),
                                   static_cast<std::int32_t>(header_row), widths);
    print.column_breaks = printing::group_breaks(groups, printing::columns_points(repeated), print.scale, print.landscape);
    print.repeat_first_col = 0;
    print.repeat_last_col = repeated_columns - 1;
    print.across_then_down = true;  // the pages of the same towns follow each other
    for (std::uint16_t c = 0; c < widths.size(); ++c) sheet.column_width(c, c, widths[c]);

    // How to read, and what each flag's mark means, across the first printed page.
    const auto first_page_last_col =
        static_cast<std::uint16_t>(print.column_breaks.empty() ? last_col : print.column_breaks.front() - 1);
    double first_page_width = 0;
    for (std::uint16_t c = 0; c <= first_page_last_col; ++c) first_page_width += widths[c];
    auto reading = looks::subtitle();
    reading.wrap = true;
    reading.vertical_top = true;
    const std::string how_to_read = labels.how_to_read + "\n" + labels.flag_legend(false);
    sheet.merge(3, 0, 3, first_page_last_col, how_to_read, reading);
    const std::string reading_texts[] = {how_to_read};
    const double reading_widths[] = {first_page_width};
    sheet.row_height(3, wrapped_row_height(reading_texts, reading_widths));

    // Rows are written top to bottom (the document streams them): the group row, the header row,
    // then each town's whole row.
    const auto& indicators = results.plan.indicators;
    sheet.row_height(group_row, 60);  // the label, then its source and date
    for (std::uint16_t c = 0; c < fixed_columns; ++c) sheet.blank(group_row, c, looks::header());
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const auto& values = results.values[k];
        const auto col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
        // The data's producer and date beside the label, so that a mayor sees how recent it is.
        const auto vintage = indicator_vintage(results, ind, labels);
        const auto label = (values.failure.empty() ? ind.label : ind.label + labels.failed_indicator) +
                           (vintage.empty() ? "" : "\n" + vintage);
        sheet.merge(group_row, col, group_row, static_cast<std::uint16_t>(col + 2), label,
                    values.failure.empty() ? looks::group_header() : looks::failed_header());
    }
    if (results.composite)
        sheet.merge(group_row, composite_col, group_row, last_col, results.spec.composite.label, looks::group_header());

    sheet.row_height(header_row, 32);
    const std::string fixed_headers[] = {labels.code, labels.town, labels.department, labels.population,
                                         labels.peer_group};
    for (std::uint16_t c = 0; c < fixed_columns; ++c) sheet.text(header_row, c, fixed_headers[c], looks::header());
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const auto col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
        sheet.text(header_row, col, labels.value + " (" + labels.unit_name(ind.unit) + ")", looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(col + 1),
                   labels.rank_of + std::to_string(results.comparisons[k].ranked), looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(col + 2), labels.peer_median, looks::header());
    }
    if (results.composite) {
        sheet.text(header_row, composite_col, labels.score, looks::header());
        sheet.text(header_row, static_cast<std::uint16_t>(composite_col + 1),
                   labels.rank_of + std::to_string(results.composite->scored), looks::header());
        if (robustness)
            sheet.text(header_row, static_cast<std::uint16_t>(composite_col + 2), labels.rank_range_title, looks::header());
    }

    // The looks of the value cells, made once per indicator and flag mark rather than per cell.
    std::vector<cell_format> plain_values;
    std::vector<std::map<std::string, cell_format, std::less<>>> marked_values(indicators.size());
    for (const auto& ind : indicators) plain_values.push_back(looks::value(ind.unit));
    const auto value_look = [&](std::size_t k, const std::string& mark) -> const cell_format& {
        auto& by_mark = marked_values[k];
        auto at = by_mark.find(mark);
        if (at == by_mark.end()) at = by_mark.emplace(mark, looks::value(indicators[k].unit, mark)).first;
        return at->second;
    };
    const auto text_cell = looks::text();
    const auto population = looks::value("count");
    const auto mark_only = looks::mark_only();
    const auto score_look = looks::value("number");
    auto rank = looks::value("count");
    rank.horizontal = cell_format::align::center;
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto row = static_cast<std::uint32_t>(first_data_row + t);
        sheet.text(row, 0, towns[t].code, text_cell);
        sheet.text(row, 1, towns[t].name, text_cell);
        sheet.text(row, 2, towns[t].department, text_cell);
        sheet.number(row, 3, towns[t].population, population);
        sheet.text(row, 4, peer_group_name(results.towns, towns[t].peer_group, labels), text_cell);
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            const auto& values = results.values[k];
            const auto& cmp = results.comparisons[k];
            const auto col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
            const auto mark = labels.flag_mark(values.flags[t]);
            if (std::isnan(values.values[t]) && !mark.empty()) sheet.text(row, col, mark, mark_only);
            else sheet.number(row, col, values.values[t], mark.empty() ? plain_values[k] : value_look(k, mark));
            if (cmp.rank[t] > 0) sheet.number(row, static_cast<std::uint16_t>(col + 1), cmp.rank[t], rank);
            else sheet.blank(row, static_cast<std::uint16_t>(col + 1), rank);
            sheet.number(row, static_cast<std::uint16_t>(col + 2), cmp.groups[towns[t].peer_group].median,
                         plain_values[k]);
        }
        if (!results.composite) continue;
        // The composite index last: its score, its rank, and how far the rank may move.
        const auto& composite = *results.composite;
        sheet.number(row, composite_col, composite.score[t], score_look);
        if (composite.rank[t] > 0) sheet.number(row, static_cast<std::uint16_t>(composite_col + 1), composite.rank[t], rank);
        else sheet.blank(row, static_cast<std::uint16_t>(composite_col + 1), rank);
        if (robustness)
            sheet.text(row, static_cast<std::uint16_t>(composite_col + 2), rank_range_text(composite, t, labels), text_cell);
    }

    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto col = static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
        const bool higher = indicators[k].better == direction::higher_is_better;
        sheet.color_scale(first_data_row, last_data_row, col, higher ? scale_bad : scale_good, scale_middle,
                          higher ? scale_good : scale_bad);
    }
    if (results.composite)
        sheet.color_scale(first_data_row, last_data_row, composite_col, scale_bad, scale_middle, scale_good);

    sheet.freeze(first_data_row, 2);
    sheet.autofilter(header_row, 0, last_data_row, last_col);
    sheet.set_print(print);
}

}  // namespace munidash
