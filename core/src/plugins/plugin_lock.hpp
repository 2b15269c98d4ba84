// Pinned plugins: a lock file records the name, version and SHA-256 of each plugin a spec needs,
// and a run that requires it refuses any plugin whose file is not the one recorded.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"

namespace munidash {

// What a lock file pins: the SHA-256 of each plugin's file, by plugin name.
struct plugin_pins {
    std::filesystem::path lock_file;
    std::map<std::string, std::string> sha256_by_name;
};

// One plugin as a lock file records it.
struct locked_plugin {
    std::string name;
    std::string version;
    std::filesystem::path file;
    std::string sha256;
};

// Writes the lock file of `plugins` to `target` (JSON). Throws munidash_error(output) when it cannot.
void write_plugin_lock(const std::vector<locked_plugin>& plugins, const std::filesystem::path& target);

// The pins of the lock file `lock`; munidash_error(spec) at `asked_by` when it cannot be read.
plugin_pins read_plugin_lock(const std::filesystem::path& lock, const text_position& asked_by);

// Why the plugin `name` whose file has `sha256` is not a build `pins` allows, or nothing.
std::optional<diagnostic> pin_problem(const plugin_pins& pins, const std::string& name, const std::string& version,
                                      const std::string& sha256);

}  // namespace munidash
