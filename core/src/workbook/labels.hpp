// The words of the workbook, in the report's language (French or English).
#pragma once

#include <string>
#include <vector>

namespace munidash {

// Every fixed text a workbook shows.
struct workbook_labels {
    std::string summary_sheet, peers_sheet, methodology_sheet;
    std::string code, town, department, population, peer_group;
    std::string value, rank_of, peer_median, towns_count, whole_selection;
    std::string towns_compared, departments_word, period;
    std::string how_to_read;
    std::string group_range, group_last_range, all_sizes, no_epci, other_towns;  // "{min} to under {max} inhabitants", "{min} to {max}..."
    std::string medians_title, chart_axis;
    std::string methodology_title, indicator_id, label, unit, direction, definition, parameters,
        plugin, plugin_version, sources, higher_better, lower_better, illustrative, methods_title;
    std::vector<std::string> methods;       // one paragraph each
    std::vector<std::string> peer_methods;  // how peers are grouped, indexed by peer_grouping
    std::string generated_by, page;
    std::string rows_read, rows_without_code, rows_outside_reference;  // after a number of rows
    std::string failed_indicator;  // added to a failed indicator's label
    std::string failure_prefix;    // before the failure's message in the methodology
    std::string unit_name(const std::string& unit) const;
    bool french = true;
};

// The labels for "fr" or "en".
const workbook_labels& labels_for(const std::string& language);

// 12500 -> "12 500" (French, narrow no-break space) or "12,500" (English).
std::string format_integer(double value, const workbook_labels& labels);

}  // namespace munidash
