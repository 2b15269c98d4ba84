#include <algorithm>
#include <cmath>

#include "base/placeholders.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

void write_town_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                      std::size_t town, const std::string& sheet_name) {
    const auto& towns = results.towns;
    const auto& t = towns.towns[town];
    const auto& indicators = results.plan.indicators;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, t.name + " (" + t.code + ")", looks::title());
    sheet.text(1, 0, results.spec.report.title + " — " + results.spec.report.period, looks::subtitle());
    const auto department = t.department_name.empty() ? t.department : t.department + " " + t.department_name;
    const auto population = format_integer(t.population, labels);
    const auto group_name = peer_group_name(towns, t.peer_group, labels);
    const auto count = std::to_string(towns.groups[t.peer_group].town_count);
    sheet.text(2, 0,
               fill_placeholders(labels.town_title_population,
                                 {{"department", department}, {"population", population}, {"group", group_name}, {"count", count}}),
               looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(3, 0, results.spec.report.notice, looks::notice());

    const std::uint32_t header_row = 5;
    // The page's columns, declared once with their widths (characters): narrow enough that the page prints on
    // one A4 sheet across at 74 % or more (11-point type at 8 points), the change column included.
    std::vector<std::pair<std::string, double>> columns{
        {labels.indicator, 27}, {labels.value, 12},        {labels.unit, 10},       {labels.rank, 9},
        {labels.percentile, 10}, {labels.peer_median, 10}, {labels.peer_q1, 10},    {labels.peer_q3, 10},
        {labels.gap_to_median, 10}, {labels.flag, 12},     {labels.town_score, 10}, {labels.peer_score, 10}};
    if (results.previous) columns.emplace_back(labels.change_since + results.spec.report.previous_period, 10);
    const auto source_col = static_cast<std::uint16_t>(columns.size());
    columns.emplace_back(labels.source_column, 17);
    std::vector<double> widths;
    for (std::uint16_t c = 0; c < columns.size(); ++c) {
        sheet.text(header_row, c, columns[c].first, looks::header());
        sheet.column_width(c, c, columns[c].second);
        widths.push_back(columns[c].second);
    }
    sheet.row_height(header_row, 45);
    double height = 21 + 4 * 15 + 45;  // the title, the lines under it, the header row (points)

    auto rank_look = looks::value("count");
    rank_look.horizontal = cell_format::align::center;
    const auto whole = looks::whole_number();
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const auto row = static_cast<std::uint32_t>(header_row + 1 + k);
        const auto& ind = indicators[k];
        const auto& v = results.values[k];
        const auto& c = results.comparisons[k];
        const auto& group = c.groups.at(t.peer_group);
        const auto look = looks::value(ind.unit);
        const auto mark = labels.flag_mark(v.flags[town]);
        sheet.text(row, 0, ind.label, looks::wrapped());
        if (std::isnan(v.values[town]) && !mark.empty()) sheet.text(row, 1, mark, looks::mark_only());
        else sheet.number(row, 1, v.values[town], looks::value(ind.unit, mark));
        sheet.text(row, 2, labels.unit_name(ind.unit), looks::text());
        if (c.rank[town] > 0) sheet.text(row, 3, std::to_string(c.rank[town]) + " / " + std::to_string(c.ranked), rank_look);
        else sheet.blank(row, 3, rank_look);
        sheet.number(row, 4, c.percentile[town], whole);
        sheet.number(row, 5, group.median, look);
        sheet.number(row, 6, group.q1, look);
        sheet.number(row, 7, group.q3, look);
        sheet.number(row, 8, c.gap_to_peer_median[town], look);
        const auto flag = labels.flag_name(v.flags[town]);
        sheet.text(row, 9, flag, looks::wrapped());
        sheet.number(row, 10, c.score[town], whole);
        sheet.number(row, 11, group.median_score, whole);  // the radar's typical comparable town
        if (results.previous) sheet.number(row, 12, v.values[town] - (*results.previous)[k].values[town], look);
        const auto vintage = indicator_vintage(results, ind, labels);
        sheet.text(row, source_col, vintage, looks::wrapped());
        // libxlsxwriter cannot measure text and LibreOffice does not grow rows: the wrapped label and source
        // get the height they need.
        const std::string texts[] = {ind.label, flag, vintage};
        const double text_widths[] = {widths.front(), widths[9], widths.back()};
        const double row_points = wrapped_row_height(texts, text_widths);
        sheet.row_height(row, row_points);
        height += row_points;
    }
    const auto last_row = static_cast<std::uint32_t>(header_row + indicators.size());
    std::uint32_t row = last_row + 2;
    if (results.composite) {
        const auto& composite = *results.composite;
        const auto score =
            std::isnan(composite.score[town]) ? std::string("—") : std::to_string(std::lround(composite.score[town]));
        const auto rank = composite.rank[town] > 0 ? std::to_string(composite.rank[town]) : std::string("—");
        const auto scored = std::to_string(composite.scored);
        std::string line = fill_placeholders(
            labels.composite_line,
            {{"label", results.spec.composite.label}, {"score", score}, {"rank", rank}, {"n", scored}});
        if (const auto range = rank_range_text(composite, town, labels); !range.empty()) line += " (" + range + ")";
        auto bold = looks::subtitle();
        bold.bold = true;
        sheet.text(row, 0, line, bold);
        row += 2;
    }

    chart_spec position;
    position.type = chart_spec::kind::bar;
    position.title = labels.versus_peers_title;
    position.categories = {sheet_name, header_row + 1, 0, last_row, 0};
    position.series.push_back({t.name, {sheet_name, header_row + 1, 10, last_row, 10}, 0x2E75B6});
    position.series.push_back({labels.peer_score, {sheet_name, header_row + 1, 11, last_row, 11}, 0xED7D31});
    position.number_format = "0";
    position.value_axis_max = 100;
    position.legend = true;
    position.description = fill_placeholders(labels.town_charts_alt, {{"town", t.name}});
    // The two charts side by side within the table's width: a chart past the last column prints a page of its own.
    // The radar starts at the column nearest the middle; each chart is as wide as its half (a chart is 480
    // pixels, 360 points, at scale 1), at most 1.2 times.
    const double table_width = printing::columns_points(widths);
    std::uint16_t profile_col = 0;
    double profile_x = 0;
    while (profile_col < widths.size() && profile_x + printing::column_points(widths[profile_col]) / 2 < table_width / 2)
        profile_x += printing::column_points(widths[profile_col++]);
    const double gap = 6;  // points between the charts, and before the table's right edge
    sheet.insert_chart(row, 0, position, std::min(1.2, (profile_x - gap) / 360), 1.1);

    chart_spec profile;
    profile.type = chart_spec::kind::radar;
    profile.title = labels.profile_title;
    profile.categories = {sheet_name, header_row + 1, 0, last_row, 0};
    profile.series.push_back({t.name, {sheet_name, header_row + 1, 10, last_row, 10}, 0x2E75B6});
    profile.series.push_back({labels.peer_score, {sheet_name, header_row + 1, 11, last_row, 11}, 0xED7D31});
    profile.number_format = "0";
    profile.value_axis_max = 100;
    profile.legend = true;
    profile.data_labels = false;
    profile.description = fill_placeholders(labels.profile_alt, {{"town", t.name}});
    sheet.insert_chart(row, profile_col, profile, std::min(1.2, (table_width - profile_x - gap) / 360), 1.1);

    // One page when it fits at a readable scale; otherwise the charts start a page, never cut in two.
    const double chart_points = 1.1 * 288 * 0.75;
    height += 15.0 * (row - last_row) + chart_points;
    auto print = page_setup(results, labels, -1, -1, widths, height);
    if (height * print.scale / 100 > printing::printable_height(print.landscape)) print.row_breaks.push_back(row);
    if (printing::columns_points(widths) * print.scale / 100 > printing::printable_width(print.landscape)) {
        print.repeat_first_col = 0;  // several pages across: each names the indicators
        print.repeat_last_col = 0;
    }
    sheet.set_print(print);
}

}  // namespace munidash
