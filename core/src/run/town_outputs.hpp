// One workbook per town: file names from the spec's template, shards for several machines,
// both cores at work, and a progress bar on a terminal.
#pragma once

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "sources/towns.hpp"
#include "spec/report_spec.hpp"
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

// A template that names one file per town, and where it was written: output.per_town, requests.output.
struct town_file_template {
    std::string text;              // with {report.id}, {report.period}, {town.code}, {town.slug}
    std::filesystem::path folder;  // relative templates start from the folder of the spec that wrote them
    text_position where;
    std::string key;  // the spec key, for messages
};

// The folder every file of `names` goes under: its folders before the first placeholder.
std::filesystem::path town_file_root(const town_file_template& names);

// One town's file from `names`. Throws munidash_error(output) if the result would leave the root.
std::filesystem::path town_file_path(const report_spec& spec, const town_file_template& names, const town& t);

// Writes one file per town of `mine` (indices into `towns`) with `jobs` threads, with a progress bar
// on a terminal when `progress`: `write(t, path_of(t), batch)` each, which leaves a checked temporary
// in `batch`; the batch of each chunk of 256 towns is then flushed and renamed at once by another
// thread. A failure stops the others and is rethrown with which towns got their new file (renamed into
// place) and which did not; `what` names the files in messages.
std::size_t write_town_files(
    const town_list& towns, const std::vector<std::size_t>& mine, unsigned jobs, bool progress,
    const std::filesystem::path& root, const std::string& what,
    const std::function<std::filesystem::path(std::size_t)>& path_of,
    const std::function<void(std::size_t, const std::filesystem::path&, replacement_batch&)>& write);

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
