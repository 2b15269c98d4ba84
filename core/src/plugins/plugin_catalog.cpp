// The only file that uses nlohmann/json.
#include "plugins/plugin_catalog.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "base/suggestions.hpp"
#include "plugins/param_types.hpp"
#include "spec/report_spec.hpp"

namespace munidash {

plugin_catalog catalog_of(const plugin_host& host) {
    plugin_catalog catalog;
    for (const auto& plugin : host.plugins()) catalog.plugins.push_back(&plugin);
    catalog.refusals = host.refusals();
    return catalog;
}

plugin_catalog find_in_catalog(plugin_host& host, const std::string& name_or_path) {
    plugin_catalog catalog;
    const std::filesystem::path path(name_or_path);
    if (name_or_path.find('/') != std::string::npos || path.extension() == ".so") {
        const auto before = host.refusals().size();
        if (host.load(std::filesystem::absolute(path))) catalog.plugins.push_back(&host.plugins().back());
        catalog.refusals.assign(host.refusals().begin() + static_cast<std::ptrdiff_t>(before), host.refusals().end());
        return catalog;
    }
    std::vector<std::string> names;
    for (const auto& plugin : host.plugins()) {
        if (plugin.name == name_or_path) {
            catalog.plugins.push_back(&plugin);
            return catalog;
        }
        names.push_back(plugin.name);
    }
    throw munidash_error(failure_kind::spec,
                         diagnostic{{},
                                    "no loaded plugin is named '" + name_or_path + "'",
                                    unknown_name_hint(name_or_path, names) +
                                        "; give a file path to inspect a plugin that is not installed"});
}

std::string catalog_text(const plugin_host& host, const plugin_catalog& catalog) {
    std::ostringstream out;
    for (const auto* plugin : catalog.plugins) {
        out << plugin->name << ' ' << plugin->version << "  (plugin ABI " << plugin->abi_version << ", SDK "
            << plugin->sdk_version << ", " << plugin->build_tag << ")\n  file: " << plugin->file.string() << '\n';
        for (const auto& id : plugin->indicator_ids) {
            const auto& d = host.registry().find(id)->description;
            out << "  indicator " << id << ": " << d.label << "  [unit " << d.unit << ", " << name_of(d.better)
                << " is better, text in " << d.language << "]\n";
            if (!d.definition.empty()) out << "    " << d.definition << '\n';
            for (const auto& t : d.translations) {
                out << "    in " << t.language << ": " << t.label << '\n';
                if (!t.definition.empty()) out << "      " << t.definition << '\n';
            }
            for (const auto& p : d.params) {
                out << "    " << p.name << " (" << name_of(p.type);
                if (!p.default_value.empty())
                    out << ", default " << p.default_value;
                else if (!p.required)
                    out << ", optional";
                if (p.counts) out << ", counts: merged communes add up";
                out << "): " << p.description << '\n';
            }
        }
    }
    for (const auto& refusal : catalog.refusals) out << format_diagnostic(refusal) << '\n';
    return out.str();
}

std::string catalog_json(const plugin_host& host, const plugin_catalog& catalog) {
    using nlohmann::ordered_json;
    ordered_json document;
    document["engine"] = {
        {"version", MUNIDASH_VERSION}, {"plugin_abi", MUNIDASH_PLUGIN_ABI}, {"build_tag", MUNIDASH_BUILD_TAG}};
    document["plugins"] = ordered_json::array();
    for (const auto* plugin : catalog.plugins) {
        ordered_json indicators = ordered_json::array();
        for (const auto& id : plugin->indicator_ids) {
            const auto& d = host.registry().find(id)->description;
            ordered_json params = ordered_json::array();
            for (const auto& p : d.params)
                params.push_back(
                    {{"name", p.name},
                     {"type", name_of(p.type)},
                     {"required", p.required && p.default_value.empty()},
                     {"default", p.default_value.empty() ? ordered_json(nullptr) : ordered_json(p.default_value)},
                     {"description", p.description},
                     {"counts", p.counts}});
            ordered_json translations = ordered_json::array();
            for (const auto& t : d.translations)
                translations.push_back({{"language", t.language}, {"label", t.label}, {"definition", t.definition}});
            indicators.push_back({{"id", d.id},
                                  {"label", d.label},
                                  {"unit", d.unit},
                                  {"better", name_of(d.better)},
                                  {"definition", d.definition},
                                  {"language", d.language},
                                  {"translations", translations},
                                  {"params", params}});
        }
        document["plugins"].push_back({{"name", plugin->name},
                                       {"version", plugin->version},
                                       {"plugin_abi", plugin->abi_version},
                                       {"sdk_version", plugin->sdk_version},
                                       {"build_tag", plugin->build_tag},
                                       {"file", plugin->file.string()},
                                       {"indicators", indicators}});
    }
    document["refused"] = ordered_json::array();
    for (const auto& refusal : catalog.refusals)
        document["refused"].push_back(
            {{"file", refusal.where.file.string()}, {"reason", refusal.message}, {"fix", refusal.hint}});
    // Replace invalid UTF-8 (a file name, say) instead of throwing: the listing must always print.
    return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

}  // namespace munidash
