// Whether a plugin file may be trusted to run inside this process: who owns it and who can change
// it or the folders above it.
#pragma once

#include <filesystem>
#include <string>

namespace munidash {

// Why the plugin file is not safe to load, and the command that fixes it.
struct trust_problem {
    std::string reason;  // "" when the file may be loaded
    std::string fix;
};

// Checks the file, with symlinks resolved, and every folder of its real path and of the path it was
// found by: each must be owned by root or by the user running munidash, and writable by nobody
// else. A folder above the plugin's own (not the plugin's own) may be writable by all when it is
// sticky (like /tmp): then others cannot replace what they do not own in it.
trust_problem check_plugin_trust(const std::filesystem::path& file);

}  // namespace munidash
