// Computes every planned indicator for every selected town, one plugin call per indicator.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compute/report_plan.hpp"
#include "plugins/plugin_host.hpp"
#include "sources/source_table.hpp"
#include "sources/towns.hpp"

namespace munidash {

// The computed column of one indicator: one value and one flag per town.
struct indicator_values {
    std::vector<double> values;
    std::vector<value_flag> flags;   // always one per town; missing values are flagged `missing`
    std::string failure;             // why the plugin failed, for an indicator with on_failure: skip
    std::vector<double> numerators;  // the counts behind a rate, when the plugin gives them
    std::vector<double> denominators;
    double scale = 1;
};

// Evaluates each indicator of `plan` over `towns`. `sources` holds every source the plan reads,
// by name. Throws munidash_error(input) for unreadable cells, and (plugin) for plugin failures
// unless the indicator's on_failure is skip: then its values are all missing and `failure` says why.
std::vector<indicator_values> evaluate(const report_plan& plan, const town_list& towns,
                                       const std::map<std::string, source_table>& sources, const plugin_host& host);

}  // namespace munidash
