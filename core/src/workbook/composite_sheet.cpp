#include <cmath>
#include <optional>

#include "base/placeholders.hpp"
#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

constexpr std::uint32_t scale_bad = 0xF8696B, scale_middle = 0xFFEB84, scale_good = 0x63BE7B;

// "80 %": a share as a whole percentage, the way the composite's texts show it.
std::string percent_text(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + " %"; }

// How the index is made, in words, from `row`; returns the row after the text.
std::uint32_t write_method_text(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                                std::uint32_t row) {
    const auto& spec = results.spec.composite;
    auto paragraph = looks::subtitle();
    sheet.text(row++, 0, labels.composite_intro, paragraph);
    sheet.text(row++, 0,
               labels.normalisation_text.at(static_cast<std::size_t>(spec.method)) + labels.semicolon +
                   labels.aggregation_text.at(static_cast<std::size_t>(spec.aggregate)),
               paragraph);
    const auto share = percent_text(spec.min_coverage);
    const auto coverage_rule = fill_placeholders(labels.coverage_rule, {{"share", share}});
    sheet.text(row++, 0,
               coverage_rule + " " +
                   (spec.impute == imputation::peer_median ? labels.imputation_peer_median : labels.imputation_none),
               paragraph);
    if (spec.robustness.draws > 0) {
        std::string methods;
        const auto& chosen = spec.robustness.normalisations.empty() ? std::vector<normalisation>{spec.method}
                                                                    : spec.robustness.normalisations;
        for (const auto m : chosen)
            methods += (methods.empty() ? "" : ", ") + normalisation_names()[static_cast<std::size_t>(m)];
        const auto draws = std::to_string(spec.robustness.draws);
        const auto seed = std::to_string(spec.robustness.seed);
        const auto variation = percent_text(spec.robustness.weight_variation);
        sheet.text(
            row++, 0,
            fill_placeholders(labels.robustness_text,
                              {{"draws", draws}, {"seed", seed}, {"variation", variation}, {"methods", methods}}),
            paragraph);
    }
    return row;
}

// The axes and their weights, each indicator and its weight, from `row`; returns the row after the table.
std::uint32_t write_weights_table(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                                  std::uint32_t row) {
    const auto& composite = *results.composite;
    enum weights_column : std::uint16_t { axis_col, axis_weight_col, indicator_col, indicator_weight_col };
    sheet.text(row, axis_col, labels.axis, looks::header());
    sheet.text(row, axis_weight_col, labels.weight, looks::header());
    sheet.text(row, indicator_col, labels.indicator, looks::header());
    sheet.text(row, indicator_weight_col, labels.weight, looks::header());
    ++row;
    for (const auto& member : composite.members) {
        const auto& axis = composite.axes[member.axis];
        sheet.text(row, axis_col, axis.label.empty() ? labels.whole_selection : axis.label, looks::text());
        sheet.number(row, axis_weight_col, axis.weight, looks::value("number"));
        sheet.text(row, indicator_col, results.plan.indicators[member.column].label, looks::text());
        sheet.number(row, indicator_weight_col, member.weight, looks::value("number"));
        ++row;
    }
    return row;
}

// The towns' table's columns, declared once with their widths (characters).
struct score_columns {
    column_table table;
    std::uint16_t code, town, peer_group, score, rank, rank_range, coverage;
    std::optional<std::uint16_t> first_axis;  // one per axis, when there are several
    std::uint16_t first_member = 0;           // one normalised score per indicator of the index
    std::optional<std::uint16_t> previous_score, previous_rank, change;  // with a previous period only
};

score_columns declare_columns(const report_results& results, const workbook_labels& labels) {
    constexpr double score_width = 14;  // coverage, axes, normalised scores, the previous period's
    const auto& composite = *results.composite;
    score_columns c;
    auto& t = c.table;
    c.code = t.add(labels.code, 11);
    c.town = t.add(labels.town, 28);
    c.peer_group = t.add(labels.peer_group, 24);
    c.score = t.add(labels.score, 10);
    c.rank = t.add(labels.rank_of + std::to_string(composite.scored), 10);
    c.rank_range = t.add(labels.rank_range_title, 24);
    c.coverage = t.add(labels.coverage, score_width);
    if (composite.axes.size() > 1) {
        c.first_axis = t.count();
        for (const auto& axis : composite.axes) t.add(labels.axis + labels.colon + axis.label, score_width);
    }
    c.first_member = t.count();
    for (const auto& member : composite.members)
        t.add(labels.normalised_score + labels.colon + results.plan.indicators[member.column].label, score_width);
    if (results.previous_composite) {
        const auto& previous_period = results.spec.report.previous_period;
        c.previous_score = t.add(labels.score + " " + previous_period, score_width);
        c.previous_rank = t.add(labels.rank + " " + previous_period, score_width);
        c.change = t.add(labels.change_since + previous_period, score_width);
    }
    return c;
}

