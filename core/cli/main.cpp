// munidash: parse the command line, call the engine, map failures to exit codes.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "base/diagnostics.hpp"
#include "base/logging.hpp"
#include "base/platform.hpp"
#include "plugins/plugin_catalog.hpp"
#include "run/engine.hpp"
#include "run/run_manifest.hpp"

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
    const auto catalog =
        name_or_path.empty() ? munidash::catalog_of(host) : munidash::find_in_catalog(host, name_or_path);
    results.print(json ? munidash::catalog_json(host, catalog) : munidash::catalog_text(host, catalog));
    return catalog.refusals.empty() ? exit_ok : static_cast<int>(munidash::failure_kind::plugin);
}

// What the command line asked for: the engine's options, the command and its arguments.
struct command_line {
    munidash::engine_options options;
    std::vector<std::string> plugin_dirs;
    std::string plugins_lock_file;
    std::vector<std::string> settings;  // --set NAME=VALUE, checked once parsed
    int verbosity = 0;
    bool quiet = false;
    std::string log_format = std::string(munidash::name_of(munidash::log_format::text));
    std::string spec_file;
    std::string output;          // run -o
    std::string request_folder;  // request -o
    std::string manifest_file;
    std::string lock_output;  // plugins lock -o
    std::string plugin_name;  // plugins info
    bool json = false;
    CLI::App* run = nullptr;
    CLI::App* request = nullptr;
    CLI::App* validate = nullptr;
    CLI::App* verify = nullptr;
    CLI::App* plugins_lock = nullptr;
    CLI::App* plugins_list = nullptr;
    CLI::App* plugins_info = nullptr;
};

// The options every command takes, before or after the command's name.
void add_global_options(CLI::App& app, command_line& line) {
    app.add_option("--plugin-dir", line.plugin_dirs, "Also load plugins from this folder (repeatable)")
        ->type_name("DIR");
    app.add_option("--plugins-lock", line.plugins_lock_file,
                   "Refuse any plugin the spec needs that is not the build this lock file pins (munidash plugins lock)")
        ->type_name("FILE");
    app.add_flag("--isolate-plugins", line.options.isolate_plugins,
                 "Compute every indicator in a child process (isolation: process): a crash, exit() or a limit "
                 "is a failure of that indicator");
    app.add_option("--set", line.settings, "Give a spec parameter a value: --set period=2025 (repeatable)")
        ->type_name("NAME=VALUE");
    app.add_flag("-v,--verbose", line.verbosity, "Log at debug level; run lists each mapped or set-aside row");
    app.add_flag("-q,--quiet", line.quiet, "Log only errors");
    std::string log_formats;
    for (const auto& name : munidash::enum_names<munidash::log_format>())
        log_formats += (log_formats.empty() ? "" : "|") + name;
    app.add_option("--log-format", line.log_format,
                   "text (timestamped when not on a terminal), or json: one object a line")
        ->check(CLI::IsMember(munidash::enum_names<munidash::log_format>()))
        ->type_name(log_formats);
}

// `run` and `request`: the commands that write workbooks.
void add_writing_commands(CLI::App& app, command_line& line) {
    auto& options = line.options;
    line.run = app.add_subcommand("run", "Compute a report and write its workbook");
    line.run->add_option("SPEC", line.spec_file, "The report specification (YAML)")->required();
    line.run->add_option("-o,--output", line.output, "Write the workbook here instead of output.workbook")
        ->type_name("FILE.xlsx");
    line.run->add_option("--shard", options.shard, "Write the town workbooks of shard K of N (several machines)")
        ->type_name("K/N");
    line.run
        ->add_option("-j,--jobs", options.jobs,
                     "Threads computing the Monte Carlo draws and writing town workbooks (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    line.run
        ->add_option(
            "--wait", options.wait_seconds,
            "When another run is writing the same output, wait up to SECONDS for it (default: exit 75 at once)")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.0, 86400.0));
    line.run->add_flag("--force", options.force, "Replace a read-only workbook too (it keeps its mode)");
    line.run->add_flag(
        "--allow-partial", options.allow_partial,
        "Exit 0, not 6, when an indicator was skipped (on_failure: skip) or a return refused (on_refused: skip)");
    line.request = app.add_subcommand("request", "Write one request workbook per selected town (the spec's requests)");
    line.request->add_option("SPEC", line.spec_file, "The report specification (YAML)")->required();
    line.request
        ->add_option("-o,--output", line.request_folder,
                     "Write the request workbooks into this folder instead of requests.output's")
        ->type_name("FOLDER");
    line.request->add_option("--shard", options.shard, "Write the request workbooks of shard K of N (several machines)")
        ->type_name("K/N");
    line.request->add_option("-j,--jobs", options.jobs, "Threads writing request workbooks (default: one per core)")
        ->check(CLI::Range(1u, 256u));
    line.request
        ->add_option(
            "--wait", options.wait_seconds,
            "When another run is writing the same requests, wait up to SECONDS for it (default: exit 75 at once)")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.0, 86400.0));
    line.request->add_flag("--force", options.force, "Replace read-only request workbooks too (they keep their mode)");
}

