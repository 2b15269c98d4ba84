// One workbook per town: file names from the spec's template, shards for several machines,
// both cores at work, and a progress bar on a terminal.
#pragma once

#include <filesystem>
#include <vector>

#include "report_spec.hpp"
#include "towns.hpp"
#include "workbook/report_workbook.hpp"

namespace munidash {

// Which share of the towns this run writes: shard `index` of `count` (1-based), by town order.
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

// Writes the workbooks of the towns of `part` with `jobs` threads; returns how many it wrote.
// A failure stops the others and is rethrown; files already written stay (each is complete).
std::size_t write_town_workbooks(const report_results& results, shard part, unsigned jobs, bool progress);

}  // namespace munidash
