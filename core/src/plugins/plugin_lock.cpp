#include "plugins/plugin_lock.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "base/platform.hpp"
#include "base/sha256.hpp"
#include "plugins/indicator_registry.hpp"

namespace munidash {

void write_plugin_lock(const std::vector<locked_plugin>& plugins, const std::filesystem::path& target) {
    nlohmann::ordered_json json{{"munidash_plugins_lock", 1}, {"plugins", nlohmann::ordered_json::array()}};
    for (const auto& p : plugins)
        json["plugins"].push_back(
            {{"name", p.name}, {"version", p.version}, {"file", p.file.string()}, {"sha256", p.sha256}});
    // Replaced whole or not at all: a half-written lock would refuse every plugin of the next run.
    const auto text = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (const auto failed = platform::replace_file(target, text); !failed.empty())
        throw munidash_error(failure_kind::output,
                             diagnostic{{target, 0, 0},
                                        "cannot write the plugins' lock file '" + target.string() + "': " + failed,
                                        "check that its folder exists, is writable and has free space"});
}

plugin_pins read_plugin_lock(const std::filesystem::path& lock, const text_position& asked_by) {
    const auto unreadable = [&](const std::string& what) {
        return munidash_error(failure_kind::spec,
                              diagnostic{asked_by, "the plugins' lock file '" + lock.string() + "' " + what,
                                         "make it with: munidash plugins lock SPEC"});
    };
    std::ifstream in(lock, std::ios::binary);
    if (!in) throw unreadable("cannot be read");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
        throw unreadable("is not JSON");
    }
    if (!json.is_object() || !json.contains("plugins") || !json["plugins"].is_array())
        throw unreadable("has no list of plugins");
    plugin_pins pins{lock, {}};
    for (const auto& entry : json["plugins"])
        if (entry.is_object() && entry.contains("name") && entry.contains("sha256") && entry["name"].is_string() &&
            entry["sha256"].is_string())
            pins.sha256_by_name[entry["name"].get<std::string>()] = entry["sha256"].get<std::string>();
    return pins;
}

std::optional<diagnostic> pin_problem(const plugin_pins& pins, const std::string& name, const std::string& version,
                                      const std::string& sha256) {
    const auto it = pins.sha256_by_name.find(name);
    const auto lock = pins.lock_file.string();
    if (it == pins.sha256_by_name.end())
        return diagnostic{{},
                          "plugin '" + name + "' " + version + " is not in the lock file '" + lock + "'",
                          "if it is meant to be used, pin it again: munidash plugins lock SPEC"};
    if (it->second != sha256)
        return diagnostic{{},
                          "plugin '" + name + "' " + version + " is not the build the lock file pins: sha256 " +
                              sha256 + ", the lock file '" + lock + "' expects " + it->second,
                          "install the pinned build, or, if this one was meant to replace it, pin it again: munidash "
                          "plugins lock SPEC"};
    return std::nullopt;
}

}  // namespace munidash
