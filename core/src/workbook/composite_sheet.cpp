#include <cmath>

#include "base/placeholders.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {
// "80 %": a share as a whole percentage, the way the composite's texts show it.
std::string percent_text(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}
}  // namespace

std::string rank_range_text(const composite_result& composite, std::size_t town, const workbook_labels& labels) {
    if (composite.rank[town] == 0) return labels.not_scored;
    if (composite.rank_low[town] == 0) return {};
    const auto low = std::to_string(composite.rank_low[town]);
    const auto high = std::to_string(composite.rank_high[town]);
    const auto n = std::to_string(composite.scored);
    return fill_placeholders(labels.rank_range, {{"low", low}, {"high", high}, {"n", n}});
}

void write_composite_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                           const std::string& sheet_name) {
    const auto& composite = *results.composite;
    const auto& spec = results.spec.composite;
    const auto& towns = results.towns.towns;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, spec.label + " — " + results.spec.report.period, looks::title());
    if (!results.spec.report.notice.empty()) sheet.text(1, 0, results.spec.report.notice, looks::notice());

    // How the index is made, in words.
    std::uint32_t row = 2;
    auto paragraph = looks::subtitle();
    sheet.text(row++, 0, labels.composite_intro, paragraph);
    sheet.text(row++, 0, labels.normalisation_text.at(static_cast<std::size_t>(spec.method)) + labels.semicolon +
                             labels.aggregation_text.at(static_cast<std::size_t>(spec.aggregate)),
               paragraph);
    const auto share = percent_text(spec.min_coverage);
    const auto coverage_rule = fill_placeholders(labels.coverage_rule, {{"share", share}});
    sheet.text(row++, 0, coverage_rule + " " + (spec.impute == imputation::peer_median ? labels.imputation_peer_median
                                                                                        : labels.imputation_none),
               paragraph);
    if (spec.robustness.draws > 0) {
        std::string methods;
        const auto& chosen = spec.robustness.normalisations.empty() ? std::vector<normalisation>{spec.method}
                                                                     : spec.robustness.normalisations;
        for (const auto m : chosen) methods += (methods.empty() ? "" : ", ") + normalisation_names()[static_cast<std::size_t>(m)];
        const auto draws = std::to_string(spec.robustness.draws);
        const auto seed = std::to_string(spec.robustness.seed);
        const auto variation = percent_text(spec.robustness.weight_variation);
        sheet.text(row++, 0,
                   fill_placeholders(labels.robustness_text,
                                     {{"draws", draws}, {"seed", seed}, {"variation", variation}, {"methods", methods}}),
                   paragraph);
    }
    // Axes and weights.
    row += 1;
    sheet.text(row, 0, labels.axis, looks::header());
    sheet.text(row, 1, labels.weight, looks::header());
    sheet.text(row, 2, labels.indicator, looks::header());
    sheet.text(row, 3, labels.weight, looks::header());
    ++row;
    for (const auto& member : composite.members) {
        const auto& axis = composite.axes[member.axis];
        sheet.text(row, 0, axis.label.empty() ? labels.whole_selection : axis.label, looks::text());
        sheet.number(row, 1, axis.weight, looks::value("number"));
        sheet.text(row, 2, results.plan.indicators[member.column].label, looks::text());
        sheet.number(row, 3, member.weight, looks::value("number"));
        ++row;
    }

    // One row per town.
    row += 1;
    const std::uint32_t header_row = row;
    std::vector<std::string> headers{labels.code, labels.town, labels.peer_group, labels.score,
                                     labels.rank_of + std::to_string(composite.scored), labels.rank_range_title,
                                     labels.coverage};
    const bool several_axes = composite.axes.size() > 1;
    if (several_axes)
        for (const auto& axis : composite.axes) headers.push_back(labels.axis + labels.colon + axis.label);
    for (const auto& member : composite.members)
        headers.push_back(labels.normalised_score + labels.colon + results.plan.indicators[member.column].label);
    const auto* before = results.previous_composite;
    const auto& previous_period = results.spec.report.previous_period;
    if (before) {
        headers.push_back(labels.score + " " + previous_period);
        headers.push_back(labels.rank + " " + previous_period);
        headers.push_back(labels.change_since + previous_period);
    }
    for (std::uint16_t c = 0; c < headers.size(); ++c) sheet.text(header_row, c, headers[c], looks::header());
    sheet.row_height(header_row, 60);

    auto score_look = looks::value("number");
    auto percent_look = looks::value("number");
    percent_look.number_format = "0%";
    auto rank_look = looks::value("count");
    rank_look.horizontal = cell_format::align::center;
    const auto imputed_look = looks::value("number", labels.flag_mark(value_flag::imputed));
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto r = static_cast<std::uint32_t>(header_row + 1 + t);
        sheet.text(r, 0, towns[t].code, looks::text());
        sheet.text(r, 1, towns[t].name, looks::text());
        sheet.text(r, 2, peer_group_name(results.towns, towns[t].peer_group, labels), looks::text());
        sheet.number(r, 3, composite.score[t], score_look);
        if (composite.rank[t] > 0) sheet.number(r, 4, composite.rank[t], rank_look);
        else sheet.blank(r, 4, rank_look);
        sheet.text(r, 5, rank_range_text(composite, t, labels), looks::text());
        sheet.number(r, 6, composite.coverage[t], percent_look);
        std::uint16_t c = 7;
        if (several_axes)
            for (const auto& axis_scores : composite.axis_scores) sheet.number(r, c++, axis_scores[t], score_look);
        for (std::size_t m = 0; m < composite.members.size(); ++m)
            sheet.number(r, c++, composite.normalised[m][t], composite.imputed[m][t] ? imputed_look : score_look);
        if (before) {
            sheet.number(r, c++, before->score[t], score_look);
            if (before->rank[t] > 0) sheet.number(r, c++, before->rank[t], rank_look);
            else sheet.blank(r, c++, rank_look);
            sheet.number(r, c++, composite.score[t] - before->score[t], score_look);
        }
    }
    const auto last_row = static_cast<std::uint32_t>(header_row + towns.size());
    if (!towns.empty())
        sheet.color_scale(header_row + 1, last_row, 3, 0xF8696B, 0xFFEB84, 0x63BE7B);
    // Code, town, peer group, score, rank, rank range, then one column per axis and normalised score.
    std::vector<double> widths{11, 28, 24, 10, 10, 24};
    widths.resize(headers.size(), 14);
    for (std::uint16_t c = 0; c < widths.size(); ++c) sheet.column_width(c, c, widths[c]);
    sheet.freeze(header_row + 1, 2);
    // The filter's range reaches the last town's row: set before the note below it is written.
    sheet.autofilter(header_row, 0, last_row, static_cast<std::uint16_t>(headers.size() - 1));
    if (results.spec.composite.impute == imputation::peer_median)
        sheet.text(last_row + 2, 0, labels.imputed_note, looks::subtitle());
    auto print = page_setup(results, labels, static_cast<std::int32_t>(header_row), static_cast<std::int32_t>(header_row), widths);
    print.repeat_first_col = 0;  // when the scores run to a second page across, the towns are named again
    print.repeat_last_col = 1;
    sheet.set_print(print);
}

}  // namespace munidash
