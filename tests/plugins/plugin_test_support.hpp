// Where the plugin tests find the built-in plugins and the fixtures, one folder per fixture.
#pragma once

#include <filesystem>
#include <string>

namespace plugin_tests {

// The folder of the built-in plugins of this build.
inline const std::filesystem::path builtin_dir = MUNIDASH_BUILTIN_PLUGIN_DIR;

// The .so file of the fixture plugin `name` (tests/plugins/fixtures), alone in its folder.
inline std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(MUNIDASH_FIXTURE_PLUGIN_ROOT) / name / ("munidash_plugin_" + name + ".so");
}

}  // namespace plugin_tests
