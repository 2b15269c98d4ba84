// munidash: parse the command line, call the engine, map failures to exit codes.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "base/diagnostics.hpp"
#include "run/engine.hpp"
#include "run/run_manifest.hpp"
#include "base/logging.hpp"
#include "base/platform.hpp"
#include "plugins/plugin_catalog.hpp"

namespace {

// Exit codes, documented in the README: scripts and schedulers rely on them.
constexpr int exit_ok = 0;
constexpr int exit_internal = 1;

// The error's diagnostics on standard error: one line each, or one JSON object each with --log-format json.
int report(const munidash::munidash_error& error, munidash::log_format format) {
    const int code = static_cast<int>(error.kind());
    for (const auto& d : error.diagnostics()) {
        if (format == munidash::log_format::json)
            munidash::log_event(munidash::log_level::error, "error", munidash::format_diagnostic(d),
                                {{"file", d.where.file.string()},
                                 {"line", std::to_string(d.where.line)},
                                 {"column", std::to_string(d.where.column)},
                                 {"what", d.message},
                                 {"hint", d.hint},
                                 {"exit_code", std::to_string(code)}});
        else
            std::cerr << munidash::format_diagnostic(d) << '\n';
    }
    return code;
}

// `plugins list` and `plugins info`: describe, never compute; exit 3 when a plugin was refused.
int describe_plugins(const munidash::engine_options& options, const std::string& name_or_path, bool json) {
    const munidash::stdout_for_results results;  // what a plugin prints while loading must not break --json
    munidash::plugin_host host;
    host.load_directories(munidash::plugin_search_path(options.plugin_directories));
    const auto catalog = name_or_path.empty() ? munidash::catalog_of(host)
                                              : munidash::find_in_catalog(host, name_or_path);
    results.print(json ? munidash::catalog_json(host, catalog) : munidash::catalog_text(host, catalog));
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
    std::string plugins_lock_file;
    app.add_option("--plugins-lock", plugins_lock_file,
                   "Refuse any plugin the spec needs that is not the build this lock file pins (munidash plugins lock)")
        ->type_name("FILE");
    app.add_flag("--isolate-plugins", options.isolate_plugins,
                 "Compute every indicator in a child process (isolation: process): a crash, exit() or a limit "
                 "is a failure of that indicator");
    std::vector<std::string> settings;
    app.add_option("--set", settings, "Give a spec parameter a value: --set period=2025 (repeatable)")
        ->type_name("NAME=VALUE");
    app.add_flag("-v,--verbose", verbosity, "Log at debug level; run lists each mapped or set-aside row");
    app.add_flag("-q,--quiet", quiet, "Log only errors");
    std::string log_format = std::string(munidash::name_of(munidash::log_format::text));
    std::string log_formats;
    for (const auto& name : munidash::enum_names<munidash::log_format>())
        log_formats += (log_formats.empty() ? "" : "|") + name;
    app.add_option("--log-format", log_format, "text (timestamped when not on a terminal), or json: one object a line")
        ->check(CLI::IsMember(munidash::enum_names<munidash::log_format>()))
        ->type_name(log_formats);

    std::string spec_file;
    std::string output;
    auto* run = app.add_subcommand("run", "Compute a report and write its workbook");
    run->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    run->add_option("-o,--output", output, "Write the workbook here instead of output.workbook")
        ->type_name("FILE.xlsx");
    run->add_option("--shard", options.shard, "Write the town workbooks of shard K of N (several machines)")
        ->type_name("K/N");
    run->add_option("-j,--jobs", options.jobs, "Threads computing the Monte Carlo draws and writing town workbooks (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    run->add_option("--wait", options.wait_seconds,
                    "When another run is writing the same output, wait up to SECONDS for it (default: exit 75 at once)")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.0, 86400.0));
    run->add_flag("--force", options.force, "Replace a read-only workbook too (it keeps its mode)");
    run->add_flag("--allow-partial", options.allow_partial,
                  "Exit 0, not 6, when an indicator was skipped (on_failure: skip) or a return refused (on_refused: skip)");
    std::string request_folder;
    auto* request = app.add_subcommand("request", "Write one request workbook per selected town (the spec's requests)");
    request->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    request->add_option("-o,--output", request_folder, "Write the request workbooks into this folder instead of requests.output's")
        ->type_name("FOLDER");
    request->add_option("--shard", options.shard, "Write the request workbooks of shard K of N (several machines)")
        ->type_name("K/N");
    request->add_option("-j,--jobs", options.jobs, "Threads writing request workbooks (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    request->add_option("--wait", options.wait_seconds,
                        "When another run is writing the same requests, wait up to SECONDS for it (default: exit 75 at once)")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.0, 86400.0));
    request->add_flag("--force", options.force, "Replace read-only request workbooks too (they keep their mode)");
    auto* validate = app.add_subcommand("validate", "Check a report specification without computing");
    validate->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    std::string manifest_file;
    auto* verify = app.add_subcommand("verify", "Check that a run's inputs and outputs are as its manifest says");
    verify->add_option("MANIFEST", manifest_file, "The .manifest.json a run wrote beside its workbook")->required();
    auto* plugins = app.add_subcommand("plugins", "Inspect the indicator plugins");
    plugins->require_subcommand(1);
    bool json = false;
    std::string plugin_name;
    auto* plugins_list = plugins->add_subcommand("list", "List the plugins, their indicators and parameters");
    plugins_list->add_flag("--json", json, "Print JSON for scripts");
    std::string lock_output;
    auto* plugins_lock = plugins->add_subcommand("lock", "Pin the plugins a spec needs: name, version, SHA-256 of each file");
    plugins_lock->add_option("SPEC", spec_file, "The report specification (YAML)")->required();
    plugins_lock->add_option("-o,--output", lock_output, "The lock file (default: the spec's plugins_lock, or SPEC.plugins.lock.json)")
        ->type_name("FILE");
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

    const auto format = munidash::enum_named<munidash::log_format>(log_format).value_or(munidash::log_format::text);
    munidash::configure_logging(quiet ? munidash::log_level::error
                                : verbosity >= 1 ? munidash::log_level::debug
                                                 : munidash::log_level::info,
                                format);
    for (const auto& dir : plugin_dirs) options.plugin_directories.emplace_back(dir);
    if (!plugins_lock_file.empty()) options.plugins_lock = plugins_lock_file;
    if (!output.empty()) options.output = output;
    for (const auto& setting : settings) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || equals == 0) {
            return report(munidash::munidash_error(
                              munidash::failure_kind::spec,
                              munidash::diagnostic{{}, "--set '" + setting + "': expected NAME=VALUE", "e.g. --set period=2025"}),
                          format);
        }
        options.parameters[setting.substr(0, equals)] = setting.substr(equals + 1);
    }

    try {
        if (*run) {
            options.progress = !quiet && format == munidash::log_format::text;
            options.list_rows = verbosity >= 1;
            // Whatever plugin code prints goes to standard error: stdout holds only the output paths.
            const munidash::stdout_for_results results;
            const auto summary = munidash::run_report(spec_file, options);
            if (!summary.workbook.empty()) results.print_line(summary.workbook.string());
            if (!summary.town_folder.empty()) results.print_line(summary.town_folder.string());
            if (summary.partial) {
                std::string ids, files;
                for (const auto& id : summary.skipped) ids += (ids.empty() ? "" : ", ") + id;
                for (const auto& file : summary.refused_returns) files += (files.empty() ? "" : ", ") + file;
                std::string without;
                if (!ids.empty()) without += ids + " (on_failure: skip)";
                if (!files.empty())
                    without += (without.empty() ? "" : " and ") + std::string("the refused returns ") + files +
                               " (on_refused: skip)";
                munidash::log_event(munidash::log_level::warning, "run_partial",
                                    "partial: the workbook was written without " + without + "; exit code " +
                                        std::to_string(static_cast<int>(munidash::failure_kind::partial)) +
                                        " (accept it with report.allow_partial: true or --allow-partial)",
                                    {{"skipped", ids}, {"refused_returns", files}});
                return static_cast<int>(munidash::failure_kind::partial);
            }
        } else if (*request) {
            options.progress = !quiet && format == munidash::log_format::text;
            options.list_rows = verbosity >= 1;
            if (!request_folder.empty()) options.request_folder = request_folder;
            const munidash::stdout_for_results results;
            const auto summary = munidash::write_requests(spec_file, options);
            for (const auto& file : summary.files) results.print_line(file.string());
        } else if (*validate) {
            const munidash::stdout_for_results results;
            const auto summary = munidash::validate_report(spec_file, options);
            results.print_line(spec_file + ": valid (" + std::to_string(summary.indicators) + " indicators, " +
                               std::to_string(summary.sources) + " sources, " + std::to_string(summary.towns) +
                               " towns selected" +
                               (summary.questions > 0 ? ", " + std::to_string(summary.questions) + " request questions"
                                                      : std::string()) +
                               ")");
        } else if (*verify) {
            const auto found = munidash::verify_manifest(manifest_file);
            for (const auto& change : found.changes) std::cerr << manifest_file << ": changed: " << change << '\n';
            if (!found.changes.empty()) {
                std::cerr << manifest_file << ": " << found.changes.size() << " of " << found.files_checked
                          << " files differ from the run's record (rerun the report, or find out who changed them)\n";
                return static_cast<int>(munidash::failure_kind::input);
            }
            std::cout << manifest_file << ": " << found.files_checked << " files as the run left them\n";
        } else if (*plugins_lock) {
            const munidash::stdout_for_results results;
            const auto written = munidash::lock_plugins(
                spec_file, options, lock_output.empty() ? std::nullopt : std::optional<std::filesystem::path>(lock_output));
            results.print_line(written.string());
        } else if (*plugins_list || *plugins_info) {
            return describe_plugins(options, plugin_name, json);
        }
        return exit_ok;
    } catch (const munidash::munidash_error& e) {
        return report(e, format);
    } catch (const std::exception& e) {
        std::cerr << "error: unexpected failure: " << e.what()
                  << " (please report it with the spec and the command line)\n";
        return exit_internal;
    }
}
