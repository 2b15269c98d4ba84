#include "plugins/indicator_registry.hpp"

#include <munidash/checks.hpp>

namespace munidash {

namespace {

std::string who(const plugin_record& plugin) { return "plugin '" + plugin.name + "' (" + plugin.file.string() + ")"; }

}  // namespace

void indicator_registry::staging::add(std::unique_ptr<indicator> indicator) {
    if (!indicator) throw indicator_error(who(plugin_) + " registered a null indicator");
    auto description = indicator->describe();
    const auto& id = description.id;
    // The checks <munidash/testing.hpp> makes too: a plugin that passes its tests is accepted here.
    if (auto problem = checks::description_problem(description, who(plugin_)); !problem.empty())
        throw indicator_error(problem);
    if (const auto* existing = registry_.find(id))
        throw indicator_error("indicator '" + id + "' of " + who(plugin_) + " is already registered by " +
                              who(*existing->plugin) + ": rename one of them");
    for (const auto& staged : staged_)
        if (staged.description.id == id)
            throw indicator_error(who(plugin_) + " registers indicator '" + id + "' twice");
    staged_.push_back({std::move(indicator), std::move(description), &plugin_});
}

void indicator_registry::commit(staging&& staged, plugin_record& plugin) {
    for (auto& entry : staged.staged_) {
        plugin.indicator_ids.push_back(entry.description.id);
        auto id = entry.description.id;
        indicators_.emplace(std::move(id), std::move(entry));
    }
    staged.staged_.clear();
}

const registered_indicator* indicator_registry::find(std::string_view id) const {
    const auto it = indicators_.find(id);
    return it == indicators_.end() ? nullptr : &it->second;
}

std::vector<std::string> indicator_registry::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, entry] : indicators_) out.push_back(id);
    return out;
}

}  // namespace munidash