// `validate`, `verify` and `plugins list|lock|info`: the commands that check or describe.
void add_checking_commands(CLI::App& app, command_line& line) {
    line.validate = app.add_subcommand("validate", "Check a report specification without computing");
    line.validate->add_option("SPEC", line.spec_file, "The report specification (YAML)")->required();
    line.verify = app.add_subcommand("verify", "Check that a run's inputs and outputs are as its manifest says");
    line.verify->add_option("MANIFEST", line.manifest_file, "The .manifest.json a run wrote beside its workbook")
        ->required();
    auto* plugins = app.add_subcommand("plugins", "Inspect the indicator plugins");
    plugins->require_subcommand(1);
    line.plugins_list = plugins->add_subcommand("list", "List the plugins, their indicators and parameters");
    line.plugins_list->add_flag("--json", line.json, "Print JSON for scripts");
    line.plugins_lock =
        plugins->add_subcommand("lock", "Pin the plugins a spec needs: name, version, SHA-256 of each file");
    line.plugins_lock->add_option("SPEC", line.spec_file, "The report specification (YAML)")->required();
    line.plugins_lock
        ->add_option("-o,--output", line.lock_output,
                     "The lock file (default: the spec's plugins_lock, or SPEC.plugins.lock.json)")
        ->type_name("FILE");
    line.plugins_info = plugins->add_subcommand("info", "Describe one plugin, loaded by name or from a file");
    line.plugins_info->add_option("NAME_OR_PATH", line.plugin_name, "A loaded plugin's name, or a plugin file's path")
        ->required();
    line.plugins_info->add_flag("--json", line.json, "Print JSON for scripts");
}

// Moves what was parsed into the engine's options; throws munidash_error(spec) for a --set that is not NAME=VALUE.
void complete_options(command_line& line) {
    auto& options = line.options;
    for (const auto& dir : line.plugin_dirs) options.plugin_directories.emplace_back(dir);
    if (!line.plugins_lock_file.empty()) options.plugins_lock = line.plugins_lock_file;
    if (!line.output.empty()) options.output = line.output;
    if (!line.request_folder.empty()) options.request_folder = line.request_folder;
    for (const auto& setting : line.settings) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || equals == 0)
            throw munidash::munidash_error(
                munidash::failure_kind::spec,
                munidash::diagnostic{{}, "--set '" + setting + "': expected NAME=VALUE", "e.g. --set period=2025"});
        options.parameters[setting.substr(0, equals)] = setting.substr(equals + 1);
    }
    const bool text_log = munidash::enum_named<munidash::log_format>(line.log_format) != munidash::log_format::json;
    options.progress = !line.quiet && text_log;
    options.list_rows = line.verbosity >= 1;
}

// `run`: the paths written on stdout; exit 6 when the run was partial and nothing accepts it.
int run_command(const command_line& line) {
    // Whatever plugin code prints goes to standard error: stdout holds only the output paths.
    const munidash::stdout_for_results results;
    const auto summary = munidash::run_report(line.spec_file, line.options);
    if (!summary.workbook.empty()) results.print_line(summary.workbook.string());
    if (!summary.town_folder.empty()) results.print_line(summary.town_folder.string());
    if (!summary.partial) return exit_ok;
    std::string ids, files;
    for (const auto& id : summary.skipped) ids += (ids.empty() ? "" : ", ") + id;
    for (const auto& file : summary.refused_returns) files += (files.empty() ? "" : ", ") + file;
    std::string without;
    if (!ids.empty()) without += ids + " (on_failure: skip)";
    if (!files.empty())
        without +=
            (without.empty() ? "" : " and ") + std::string("the refused returns ") + files + " (on_refused: skip)";
    munidash::log_event(munidash::log_level::warning, "run_partial",
                        "partial: the workbook was written without " + without + "; exit code " +
                            std::to_string(static_cast<int>(munidash::failure_kind::partial)) +
                            " (accept it with report.allow_partial: true or --allow-partial)",
                        {{"skipped", ids}, {"refused_returns", files}});
    return static_cast<int>(munidash::failure_kind::partial);
}

