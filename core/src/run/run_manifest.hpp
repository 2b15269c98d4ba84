// The record a run leaves beside its outputs: what it read (with hashes), which plugins computed,
// what it wrote (with hashes), what it found, how long it took and how it ended. `munidash verify`
// re-checks a manifest's inputs and outputs later.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace munidash {

// One file a run read or wrote.
struct manifest_file {
    std::string role;  // "spec", "source arcep", "reference", "communes", "workbook", "town workbook"...
    std::filesystem::path path;
    std::uintmax_t size = 0;
    std::string sha256;
};

// One plugin a run loaded.
struct manifest_plugin {
    std::string name;
    std::string version;
    std::filesystem::path file;
    std::string sha256;
};

// Everything a run's manifest says.
struct run_record {
    std::string engine;  // "munidash 0.1.0 (plugin ABI 3)"
    std::string started;
    std::string finished;
    std::map<std::string, std::string> parameters;  // --set NAME=VALUE
    std::string shard;                              // "K/N", or empty
    std::vector<manifest_file> inputs;
    std::vector<manifest_plugin> plugins;
    std::vector<manifest_file> outputs;
    std::map<std::string, std::uint64_t> counts;  // towns, indicators, town workbooks...
    std::vector<std::string> warnings;
    std::vector<std::pair<std::string, double>> timings_ms;  // per phase, in order
    int exit_status = 0;
    std::vector<std::string> errors;  // why it ended, when it failed
};

// A file described for the manifest: its size and SHA-256 (empty when it cannot be read).
manifest_file describe_file(std::string role, const std::filesystem::path& path);

// The current time as ISO 8601 UTC ("2026-12-03T08:41:46Z").
std::string utc_now();

// Writes the manifest as JSON to `target`, atomically (a temporary file, flushed, renamed).
// Throws munidash_error(output) when it cannot.
void write_manifest(const run_record& record, const std::filesystem::path& target);

// What `munidash verify` found: one line per input or output that changed or vanished.
struct verification {
    std::vector<std::string> changes;
    std::size_t files_checked = 0;
};

// Re-reads every input and output a manifest lists and compares sizes and hashes. Throws
// munidash_error(spec) when the manifest cannot be read or is not one.
verification verify_manifest(const std::filesystem::path& manifest);

}  // namespace munidash
