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
// The towns' columns first, then three per indicator, then the composite's.
enum town_column : std::uint16_t { code_col, name_col, department_col, population_col, peer_group_col };
constexpr double town_widths[] = {11, 28, 12, 11, 24};
enum indicator_column : std::uint16_t { value_offset, rank_offset, median_offset };  // from an indicator's first
constexpr double indicator_widths[] = {12, 11, 11};  // value (room for a flag's mark), rank, peer-group median
enum composite_column : std::uint16_t { score_offset, composite_rank_offset, rank_range_offset };
constexpr double composite_widths[] = {11, 11, 22};  // rank range: with the robustness analysis only
constexpr auto fixed_columns = static_cast<std::uint16_t>(std::size(town_widths));
constexpr auto columns_per_indicator = static_cast<std::uint16_t>(std::size(indicator_widths));
constexpr std::uint16_t repeated_columns = name_col + 1;  // code and name, printed again on every page across
static_assert(peer_group_col + 1 == fixed_columns && median_offset + 1 == columns_per_indicator &&
              rank_range_offset + 1 == std::size(composite_widths));

constexpr std::uint32_t group_row = 4, header_row = 5, first_data_row = 6;
constexpr std::uint32_t reading_row = 3;

// Where each column is, for a report's number of indicators and composite columns.
struct summary_layout {
    std::size_t indicators = 0;
    std::uint16_t composite_columns = 0;  // 0 without a composite index; 3 with its robustness analysis

    std::uint16_t indicator_col(std::size_t k) const {
        return static_cast<std::uint16_t>(fixed_columns + columns_per_indicator * k);
    }
    std::uint16_t composite_col() const { return indicator_col(indicators); }
    std::uint16_t last_col() const { return static_cast<std::uint16_t>(composite_col() + composite_columns - 1); }

    // The groups of columns a printed page never splits: the towns' columns, each indicator, the composite.
    std::vector<printing::column_group> groups() const {
        std::vector<printing::column_group> out;
        out.push_back({0, {std::begin(town_widths), std::end(town_widths)}});
        for (std::size_t k = 0; k < indicators; ++k)
            out.push_back({indicator_col(k), {std::begin(indicator_widths), std::end(indicator_widths)}});
        if (composite_columns > 0)
            out.push_back(
                {composite_col(), {std::begin(composite_widths), std::begin(composite_widths) + composite_columns}});
        return out;
    }
};

summary_layout layout_of(const report_results& results) {
    const bool robustness = results.composite && results.spec.composite.robustness.draws > 0;
    return {results.plan.indicators.size(), static_cast<std::uint16_t>(results.composite ? (robustness ? 3 : 2) : 0)};
}

// The title, how many towns in which departments, the notice.
void write_title(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels) {
    const auto& spec = results.spec;
    sheet.text(0, 0, spec.report.title + " — " + spec.report.period, looks::title());
    std::string subtitle = std::to_string(results.towns.towns.size()) + labels.towns_compared;
    if (!spec.towns.departments.empty()) {
        subtitle += " — " + labels.departments_word;
        for (std::size_t i = 0; i < spec.towns.departments.size(); ++i)
            subtitle += (i ? ", " : " ") + spec.towns.departments[i].code;
    }
    sheet.text(1, 0, subtitle, looks::subtitle());
    if (!spec.report.notice.empty()) sheet.text(2, 0, spec.report.notice, looks::notice());
}

// Landscape at a scale that keeps 11-point type at 8 points or more, pages broken between groups: one page
// wide when that keeps the type readable; otherwise at 74 %, and several pages across.
print_setup summary_print(const report_results& results, const workbook_labels& labels, const summary_layout& layout,
                          std::span<const double> widths) {
    const std::span<const double> repeated(town_widths, repeated_columns);
    print_setup print = page_setup(results, labels, static_cast<std::int32_t>(group_row),
                                   static_cast<std::int32_t>(header_row), widths);
    print.column_breaks =
        printing::group_breaks(layout.groups(), printing::columns_points(repeated), print.scale, print.landscape);
    print.repeat_first_col = 0;
    print.repeat_last_col = repeated_columns - 1;
    print.across_then_down = true;  // the pages of the same towns follow each other
    return print;
}

// How to read, and what each flag's mark means, across the first printed page.
void write_how_to_read(xlsx_sheet& sheet, const workbook_labels& labels, const summary_layout& layout,
                       const print_setup& print, std::span<const double> widths) {
    const auto first_page_last_col =
        static_cast<std::uint16_t>(print.column_breaks.empty() ? layout.last_col() : print.column_breaks.front() - 1);
    double first_page_width = 0;
    for (std::uint16_t c = 0; c <= first_page_last_col; ++c) first_page_width += widths[c];
    auto reading = looks::subtitle();
    reading.wrap = true;
    reading.vertical_top = true;
    const std::string how_to_read = labels.how_to_read + "\n" + labels.flag_legend(false);
    sheet.merge(reading_row, 0, reading_row, first_page_last_col, how_to_read, reading);
    const std::string reading_texts[] = {how_to_read};
    const double reading_widths[] = {first_page_width};
    sheet.row_height(reading_row, wrapped_row_height(reading_texts, reading_widths));
}

