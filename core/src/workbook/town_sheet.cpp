#include <algorithm>
#include <cmath>
#include <optional>

#include "base/placeholders.hpp"
#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

constexpr std::uint32_t header_row = 5;
constexpr double header_points = 45;
constexpr std::uint32_t town_color = 0x2E75B6, peers_color = 0xED7D31;  // the same in both charts
constexpr double chart_height_scale = 1.1;

// The page's columns, declared once with their widths (characters): narrow enough that the page prints on
// one A4 sheet across at 74 % or more (11-point type at 8 points), the change column included.
struct town_columns {
    column_table table;
    std::uint16_t indicator, value, unit, rank, percentile, peer_median, peer_q1, peer_q3, gap_to_median, flag,
        town_score, peer_score;
    std::optional<std::uint16_t> change;  // with a previous period only
    std::uint16_t source;
};

town_columns declare_columns(const report_results& results, const workbook_labels& labels) {
    town_columns c;
    auto& t = c.table;
    c.indicator = t.add(labels.indicator, 27);
    c.value = t.add(labels.value, 12);
    c.unit = t.add(labels.unit, 10);
    c.rank = t.add(labels.rank, 9);
    c.percentile = t.add(labels.percentile, 10);
    c.peer_median = t.add(labels.peer_median, 10);
    c.peer_q1 = t.add(labels.peer_q1, 10);
    c.peer_q3 = t.add(labels.peer_q3, 10);
    c.gap_to_median = t.add(labels.gap_to_median, 10);
    c.flag = t.add(labels.flag, 12);
    c.town_score = t.add(labels.town_score, 10);  // the charts' two series
    c.peer_score = t.add(labels.peer_score, 10);
    if (results.previous) c.change = t.add(labels.change_since + results.spec.report.previous_period, 10);
    c.source = t.add(labels.source_column, 17);
    return c;
}

// The town's name, the report, its department, population and peer group, the notice.
void write_heading(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels, std::size_t town) {
    const auto& towns = results.towns;
    const auto& t = towns.towns[town];
    sheet.text(0, 0, t.name + " (" + t.code + ")", looks::title());
    sheet.text(1, 0, results.spec.report.title + " — " + results.spec.report.period, looks::subtitle());
    const auto department = t.department_name.empty() ? t.department : t.department + " " + t.department_name;
    const auto population = format_integer(t.population, labels);
    const auto group_name = peer_group_name(towns, t.peer_group, labels);
    const auto count = std::to_string(towns.groups[t.peer_group].town_count);
    sheet.text(2, 0,
               fill_placeholders(
                   labels.town_title_population,
                   {{"department", department}, {"population", population}, {"group", group_name}, {"count", count}}),
               looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(3, 0, results.spec.report.notice, looks::notice());
}

// One row per indicator: the town's value beside its peers'; returns the rows' height (points).
double write_indicator_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                            std::size_t town, const town_columns& columns) {
    const auto& t = results.towns.towns[town];
    const auto& indicators = results.plan.indicators;
    const auto& table = columns.table;
    auto rank_look = looks::value("count");
    rank_look.horizontal = cell_format::align::center;
    const auto whole = looks::whole_number();
    double height = 0;
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto row = static_cast<std::uint32_t>(header_row + 1 + k);
        const auto& ind = indicators[k];
        const auto& v = results.values[k];
        const auto& c = results.comparisons[k];
        const auto& group = c.groups.at(t.peer_group);
        const auto look = looks::value(ind.unit);
        const auto mark = labels.flag_mark(v.flags[town]);
        sheet.text(row, columns.indicator, ind.label, looks::wrapped());
        if (std::isnan(v.values[town]) && !mark.empty())
            sheet.text(row, columns.value, mark, looks::mark_only());
        else
            sheet.number(row, columns.value, v.values[town], looks::value(ind.unit, mark));
        sheet.text(row, columns.unit, labels.unit_name(ind.unit), looks::text());
        if (c.rank[town] > 0)
            sheet.text(row, columns.rank, std::to_string(c.rank[town]) + " / " + std::to_string(c.ranked), rank_look);
        else
            sheet.blank(row, columns.rank, rank_look);
        sheet.number(row, columns.percentile, c.percentile[town], whole);
        sheet.number(row, columns.peer_median, group.median, look);
        sheet.number(row, columns.peer_q1, group.q1, look);
        sheet.number(row, columns.peer_q3, group.q3, look);
        sheet.number(row, columns.gap_to_median, c.gap_to_peer_median[town], look);
        const auto flag = labels.flag_name(v.flags[town]);
        sheet.text(row, columns.flag, flag, looks::wrapped());
        sheet.number(row, columns.town_score, c.score[town], whole);
        sheet.number(row, columns.peer_score, group.median_score, whole);  // the radar's typical comparable town
        if (columns.change)
            sheet.number(row, *columns.change, v.values[town] - (*results.previous)[k].values[town], look);
        const auto vintage = indicator_vintage(results, ind, labels);
        sheet.text(row, columns.source, vintage, looks::wrapped());
        // libxlsxwriter cannot measure text and LibreOffice does not grow rows: the wrapped label and source
        // get the height they need.
        const std::string texts[] = {ind.label, flag, vintage};
        const double text_widths[] = {table[columns.indicator].width, table[columns.flag].width,
                                      table[columns.source].width};
        const double row_points = wrapped_row_height(texts, text_widths);
        sheet.row_height(row, row_points);
        height += row_points;
    }
    return height;
}

