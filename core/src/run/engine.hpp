// The engine as the CLI uses it: validate a spec, run a report, list plugins.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plugins/plugin_host.hpp"
#include "spec/report_spec.hpp"
#include "spec/spec_composition.hpp"

namespace munidash {

// What a command needs besides the spec.
struct engine_options {
    std::vector<std::filesystem::path> plugin_directories;  // from --plugin-dir, in order
    std::optional<std::filesystem::path> output;            // overrides output.workbook
    parameter_values parameters;                            // --set NAME=VALUE
    std::string shard;       // --shard K/N: this run writes the town workbooks of shard K of N
    unsigned jobs = 0;       // threads for the Monte Carlo draws and the town workbooks; 0: one per core
    bool progress = true;    // a progress bar on a terminal
    bool list_rows = false;  // -v: log each mapped and set-aside row, not only their numbers
    std::optional<std::filesystem::path> plugins_lock;  // --plugins-lock: plugins must be the builds it pins
    double wait_seconds = 0;       // --wait: how long to wait for another run writing the same output
    bool force = false;            // --force: replace read-only workbooks (they keep their mode)
    bool allow_partial = false;    // --allow-partial: a skipped indicator does not make the run partial
    bool isolate_plugins = false;  // --isolate-plugins: every indicator computes in a child process
    std::optional<std::filesystem::path> request_folder;  // request -o: the request workbooks go there
};

// The folders searched for plugins: --plugin-dir ones, then MUNIDASH_PLUGIN_PATH (':'-separated),
// then the built-in plugin folder.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& given);

// What `validate` found: the spec and the number of towns and indicators it describes.
struct validation_summary {
    std::size_t indicators = 0;
    std::size_t sources = 0;
    std::size_t towns = 0;      // the towns the selection holds
    std::size_t questions = 0;  // the questions of the spec's requests (0: none)
};

// Checks the spec against the plugins and the data files' headers, without reading data rows.
// Throws munidash_error(spec) listing every problem, or (plugin) when a plugin is refused.
validation_summary validate_report(const std::filesystem::path& spec_file, const engine_options& options);

// What `run` made.
struct run_summary {
    std::filesystem::path workbook;     // empty when this run writes none (a shard other than 1)
    std::filesystem::path town_folder;  // where the town workbooks went, when the spec asks for them
    std::filesystem::path manifest;     // the run's manifest: inputs, plugins, outputs with their hashes
    std::size_t town_workbooks = 0;
    std::size_t towns = 0;
    std::size_t indicators = 0;
    std::vector<std::string> skipped;          // indicators whose plugin failed under on_failure: skip
    std::vector<std::string> refused_returns;  // returned workbooks left out under on_refused: skip
    // Something was skipped or left out, and neither the spec nor --allow-partial accepts it.
    bool partial = false;
};

// Writes the lock file of the plugins a spec needs (name, version, SHA-256 of the .so): to `target`,
// else the spec's plugins_lock, else SPEC_STEM.plugins.lock.json beside the spec. Returns its path.
std::filesystem::path lock_plugins(const std::filesystem::path& spec_file, const engine_options& options,
                                   const std::optional<std::filesystem::path>& target);

// Validates, reads the data, computes, compares and writes the workbook atomically.
run_summary run_report(const std::filesystem::path& spec_file, const engine_options& options);

// What `request` made.
struct request_summary {
    std::vector<std::filesystem::path> files;  // the request workbooks this run (shard) wrote, in code order
    std::size_t towns = 0;                     // the towns the selection holds
};

// Writes one request workbook per selected town (the spec's requests section), pre-filled from its
// sources, atomically (request_outputs.cpp). Throws munidash_error: spec (2), input (4), output (5), busy (75).
request_summary write_requests(const std::filesystem::path& spec_file, const engine_options& options);

// The workbook path a spec asks for, with {report.id} and {report.period} filled in.
std::filesystem::path workbook_path(const report_spec& spec);

// The document time: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
std::time_t document_time();

}  // namespace munidash
