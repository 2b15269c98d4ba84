// Every indicator the loaded plugins registered, by id; refuses duplicates with exact messages.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// What the engine knows about one loaded plugin.
struct plugin_record {
    std::string name;
    std::string version;
    std::string sdk_version;
    std::uint32_t abi_version = 0;
    std::string build_tag;
    std::filesystem::path file;
    std::vector<std::string> indicator_ids;  // in registration order
};

// One registered indicator with the description it gave and the plugin that provided it.
struct registered_indicator {
    std::unique_ptr<indicator> implementation;
    indicator_description description;
    const plugin_record* plugin = nullptr;
};

// The indicator registry. Indicators are added through a registrar bound to one plugin, and
// become visible only when that plugin's registration succeeded as a whole.
class indicator_registry {
public:
    indicator_registry() = default;
    indicator_registry(const indicator_registry&) = delete;
    indicator_registry& operator=(const indicator_registry&) = delete;

    // A registrar that stages `plugin`'s indicators; commit() publishes them.
    class staging final : public registrar {
    public:
        staging(const indicator_registry& registry, const plugin_record& plugin)
            : registry_(registry), plugin_(plugin) {}
        // Checks the indicator's description and refuses a duplicate id.
        void add(std::unique_ptr<indicator> indicator) override;

    private:
        friend class indicator_registry;
        const indicator_registry& registry_;
        const plugin_record& plugin_;
        std::vector<registered_indicator> staged_;
    };

    // Publishes what a plugin staged; its ids are recorded in `plugin`.
    void commit(staging&& staged, plugin_record& plugin);
    // The indicator with this id, or nullptr.
    const registered_indicator* find(std::string_view id) const;
    // Every registered id, sorted.
    std::vector<std::string> ids() const;

private:
    std::map<std::string, registered_indicator, std::less<>> indicators_;
};

}  // namespace munidash
