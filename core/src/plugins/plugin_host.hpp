// Finds, checks and loads indicator plugins, and calls into them with their errors contained.
#pragma once

#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <munidash/plugin.hpp>

#include "base/diagnostics.hpp"
#include "plugins/indicator_registry.hpp"
#include "plugins/plugin_isolation.hpp"
#include "plugins/plugin_lock.hpp"

namespace munidash {

// The file name every plugin has: munidash_plugin_<name>.so. Other files are never tried.
inline constexpr std::string_view plugin_file_prefix = "munidash_plugin_";
inline constexpr std::string_view plugin_file_suffix = ".so";

// The plugins of one run. Loaded libraries stay loaded until the host is destroyed, after every
// indicator they made.
class plugin_host {
public:
    plugin_host();
    ~plugin_host();
    plugin_host(const plugin_host&) = delete;
    plugin_host& operator=(const plugin_host&) = delete;

    // The folder of the built-in plugins: <prefix>/lib/munidash/plugins beside <prefix>/bin.
    static std::filesystem::path default_directory();

    // The plugin files of `directory` (munidash_plugin_*.so), sorted by name.
    static std::vector<std::filesystem::path> plugin_files(const std::filesystem::path& directory);

    // From now on, loads only the plugins `pins` records, and only the builds it records: the
    // others are refused before any of their code runs.
    void require_pins(plugin_pins pins) { pins_ = std::move(pins); }

    // Loads one plugin file, after checking who can change it and reading its identity from the
    // file: a refused plugin never runs. A refused plugin is recorded in refusals() and not registered.
    // Returns whether it was loaded.
    bool load(const std::filesystem::path& file);

    // Loads every plugin file of each directory in order.
    void load_directories(const std::vector<std::filesystem::path>& directories);

    // The plugins that loaded, in load order.
    const std::deque<plugin_record>& plugins() const noexcept { return plugins_; }
    // Why each refused plugin was refused, one diagnostic per file.
    const std::vector<diagnostic>& refusals() const noexcept { return refusals_; }
    // Every indicator of the loaded plugins.
    const indicator_registry& registry() const noexcept { return *registry_; }

    // Calls the indicator's compute(), in this process or in a child as `isolation` says, and
    // checks its output's shape. Any failure a child contains (an exception, a crash, exit(), a
    // byte on stdout, a limit passed) and any exception in this process is thrown as
    // munidash_error(plugin) naming the plugin, the indicator and `used_at`. In this process, a
    // call to exit(), a fatal signal or the time limit ends the process with exit code 3 and a
    // message naming them (nothing can go on after them there).
    indicator_column compute(const registered_indicator& indicator, const indicator_inputs& inputs,
                             const text_position& used_at, const isolation_settings& isolation = {}) const;

private:
    struct library;
    // Loads `file` and calls its entry point (its code runs from here on); nullptr with `failure`
    // and `hint` set when the loader refuses it or it has no entry point.
    const munidash_plugin_info* open_entry(const std::filesystem::path& file, std::string& failure, std::string& hint);
    // Registers the indicators of the plugin `info` describes, all or none; why not when it fails.
    std::string register_plugin(const std::filesystem::path& file, const munidash_plugin_info& info);

    // Declared before the registry so that it is destroyed after it: plugin code must stay
    // mapped while any object a plugin made is alive.
    std::vector<std::unique_ptr<library>> libraries_;
    std::deque<plugin_record> plugins_;
    std::unique_ptr<indicator_registry> registry_;
    std::vector<diagnostic> refusals_;
    std::optional<plugin_pins> pins_;
};

}  // namespace munidash
