// One workbook per town: file names from the spec's template, shards for several machines,
// both cores at work, and a progress bar on a terminal.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "report_spec.hpp"
#include "towns.hpp"
#include "workbook/report_workbook.hpp"

namespace munidash {

// Which share of the towns' workbooks this run writes: shard `index` of `count` (1-based), by
// town order among the towns that get one.
struct shard {
    int index = 1;
    int count = 1;
};

// "K/N" -> shard; throws munidash_error(spec) for anything else, or K outside 1..N.
shard parse_shard(const std::string& text);

// The folder every town workbook of the spec goes under: the template's folders before the
// first placeholder, resolved against the spec that wrote it.
std::filesystem::path town_output_root(const report_spec& spec);

// The file of one town: the template with {report.id}, {report.period}, {town.code} and
// {town.slug} filled in. Throws munidash_error(output) if the result would leave the root.
std::filesystem::path town_workbook_path(const report_spec& spec, const town& t);

// The towns that get a workbook, as indices into `towns.towns` in code order: every selected town,
// or, with output.per_town_only, its codes and its `largest` most populous towns (ties: the lower
// code first). Throws munidash_error(spec) at each listed code that the selection does not hold,
// saying whether the reference list (whose codes are `reference_codes`) has it.
std::vector<std::size_t> towns_with_workbooks(const report_spec& spec, const town_list& towns,
                                              const std::set<std::string, std::less<>>& reference_codes);

// The towns of `chosen` that shard `part` writes: every N-th, from the K-th.
std::vector<std::size_t> shard_share(const std::vector<std::size_t>& chosen, shard part);

// Writes the workbooks of the towns of `part` of `chosen` (indices into the results' towns, from
// towns_with_workbooks) with `jobs` threads; returns how many it wrote. Every page compares its
// town with all the results' towns. A failure stops the others and is rethrown; files already
// written stay (each is complete).
std::size_t write_town_workbooks(const report_results& results, const std::vector<std::size_t>& chosen, shard part,
                                 unsigned jobs, bool progress);

}  // namespace munidash
