// The steps of a run that other commands share (engine.cpp): the checked spec and the sources read.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compute/report_plan.hpp"
#include "plugins/plugin_host.hpp"
#include "run/engine.hpp"
#include "sources/code_mapping.hpp"
#include "sources/source_table.hpp"
#include "sources/towns.hpp"
#include "spec/report_spec.hpp"
#include "workbook/report_workbook.hpp"

namespace munidash {

// The checked spec and plan, with the plugins that the plan points into.
struct checked_report {
    report_spec spec;
    report_plan plan;
};

// Reads the spec, loads (and pins) the plugins it needs and plans it against them and the data files'
// headers. Throws munidash_error listing every problem (spec), or (plugin) when a plugin is refused.
checked_report check_report(const std::filesystem::path& spec_file, plugin_host& host, const engine_options& options);

// The sources of the spec, read for one period (rows of other periods are left out when a source
// names its periods), each row attributed to today's commune, and what reading them found.
std::pair<std::map<std::string, source_table>, std::vector<source_summary>> load_sources(
    const report_spec& spec, const report_plan& plan, const std::string& period, const code_mapper& mapper,
    bool list_rows, const town_list& towns);

// Reads every cell the indicators will use before computing anything, so that a file with
// several problems reports them all at once: rows of merged communes that the spec does not say
// how to combine (a spec error), then cells of `codes`' towns that are not numbers (a data error).
void check_inputs(const report_plan& plan, const std::map<std::string, source_table>& sources,
                  const std::vector<std::string>& codes);

// A whole city's row cannot be divided between the arrondissements the report compares: refused
// when one of them is selected, instead of leaving them without a value nobody explains.
void check_whole_cities(const report_plan& plan, const std::map<std::string, source_table>& sources,
                        const town_list& towns, const commune_directory& directory);

}  // namespace munidash
