// munidash: parse the command line, call the engine, map failures to exit codes.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "diagnostics.hpp"
#include "engine.hpp"
#include "logging.hpp"
#include "platform.hpp"
#include "plugin_catalog.hpp"

namespace {

// Exit codes, documented in the README: scripts and schedulers rely on them.
constexpr int exit_ok = 0;
constexpr int exit_internal = 1;

int report(const munidash::munidash_error& error) {
    for (const auto& d : error.diagnostics()) std::cerr << munidash::format_diagnostic(d) << '\n';
    return static_cast<int>(error.kind());
}

// `plugins list` and `plugins info`: describe, never compute; exit 3 when a plugin was refused.
int describe_plugins(const munidash::engine_options& options, const std::string& name_or_path, bool json) {
    munidash::plugin_host host;
    host.load_directories(munidash::plugin_search_path(options.plugin_directories));
    const auto catalog = name_or_path.empty() ? munidash::catalog_of(host)
                                              : munidash::find_in_catalog(host, name_or_path);
    if (json) {
        std::cout << munidash::catalog_json(host, catalog);
    } else {
        std::cout << munidash::catalog_text(host, catalog);
    }
    return catalog.refusals.empty() ? exit_ok : static_cast<int>(munidash::failure_kind::plugin);
}

}  // namespace

int main(int argc, char** argv) {
    // First, before any thread starts: SIGINT and SIGTERM remove the temporary files and exit 130 / 143.
    munidash::platform::handle_interruptions();
    CLI::App app{"munidash: digital-inclusion dashboards for French small towns, as Excel workbooks"};
    app.set_version_flag("--version", std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " +
                                          std::to_string(MUNIDASH_PLUGIN_ABI) + ")");
    app.require_subcommand(1);
    app.fallthrough();  // global options may also follow the command: munidash run spec.yaml --set x=1

    munidash::engine_options options;
    std::vector<std::string> plugin_dirs;
    int verbosity = 0;
    bool quiet = false;
    app.add_option("--plugin-dir", plugin_dirs, "Also load plugins from this folder (repeatable)")
        ->type_name("DIR");
    std::vector<std::string> settings;
    app.add_option("--set", settings, "Give a spec parameter a value: --set period=2025 (repeatable)")
        ->type_name("NAME=VALUE");
    app.add_flag("-v,--verbose", verbosity, "Log more (-vv for debugging)");
    app.add_flag("-q,--quiet", quiet, "Log only errors");

    std::string spec_file;
    std::string output;
    auto* run = app.add_subcommand("run", "Compute a report and write its workbook");
    run->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    run->add_option("-o,--output", output, "Write the workbook here instead of output.workbook")
        ->type_name("FILE.xlsx");
    run->add_option("--shard", options.shard, "Write the town workbooks of shard K of N (several machines)")
        ->type_name("K/N");
    run->add_option("-j,--jobs", options.jobs, "Threads writing town workbooks (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    auto* validate = app.add_subcommand("validate", "Check a report specification without computing");
    validate->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    auto* plugins = app.add_subcommand("plugins", "Inspect the indicator plugins");
    plugins->require_subcommand(1);
    bool json = false;
    std::string plugin_name;
    auto* plugins_list = plugins->add_subcommand("list", "List the plugins, their indicators and parameters");
    plugins_list->add_flag("--json", json, "Print JSON for scripts");
    auto* plugins_info = plugins->add_subcommand("info", "Describe one plugin, loaded by name or from a file");
    plugins_info->add_option("NAME_OR_PATH", plugin_name, "A loaded plugin's name, or a plugin file's path")
        ->required();
    plugins_info->add_flag("--json", json, "Print JSON for scripts");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : static_cast<int>(munidash::failure_kind::spec);
    }

    munidash::configure_logging(quiet ? munidash::log_level::error
                                : verbosity >= 2 ? munidash::log_level::debug
                                                 : munidash::log_level::info);
    for (const auto& dir : plugin_dirs) options.plugin_directories.emplace_back(dir);
    if (!output.empty()) options.output = output;
    for (const auto& setting : settings) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || equals == 0) {
            std::cerr << "error: --set '" << setting << "': expected NAME=VALUE, e.g. --set period=2025\n";
            return static_cast<int>(munidash::failure_kind::spec);
        }
        options.parameters[setting.substr(0, equals)] = setting.substr(equals + 1);
    }

    try {
        if (*run) {
            options.progress = !quiet;
            options.list_rows = verbosity >= 1;
            const auto summary = munidash::run_report(spec_file, options);
            if (!summary.workbook.empty()) std::cout << summary.workbook.string() << '\n';
            if (!summary.town_folder.empty())
                std::cout << summary.town_folder.string() << '\n';
        } else if (*validate) {
            const auto summary = munidash::validate_report(spec_file, options);
            std::cout << spec_file << ": valid (" << summary.indicators << " indicators, " << summary.sources
                      << " sources, " << summary.towns << " towns selected)\n";
        } else if (*plugins_list || *plugins_info) {
            return describe_plugins(options, plugin_name, json);
        }
        return exit_ok;
    } catch (const munidash::munidash_error& e) {
        return report(e);
    } catch (const std::exception& e) {
        std::cerr << "error: unexpected failure: " << e.what()
                  << " (please report it with the spec and the command line)\n";
        return exit_internal;
    }
}
