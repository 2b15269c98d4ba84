// What `munidash plugins list` and `plugins info` print: loaded plugins described without
// computing anything, as text for people or JSON for scripts.
#pragma once

#include <string>
#include <vector>

#include "plugins/plugin_host.hpp"

namespace munidash {

// The plugins to describe, and the files refused while looking for them.
struct plugin_catalog {
    std::vector<const plugin_record*> plugins;
    std::vector<diagnostic> refusals;
};

// Every plugin `host` loaded, and its refusals.
plugin_catalog catalog_of(const plugin_host& host);

// The plugin named `name_or_path` among those `host` loaded, or the plugin in that file (loaded
// into `host` now). Throws munidash_error(spec) for an unknown name, with the nearest one.
plugin_catalog find_in_catalog(plugin_host& host, const std::string& name_or_path);

// Human-readable: one block per plugin, its indicators, their parameters and definitions.
std::string catalog_text(const plugin_host& host, const plugin_catalog& catalog);

// The same as one JSON document (schema: engine, plugins[], refused[]), for scripts.
std::string catalog_json(const plugin_host& host, const plugin_catalog& catalog);

}  // namespace munidash