// `validate`: one line on stdout saying what the spec holds.
int validate_command(const command_line& line) {
    const munidash::stdout_for_results results;
    const auto summary = munidash::validate_report(line.spec_file, line.options);
    results.print_line(
        line.spec_file + ": valid (" + std::to_string(summary.indicators) + " indicators, " +
        std::to_string(summary.sources) + " sources, " + std::to_string(summary.towns) + " towns selected" +
        (summary.questions > 0 ? ", " + std::to_string(summary.questions) + " request questions" : std::string()) +
        ")");
    return exit_ok;
}

// `verify`: each changed file on stderr and exit 4, or how many files are as the run left them.
int verify_command(const command_line& line) {
    const auto found = munidash::verify_manifest(line.manifest_file);
    for (const auto& change : found.changes) std::cerr << line.manifest_file << ": changed: " << change << '\n';
    if (!found.changes.empty()) {
        std::cerr << line.manifest_file << ": " << found.changes.size() << " of " << found.files_checked
                  << " files differ from the run's record (rerun the report, or find out who changed them)\n";
        return static_cast<int>(munidash::failure_kind::input);
    }
    std::cout << line.manifest_file << ": " << found.files_checked << " files as the run left them\n";
    return exit_ok;
}

// The command that was parsed, run; its exit code.
int dispatch(const command_line& line) {
    if (*line.run) return run_command(line);
    if (*line.request) {
        const munidash::stdout_for_results results;
        const auto summary = munidash::write_requests(line.spec_file, line.options);
        for (const auto& file : summary.files) results.print_line(file.string());
        return exit_ok;
    }
    if (*line.validate) return validate_command(line);
    if (*line.verify) return verify_command(line);
    if (*line.plugins_lock) {
        const munidash::stdout_for_results results;
        const auto written = munidash::lock_plugins(
            line.spec_file, line.options,
            line.lock_output.empty() ? std::nullopt : std::optional<std::filesystem::path>(line.lock_output));
        results.print_line(written.string());
        return exit_ok;
    }
    return describe_plugins(line.options, line.plugin_name, line.json);  // plugins list or info
}

// The whole command: parse, dispatch, map failures to exit codes.
int run_command_line(int argc, char** argv) {
    // First, before any thread starts: SIGINT and SIGTERM remove the temporary files and exit 130 / 143.
    munidash::platform::handle_interruptions();
    CLI::App app{"munidash: digital-inclusion dashboards for French small towns, as Excel workbooks"};
    app.set_version_flag("--version", std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " +
                                          std::to_string(MUNIDASH_PLUGIN_ABI) + ")");
    app.require_subcommand(1);
    app.fallthrough();  // global options may also follow the command: munidash run spec.yaml --set x=1
    command_line line;
    add_global_options(app, line);
    add_writing_commands(app, line);
    add_checking_commands(app, line);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : static_cast<int>(munidash::failure_kind::spec);
    }

    const auto format =
        munidash::enum_named<munidash::log_format>(line.log_format).value_or(munidash::log_format::text);
    munidash::configure_logging(line.quiet            ? munidash::log_level::error
                                : line.verbosity >= 1 ? munidash::log_level::debug
                                                      : munidash::log_level::info,
                                format);
    try {
        complete_options(line);
        return dispatch(line);
    } catch (const munidash::munidash_error& e) {
        return report(e, format);
    } catch (const std::exception& e) {
        std::cerr << "error: unexpected failure: " << e.what()
                  << " (please report it with the spec and the command line)\n";
        return exit_internal;
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run_command_line(argc, argv);
    } catch (...) {
        // Only what could not even be reported gets here (setting up the command line, or writing the report).
        std::fputs("error: unexpected failure before or while reporting an error (please report it)\n", stderr);
        return exit_internal;
    }
}
