#include <cmath>

#include "sheet_writers.hpp"

namespace munidash {

namespace {
std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> fields) {
    for (const auto& [field, value] : fields)
        if (const auto at = text.find(field); at != std::string::npos) text.replace(at, field.size(), value);
    return text;
}
}  // namespace

void write_town_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                      std::size_t town, const std::string& sheet_name) {
    const auto& towns = results.towns;
    const auto& t = towns.towns[town];
    const auto& indicators = results.plan.indicators;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, t.name + " (" + t.code + ")", looks::title());
    sheet.text(1, 0, results.spec.report.title + " — " + results.spec.report.period, looks::subtitle());
    sheet.text(2, 0,
               fill(labels.town_title_population,
                    {{"{department}", t.department_name.empty() ? t.department : t.department + " " + t.department_name},
                     {"{population}", format_integer(t.population, labels)},
                     {"{group}", peer_group_name(towns, t.peer_group, labels)},
                     {"{count}", std::to_string(towns.groups[t.peer_group].town_count)}}),
               looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(3, 0, results.spec.report.notice, looks::notice());

    const std::uint32_t header_row = 5;
    std::vector<std::string> headers{labels.indicator, labels.value, labels.unit, labels.rank, labels.percentile,
                                     labels.peer_median, labels.peer_q1, labels.peer_q3, labels.gap_to_median,
                                     labels.flag, labels.town_score, labels.peer_score};
    if (results.previous) headers.push_back(labels.change_since + results.spec.report.previous_period);
    const auto source_col = static_cast<std::uint16_t>(headers.size());
    headers.push_back(labels.source_column);
    for (std::uint16_t c = 0; c < headers.size(); ++c) sheet.text(header_row, c, headers[c], looks::header());
    sheet.row_height(header_row, 45);

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
        const bool flagged = v.flags[town] != value_flag::none && v.flags[town] != value_flag::missing;
        sheet.text(row, 0, ind.label, looks::text());
        sheet.number(row, 1, v.values[town], looks::value(ind.unit, flagged));
        sheet.text(row, 2, labels.unit_name(ind.unit), looks::text());
        if (c.rank[town] > 0) sheet.text(row, 3, std::to_string(c.rank[town]) + " / " + std::to_string(c.ranked), rank_look);
        else sheet.blank(row, 3, rank_look);
        sheet.number(row, 4, c.percentile[town], whole);
        sheet.number(row, 5, group.median, look);
        sheet.number(row, 6, group.q1, look);
        sheet.number(row, 7, group.q3, look);
        sheet.number(row, 8, c.gap_to_peer_median[town], look);
        sheet.text(row, 9, labels.flag_names.at(static_cast<std::size_t>(v.flags[town])), looks::text());
        sheet.number(row, 10, c.score[town], whole);
        sheet.number(row, 11, group.median_score, whole);  // the radar's typical comparable town
        if (results.previous) sheet.number(row, 12, v.values[town] - (*results.previous)[k].values[town], look);
        sheet.text(row, source_col, indicator_vintage(results, ind, labels), looks::wrapped());
    }
    const auto last_row = static_cast<std::uint32_t>(header_row + indicators.size());
    std::uint32_t row = last_row + 2;
    if (results.composite) {
        const auto& composite = *results.composite;
        std::string line = fill(labels.composite_line,
                                {{"{label}", results.spec.composite.label},
                                 {"{score}", std::isnan(composite.score[town]) ? std::string("—")
                                                                               : std::to_string(std::lround(composite.score[town]))},
                                 {"{rank}", composite.rank[town] > 0 ? std::to_string(composite.rank[town]) : std::string("—")},
                                 {"{n}", std::to_string(composite.scored)}});
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
    sheet.insert_chart(row, 0, position, 1.2, 1.1);

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
    sheet.insert_chart(row, 4, profile, 1.2, 1.1);

    sheet.column_width(0, 0, 40);
    sheet.column_width(1, 1, 11);
    sheet.column_width(2, 2, 16);
    sheet.column_width(3, static_cast<std::uint16_t>(headers.size() - 2), 12);
    sheet.column_width(source_col, source_col, 24);
    auto print = page_setup(results, labels, -1, -1);
    print.fit_to_height = 1;
    sheet.set_print(print);
}

}  // namespace munidash