// One row per town under `header_row`: its score, rank, coverage, axes, normalised scores, change.
void write_town_scores(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                       const score_columns& columns, std::uint32_t header_row) {
    const auto& composite = *results.composite;
    const auto& towns = results.towns.towns;
    const auto* before = results.previous_composite;
    auto score_look = looks::value("number");
    auto percent_look = looks::value("number");
    percent_look.number_format = "0%";
    auto rank_look = looks::value("count");
    rank_look.horizontal = cell_format::align::center;
    const auto imputed_look = looks::value("number", labels.flag_mark(value_flag::imputed));
    const auto rank_cell = [&](std::uint32_t row, std::uint16_t col, int rank) {
        if (rank > 0)
            sheet.number(row, col, rank, rank_look);
        else
            sheet.blank(row, col, rank_look);
    };
    for (std::size_t t = 0; t < towns.size(); ++t) {
        const auto r = static_cast<std::uint32_t>(header_row + 1 + t);
        sheet.text(r, columns.code, towns[t].code, looks::text());
        sheet.text(r, columns.town, towns[t].name, looks::text());
        sheet.text(r, columns.peer_group, peer_group_name(results.towns, towns[t].peer_group, labels), looks::text());
        sheet.number(r, columns.score, composite.score[t], score_look);
        rank_cell(r, columns.rank, composite.rank[t]);
        sheet.text(r, columns.rank_range, rank_range_text(composite, t, labels), looks::text());
        sheet.number(r, columns.coverage, composite.coverage[t], percent_look);
        if (columns.first_axis) {
            auto c = *columns.first_axis;
            for (const auto& axis_scores : composite.axis_scores) sheet.number(r, c++, axis_scores[t], score_look);
        }
        auto c = columns.first_member;
        for (std::size_t m = 0; m < composite.members.size(); ++m)
            sheet.number(r, c++, composite.normalised[m][t], composite.imputed[m][t] ? imputed_look : score_look);
        if (before) {
            sheet.number(r, *columns.previous_score, before->score[t], score_look);
            rank_cell(r, *columns.previous_rank, before->rank[t]);
            sheet.number(r, *columns.change, composite.score[t] - before->score[t], score_look);
        }
    }
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
    const auto& spec = results.spec.composite;
    const auto& towns = results.towns.towns;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, spec.label + " — " + results.spec.report.period, looks::title());
    if (!results.spec.report.notice.empty()) sheet.text(1, 0, results.spec.report.notice, looks::notice());
    std::uint32_t row = write_method_text(sheet, results, labels, 2);
    row = write_weights_table(sheet, results, labels, row + 1);

    // One row per town.
    const std::uint32_t header_row = row + 1;
    const auto columns = declare_columns(results, labels);
    columns.table.write_headers(sheet, header_row, looks::header());
    sheet.row_height(header_row, 60);
    write_town_scores(sheet, results, labels, columns, header_row);
    const auto last_row = static_cast<std::uint32_t>(header_row + towns.size());
    if (!towns.empty()) sheet.color_scale(header_row + 1, last_row, columns.score, scale_bad, scale_middle, scale_good);
    columns.table.set_widths(sheet);
    sheet.freeze(header_row + 1, columns.town + 1);
    // The filter's range reaches the last town's row: set before the note below it is written.
    sheet.autofilter(header_row, 0, last_row, columns.table.last());
    if (spec.impute == imputation::peer_median) sheet.text(last_row + 2, 0, labels.imputed_note, looks::subtitle());
    auto print = page_setup(results, labels, static_cast<std::int32_t>(header_row),
                            static_cast<std::int32_t>(header_row), columns.table.widths());
    print.repeat_first_col = columns.code;  // when the scores run to a second page across, the towns are named again
    print.repeat_last_col = columns.town;
    sheet.set_print(print);
}

}  // namespace munidash