// Above each indicator's columns its label, source and date; above the composite's its label.
void write_group_row(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                     const summary_layout& layout) {
    const auto& indicators = results.plan.indicators;
    sheet.row_height(group_row, 60);  // the label, then its source and date
    for (std::size_t k = 0; k < fixed_columns; ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.blank(group_row, c, looks::header());
    }
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto& ind = indicators[k];
        const auto& values = results.values[k];
        const auto col = layout.indicator_col(k);
        // The data's producer and date beside the label, so that a mayor sees how recent it is.
        const auto vintage = indicator_vintage(results, ind, labels);
        const auto label = (values.failure.empty() ? ind.label : ind.label + labels.failed_indicator) +
                           (vintage.empty() ? "" : "\n" + vintage);
        sheet.merge(group_row, col, group_row, static_cast<std::uint16_t>(col + columns_per_indicator - 1), label,
                    values.failure.empty() ? looks::group_header() : looks::failed_header());
    }
    if (results.composite)
        sheet.merge(group_row, layout.composite_col(), group_row, layout.last_col(), results.spec.composite.label,
                    looks::group_header());
}

void write_header_row(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                      const summary_layout& layout) {
    const auto& indicators = results.plan.indicators;
    sheet.row_height(header_row, 32);
    const std::string fixed_headers[] = {labels.code, labels.town, labels.department, labels.population,
                                         labels.peer_group};
    for (std::size_t k = 0; k < fixed_columns; ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.text(header_row, c, fixed_headers[c], looks::header());
    }
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto col = layout.indicator_col(k);
        sheet.text(header_row, col + value_offset, labels.value + " (" + labels.unit_name(indicators[k].unit) + ")",
                   looks::header());
        sheet.text(header_row, col + rank_offset, labels.rank_of + std::to_string(results.comparisons[k].ranked),
                   looks::header());
        sheet.text(header_row, col + median_offset, labels.peer_median, looks::header());
    }
    if (results.composite) {
        const auto col = layout.composite_col();
        sheet.text(header_row, col + score_offset, labels.score, looks::header());
        sheet.text(header_row, col + composite_rank_offset, labels.rank_of + std::to_string(results.composite->scored),
                   looks::header());
        if (layout.composite_columns > rank_range_offset)
            sheet.text(header_row, col + rank_range_offset, labels.rank_range_title, looks::header());
    }
}

// Each town's whole row: who it is, each indicator's value, rank and peer median, the composite last.
void write_town_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                     const summary_layout& layout) {
    const auto& towns = results.towns.towns;
    const auto& indicators = results.plan.indicators;
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
    const auto rank_cell = [&](std::uint32_t row, std::uint16_t col, int value) {
        if (value > 0)
            sheet.number(row, col, value, rank);
        else
            sheet.blank(row, col, rank);
    };
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto row = static_cast<std::uint32_t>(first_data_row + t);
        sheet.text(row, code_col, towns[t].code, text_cell);
        sheet.text(row, name_col, towns[t].name, text_cell);
        sheet.text(row, department_col, towns[t].department, text_cell);
        sheet.number(row, population_col, towns[t].population, population);
        sheet.text(row, peer_group_col, peer_group_name(results.towns, towns[t].peer_group, labels), text_cell);
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            const auto& values = results.values[k];
            const auto& cmp = results.comparisons[k];
            const auto col = layout.indicator_col(k);
            const auto mark = labels.flag_mark(values.flags[t]);
            if (std::isnan(values.values[t]) && !mark.empty())
                sheet.text(row, col + value_offset, mark, mark_only);
            else
                sheet.number(row, col + value_offset, values.values[t],
                             mark.empty() ? plain_values[k] : value_look(k, mark));
            rank_cell(row, col + rank_offset, cmp.rank[t]);
            sheet.number(row, col + median_offset, cmp.groups[towns[t].peer_group].median, plain_values[k]);
        }
        if (!results.composite) continue;
        // The composite index last: its score, its rank, and how far the rank may move.
        const auto& composite = *results.composite;
        const auto col = layout.composite_col();
        sheet.number(row, col + score_offset, composite.score[t], score_look);
        rank_cell(row, col + composite_rank_offset, composite.rank[t]);
        if (layout.composite_columns > rank_range_offset)
            sheet.text(row, col + rank_range_offset, rank_range_text(composite, t, labels), text_cell);
    }
}

// Each indicator's values and the composite's scores coloured from least to most favourable.
void add_color_scales(xlsx_sheet& sheet, const report_results& results, const summary_layout& layout) {
    const auto last_data_row = static_cast<std::uint32_t>(first_data_row + results.towns.towns.size() - 1);
    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const bool higher = results.plan.indicators[k].better == direction::higher_is_better;
        sheet.color_scale(first_data_row, last_data_row, layout.indicator_col(k) + value_offset,
                          higher ? scale_bad : scale_good, scale_middle, higher ? scale_good : scale_bad);
    }
    if (results.composite)
        sheet.color_scale(first_data_row, last_data_row, layout.composite_col() + score_offset, scale_bad, scale_middle,
                          scale_good);
}

}  // namespace

void write_summary_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    write_title(sheet, results, labels);

    const auto layout = layout_of(results);
    std::vector<double> widths;
    for (const auto& group : layout.groups()) widths.insert(widths.end(), group.widths.begin(), group.widths.end());
    const auto print = summary_print(results, labels, layout, widths);
    for (std::size_t k = 0; k < widths.size(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.column_width(c, c, widths[c]);
    }
    write_how_to_read(sheet, labels, layout, print, widths);

    // Rows are written top to bottom (the document streams them): the group row, the header row,
    // then each town's whole row.
    write_group_row(sheet, results, labels, layout);
    write_header_row(sheet, results, labels, layout);
    write_town_rows(sheet, results, labels, layout);
    add_color_scales(sheet, results, layout);

    const auto last_data_row = static_cast<std::uint32_t>(first_data_row + results.towns.towns.size() - 1);
    sheet.freeze(first_data_row, repeated_columns);
    sheet.autofilter(header_row, 0, last_data_row, layout.last_col());
    sheet.set_print(print);
}

}  // namespace munidash
