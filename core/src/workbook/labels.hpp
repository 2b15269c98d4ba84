// The words of the workbook, in the report's language (French or English).
#pragma once

#include <string>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// How the workbook shows one kind of flagged value: a mark that survives black-and-white printing
// and screen readers, where italics alone did not.
struct flag_text {
    value_flag flag = value_flag::none;
    std::string name;     // "plafonnée": the town page's and comparisons' flag cell, the quality sheet's column
    std::string mark;     // "(p)": after the number, in its number format; alone when there is no number
    std::string meaning;  // the legend's words after the mark
};

// Every fixed text a workbook shows.
struct workbook_labels {
    std::string summary_sheet, peers_sheet, methodology_sheet;
    std::string code, town, department, population, peer_group;
    std::string value, rank_of, peer_median, towns_count, whole_selection;
    std::string towns_compared, departments_word;
    std::string how_to_read;
    std::string group_range, group_last_range, all_sizes, no_epci,
        other_towns;  // "{min} to under {max} inhabitants", "{min} to {max}..."
    std::string medians_title, chart_axis;
    std::string methodology_title, indicator_id, label, unit, direction, definition, parameters, plugin, plugin_version,
        sources, higher_better, lower_better, illustrative, methods_title;
    std::vector<std::string> methods;       // one paragraph each
    std::string capped_method;              // shown only when a value of the report was capped
    std::vector<std::string> peer_methods;  // how peers are grouped, indexed by peer_grouping
    std::string generated_by, page;
    std::string rows_read, rows_without_code, rows_outside_reference;  // column headers, and after a number of rows
    std::string failed_indicator;                                      // added to a failed indicator's label
    std::string failure_prefix;  // before the failure's message in the methodology
    // The composite index and the comparisons sheets.
    std::string composite_sheet, comparisons_sheet, score, rank_range_title, rank_range, coverage, not_scored,
        composite_intro, axis, weight, normalised_score, imputed_note;
    std::vector<std::string> normalisation_text;  // indexed by normalisation
    std::vector<std::string> aggregation_text;    // indexed by aggregation
    std::string imputation_none, imputation_peer_median, coverage_rule, robustness_text;
    std::string change_since;  // "Évolution depuis " + the previous period
    // Cover, town pages, data quality.
    std::string cover_sheet, quality_sheet, contents, produced_on, town_title_population, profile_title,
        versus_peers_title, town_score, peer_score, composite_line;
    std::vector<std::string> cover_reading;  // paragraphs: how to read the workbook
    std::vector<std::string>
        sheet_descriptions;  // cover, summary, composite, peers, comparisons, towns, quality, methodology
    std::string quality_title, quality_intro, with_value, missing, coverage_share, rows_title;
    std::string indicator, rank, flag, percentile, peer_q1, peer_q3, gap_to_median, department_value,
        whole_department_value, selection_value, target, to_target, comparisons_title, comparisons_intro;
    // One row per flag a value can carry (missing too, without a mark): a new flag needs one row per language.
    std::vector<flag_text> flags;
    std::string flag_legend_title;  // "Valeurs signalées : " before the legend's entries
    // The rows of sources attributed under another code, and those set aside.
    // The returns of a request: who answered, whose file was refused, who did not answer.
    std::string returns_title, returns_answered, returns_refused, returns_no_answer, return_status, return_file,
        return_date, return_why;
    std::string mapped_title, mapped_intro, set_aside_title, source_word, line, code_in_file, former_name,
        commune_today, change, change_year, reason;
    std::vector<std::string> change_kinds;       // indexed by code_change
    std::vector<std::string> set_aside_reasons;  // indexed by set_aside_reason
    std::string source_column;                   // the town page's column of sources and dates
    std::string builtin_reference;               // the methodology's words for the built-in list of communes
    std::string stale_before, stale_after, stale_warning_source;  // "{before}5{after}": how old a source is
    std::vector<std::string> comparison_methods;                  // paragraphs for the methodology sheet

    std::string colon, semicolon;  // " : " and " ; " in French, ": " and "; " in English

    std::string unit_name(const std::string& unit) const;
    // The row of `kind` in `flags`, or nullptr for an ordinary value.
    const flag_text* flag_row(value_flag kind) const;
    // The flag's name ("" for an ordinary value).
    std::string flag_name(value_flag kind) const;
    // The flag's visible mark ("" for an ordinary or missing value).
    std::string flag_mark(value_flag kind) const;
    // "Valeurs signalées : (p) plafonnée ; …": every mark with its name, or with its meaning when `explained`.
    std::string flag_legend(bool explained) const;
    // Alternative text of a chart: "{what}" filled in, for screen readers.
    std::string town_charts_alt, profile_alt, peer_chart_alt;
    bool french = true;
};

// Every fixed text of a request workbook.
struct request_labels {
    std::string cover_sheet, questions_sheet, title, from, why, due, contact, town, version, how_title;
    std::vector<std::string> how_steps;  // how to fill it in, one short step each
    std::string number, question, help, unit, answer, known, known_source, confirmed;  // the header
    std::string required, optional;                                                    // after a question's label
    std::string yes, no;  // the yes/no list, in the report's language
    std::string questions_title, questions_intro, page, produced_on;
    std::vector<std::string> type_titles;  // indexed by question_type: the answer cell's input title
    std::string between, at_least, at_most, time_range_hint, text_hint, choice_hint, yes_no_hint;  // {min}, {max}
    std::string refused_title, refused_message, confirmed_hint, prefilled_comment;                 // {source}
    std::string prefilled_from;  // "{source}, {vintage}"
    bool french = true;
};

// The request texts for "fr" or "en".
const request_labels& request_labels_for(const std::string& language);

// The labels for "fr" or "en".
const workbook_labels& labels_for(const std::string& language);

// 12500 -> "12 500" (French, narrow no-break space) or "12,500" (English).
std::string format_integer(double value, const workbook_labels& labels);

}  // namespace munidash
