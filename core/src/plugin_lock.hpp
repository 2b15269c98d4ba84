// Pinned plugins: a lock file records the name, version and SHA-256 of each plugin a spec needs,
// and a run that requires it refuses any plugin whose file is not the one recorded.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "report_plan.hpp"

namespace munidash {

// One plugin as a lock file records it.
struct locked_plugin {
    std::string name;
    std::string version;
    std::filesystem::path file;
    std::string sha256;
};

// The plugins the plan's indicators come from, with the SHA-256 of their files, by name.
std::vector<locked_plugin> plugins_of(const report_plan& plan);

// Writes the lock file of `plugins` to `target` (JSON). Throws munidash_error(output) when it cannot.
void write_plugin_lock(const std::vector<locked_plugin>& plugins, const std::filesystem::path& target);

// Refuses, with munidash_error(plugin) listing every difference, a plan whose plugins are not the
// ones `lock` records (another SHA-256, or absent from it); munidash_error(spec) at `asked_by` when
// the lock file cannot be read.
void check_plugin_lock(const report_plan& plan, const std::filesystem::path& lock, const text_position& asked_by);

}  // namespace munidash