// "Indice : 62 — rang 12 sur 140 (rang 9 à 15 sur 140)", in bold.
void write_composite_line(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                          std::size_t town, std::uint32_t row) {
    const auto& composite = *results.composite;
    const auto score =
        std::isnan(composite.score[town]) ? std::string("—") : std::to_string(std::lround(composite.score[town]));
    const auto rank = composite.rank[town] > 0 ? std::to_string(composite.rank[town]) : std::string("—");
    const auto scored = std::to_string(composite.scored);
    std::string line =
        fill_placeholders(labels.composite_line,
                          {{"label", results.spec.composite.label}, {"score", score}, {"rank", rank}, {"n", scored}});
    if (const auto range = rank_range_text(composite, town, labels); !range.empty()) line += " (" + range + ")";
    auto bold = looks::subtitle();
    bold.bold = true;
    sheet.text(row, 0, line, bold);
}

// A chart of the town's 0-100 scores beside its peer group's, one category per indicator row.
chart_spec scores_chart(chart_spec::kind type, const std::string& sheet_name, const std::string& town_name,
                        const workbook_labels& labels, const town_columns& columns, std::uint32_t last_row) {
    const auto column_range = [&](std::uint16_t c) { return cell_range{sheet_name, header_row + 1, c, last_row, c}; };
    chart_spec chart;
    chart.type = type;
    chart.categories = column_range(columns.indicator);
    chart.series.push_back({town_name, column_range(columns.town_score), town_color});
    chart.series.push_back({labels.peer_score, column_range(columns.peer_score), peers_color});
    chart.number_format = "0";
    chart.value_axis_max = 100;
    chart.legend = true;
    return chart;
}

// The bar chart of the town's position and the radar of its profile, side by side at `row` within the table's
// width: a chart past the last column prints a page of its own.
void insert_charts(xlsx_sheet& sheet, const std::string& sheet_name, const report_results& results,
                   const workbook_labels& labels, std::size_t town, const town_columns& columns, std::uint32_t row) {
    const auto& t = results.towns.towns[town];
    const auto last_row = static_cast<std::uint32_t>(header_row + results.plan.indicators.size());
    auto position = scores_chart(chart_spec::kind::bar, sheet_name, t.name, labels, columns, last_row);
    position.title = labels.versus_peers_title;
    position.description = fill_placeholders(labels.town_charts_alt, {{"town", t.name}});
    // The radar starts at the column nearest the middle; each chart is as wide as its half (a chart is 480
    // pixels, 360 points, at scale 1), at most 1.2 times.
    const auto widths = columns.table.widths();
    const double table_width = printing::columns_points(widths);
    std::uint16_t profile_col = 0;
    double profile_x = 0;
    while (profile_col < widths.size() &&
           profile_x + printing::column_points(widths[profile_col]) / 2 < table_width / 2)
        profile_x += printing::column_points(widths[profile_col++]);
    const double gap = 6;  // points between the charts, and before the table's right edge
    sheet.insert_chart(row, 0, position, std::min(1.2, (profile_x - gap) / 360), chart_height_scale);

    auto profile = scores_chart(chart_spec::kind::radar, sheet_name, t.name, labels, columns, last_row);
    profile.title = labels.profile_title;
    profile.data_labels = false;
    profile.description = fill_placeholders(labels.profile_alt, {{"town", t.name}});
    sheet.insert_chart(row, profile_col, profile, std::min(1.2, (table_width - profile_x - gap) / 360),
                       chart_height_scale);
}

}  // namespace

void write_town_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                      std::size_t town, const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    write_heading(sheet, results, labels, town);
    const auto columns = declare_columns(results, labels);
    columns.table.write_headers(sheet, header_row, looks::header());
    columns.table.set_widths(sheet);
    sheet.row_height(header_row, header_points);
    double height = 21 + 4 * 15 + header_points;  // the title, the lines under it, the header row (points)
    height += write_indicator_rows(sheet, results, labels, town, columns);

    const auto last_row = static_cast<std::uint32_t>(header_row + results.plan.indicators.size());
    std::uint32_t row = last_row + 2;
    if (results.composite) {
        write_composite_line(sheet, results, labels, town, row);
        row += 2;
    }
    insert_charts(sheet, sheet_name, results, labels, town, columns, row);

    // One page when it fits at a readable scale; otherwise the charts start a page, never cut in two.
    const double chart_points = chart_height_scale * 288 * 0.75;
    height += 15.0 * (row - last_row) + chart_points;
    const auto widths = columns.table.widths();
    auto print = page_setup(results, labels, -1, -1, widths, height);
    if (height * print.scale / 100 > printing::printable_height(print.landscape)) print.row_breaks.push_back(row);
    if (printing::columns_points(widths) * print.scale / 100 > printing::printable_width(print.landscape)) {
        print.repeat_first_col = 0;  // several pages across: each names the indicators
        print.repeat_last_col = 0;
    }
    sheet.set_print(print);
}

}  // namespace munidash
