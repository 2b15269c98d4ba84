// A spec checked against the loaded plugins and the data files' headers, ready to evaluate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "plugins/indicator_registry.hpp"
#include "plugins/plugin_lock.hpp"
#include "spec/report_spec.hpp"
#include "spec/spec_gaps.hpp"

namespace munidash {

// A column a parameter names: the source ("towns" for the reference list) and the column.
struct column_ref {
    std::string source;
    std::string column;
};

// A parameter of one indicator, resolved against the indicator's declaration.
struct resolved_param {
    param_decl declaration;
    bool given = false;               // written in the spec (or defaulted)
    std::string text;                 // the value as written
    double number = 0;                // for number parameters
    std::vector<column_ref> columns;  // for column, text_column (one) and columns (one or more)
};

// One indicator of the report with everything needed to compute and present it.
struct planned_indicator {
    const indicator_spec* spec = nullptr;
    const registered_indicator* implementation = nullptr;
    std::string label;       // in the report's language when the spec or the plugin has it
    std::string definition;  // likewise
    std::string unit;
    direction better = direction::higher_is_better;
    std::vector<resolved_param> params;
    std::vector<std::string> sources;  // the sources it reads, in parameter order, no repeats
    isolation_settings isolation;      // where its compute runs and its limits (spec, then --isolate-plugins)
};

// The whole report, checked.
struct report_plan {
    std::vector<planned_indicator> indicators;
    std::vector<diagnostic> warnings;  // texts shown in another language than the report's
};

// Checks what the spec reader cannot: plugins exist, params match their declarations, sources
// exist and have the columns named, without reading any data row. Adds every problem to `problems`.
// The parts of a spec read with mistakes (`gaps`) are passed over where checking them would only
// repeat the mistake.
report_plan plan_report(const report_spec& spec, const indicator_registry& registry, diagnostic_list& problems,
                        const spec_gaps& gaps = {});

// Excel's limits on one sheet: a workbook past them is refused by Excel, or silently cut.
inline constexpr std::size_t excel_max_rows = 1'048'576;
inline constexpr std::size_t excel_max_columns = 16'384;

// The label and definition `d` gives in `language`: its own, or a translation; nullopt when it has none.
std::optional<translated_text> text_in(const indicator_description& d, const std::string& language);

// "French" for "fr", "English" for "en": for messages.
std::string language_name(const std::string& code);

// Checks, before anything is computed, that the workbook's sheets fit Excel's limits for `towns`
// selected towns and `indicators` indicators: the comparisons sheet (one row per town and
// indicator) and the summary (one row per town; 5 columns, 3 per indicator, 2 or 3 for the
// composite). Adds each overflow to `problems`, at the spec entry to change.
void check_sheet_sizes(const report_spec& spec, std::size_t indicators, std::size_t towns, diagnostic_list& problems);

// The plugins the plan's indicators come from, with the SHA-256 of their files, by name: what a
// lock file pins.
std::vector<locked_plugin> plugins_of(const report_plan& plan);

}  // namespace munidash
