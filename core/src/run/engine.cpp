#include "run/engine.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "sources/code_mapping.hpp"
#include "sources/commune_directory.hpp"
#include "compute/comparisons.hpp"
#include "compute/composite.hpp"
#include "compute/evaluator.hpp"
#include "base/logging.hpp"
#include "base/placeholders.hpp"
#include "base/platform.hpp"
#include "plugins/plugin_lock.hpp"
#include "run/engine_steps.hpp"
#include "compute/report_plan.hpp"
#include "sources/returns_source.hpp"
#include "run/run_manifest.hpp"
#include "base/sha256.hpp"
#include "sources/source_age.hpp"
#include "sources/source_table.hpp"
#include "spec/spec_reader.hpp"
#include "run/town_outputs.hpp"
#include "sources/towns.hpp"
#include "workbook/report_workbook.hpp"

namespace munidash {

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& given) {
    std::vector<std::filesystem::path> path = given;
    if (const char* env = std::getenv("MUNIDASH_PLUGIN_PATH"); env && *env) {
        std::string_view rest = env;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto item = rest.substr(0, colon);
            if (!item.empty()) path.emplace_back(item);
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    path.push_back(plugin_host::default_directory());
    return path;
}

namespace {

// Loads the plugins a spec may need. A refused plugin stops only a spec that names an indicator
// no loaded plugin has (it may be the refused one's); otherwise it is a warning, so that a broken
// file in a shared plugin folder does not stop every report.
void load_plugins_for(const report_spec& spec, plugin_host& host, const engine_options& options, bool pinned) {
    if (pinned && options.plugins_lock)
        host.require_pins(read_plugin_lock(*options.plugins_lock, {*options.plugins_lock, 0, 0}));
    else if (pinned && !spec.plugins_lock.empty())
        host.require_pins(read_plugin_lock(spec.plugins_lock, spec.plugins_lock_where));
    host.load_directories(plugin_search_path(options.plugin_directories));
    if (host.refusals().empty()) return;
    std::vector<diagnostic> missing;
    for (const auto& indicator : spec.indicators)
        if (!indicator.plugin.empty() && host.registry().find(indicator.plugin) == nullptr)
            missing.push_back({indicator.plugin_where,
                               "indicator '" + indicator.id + "' uses '" + indicator.plugin +
                                   "', which no loaded plugin provides, and " +
                                   std::to_string(host.refusals().size()) + " plugin file(s) were refused",
                               "fix the refusal that concerns it (above), or check the name: munidash plugins list"});
    if (missing.empty()) {
        for (const auto& refusal : host.refusals())
            log_warning(format_diagnostic(refusal) + " (this spec does not need it)");
        return;
    }
    auto all = host.refusals();
    all.insert(all.end(), missing.begin(), missing.end());
    throw munidash_error(failure_kind::plugin, std::move(all));
}

}  // namespace

std::filesystem::path workbook_path(const report_spec& spec) {
    // The spec reader refused any other placeholder.
    const std::filesystem::path p(
        fill_placeholders(spec.output.workbook, {{"report.id", spec.report.id}, {"report.period", spec.report.period}}));
    return (p.is_absolute() ? p : spec.output.folder / p).lexically_normal();
}

std::time_t document_time() {
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    if (!epoch || !*epoch) return std::time(nullptr);
    long long seconds = 0;
    const auto end = epoch + std::char_traits<char>::length(epoch);
    const auto [ptr, ec] = std::from_chars(epoch, end, seconds);
    if (ec != std::errc{} || ptr != end || seconds < 0)
        throw munidash_error(failure_kind::spec,
                             diagnostic{{}, std::string("SOURCE_DATE_EPOCH is '") + epoch +
                                                "', expected a number of seconds since 1970",
                                        "unset it, or set it to e.g. $(git log -1 --format=%ct)"});
    return static_cast<std::time_t>(seconds);
}

namespace {

// Logs how long each phase of a run took (at debug level: -v), for benchmarks and slow runs.
// The phases are also kept for the run's manifest.
class phase_timer {
public:
    explicit phase_timer(std::vector<std::pair<std::string, double>>& phases) : phases_(phases) {}
    void done(const std::string& phase) {
        const auto now = std::chrono::steady_clock::now();
        const auto ms = std::chrono::duration<double, std::milli>(now - start_).count();
        // Memory beside time: the peak is the process's so far, so a phase that raised it shows it.
        const auto memory = platform::process_memory();
        const auto megabytes = [](std::uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20); };
        std::string line = "timing: ";
        line += phase;
        line += ": ";
        line += std::to_string(static_cast<long long>(ms + 0.5));
        line += " ms; memory ";
        line += megabytes(memory.resident_bytes);
        line += " MB, peak so far ";
        line += megabytes(memory.peak_bytes);
        line += " MB";
        log_debug(line);
        phases_.emplace_back(phase, std::round(ms));
        start_ = now;
    }

private:
    std::vector<std::pair<std::string, double>>& phases_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

checked_report check_report(const std::filesystem::path& spec_file, plugin_host& host, const engine_options& options) {
    checked_report out{read_report_spec(spec_file, options.parameters), {}};
    // Pinned plugins are checked while loading: a build the lock file does not pin never runs.
    load_plugins_for(out.spec, host, options, true);
    diagnostic_list problems;
    out.plan = plan_report(out.spec, host.registry(), problems);
    problems.throw_if_any(failure_kind::spec);
    for (const auto& warning : out.plan.warnings)
        log_warning(to_string(warning.where) + ": " + warning.message + " (" + warning.hint + ")");
    for (auto& planned : out.plan.indicators) {
        if (options.isolate_plugins) planned.isolation.mode = isolation_mode::process;
        // setrlimit can bound a child only: in this process the whole engine would share the limit.
        if (planned.isolation.mode == isolation_mode::none && planned.isolation.memory_limit)
            log_warning(to_string(planned.spec->isolation.memory_limit ? planned.spec->isolation.memory_where
                                                                       : out.spec.plugins.memory_where) +
                        ": the memory limit of indicator '" + planned.spec->id +
                        "' is enforced only with isolation: process (or --isolate-plugins); it computes in "
                        "munidash's own process without it");
    }
    return out;
}

namespace {

// The columns each source gives the plan's indicators; with `counts_only`, those that a plugin
// declares as counts, whose former communes' rows add up; with `numbers_only`, not the text columns.
std::map<std::string, std::set<std::string>> columns_used(const report_plan& plan, bool counts_only = false,
                                                          bool numbers_only = false) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& planned : plan.indicators)
        for (const auto& param : planned.params)
            if ((!counts_only || param.declaration.counts) &&
                (!numbers_only || param.declaration.type != param_type::text_column))
                for (const auto& ref : param.columns)
                    if (ref.source != "towns") out[ref.source].insert(ref.column);
    return out;
}

// What each source is read for: by the indicators' params (numbers, or text for a text column)
// and by the requests' pre-filled answers. A source keeps only these columns.
std::map<std::string, source_columns> source_columns_used(const report_spec& spec, const report_plan& plan) {
    std::map<std::string, source_columns> out;
    for (const auto& planned : plan.indicators)
        for (const auto& param : planned.params)
            for (const auto& ref : param.columns) {
                auto& used = out[ref.source];
                (param.declaration.type == param_type::text_column ? used.texts : used.numbers).insert(ref.column);
            }
    for (const auto& q : spec.requests.questions) {
        if (q.prefill_source.empty()) continue;
        const bool numeric = q.type == question_type::number || q.type == question_type::integer ||
                             q.type == question_type::percent;
        auto& used = out[q.prefill_source];
        (numeric ? used.numbers : used.texts).insert(q.prefill_column);
    }
    return out;
}

// The accepted answers of a folder of returned requests, after saying what became of each file:
// how many towns answered, how many files were refused and why, how many towns did not answer.
// Refused files fail the run (exit 4) with every problem of every file, unless on_refused: skip.
csv_table read_returned(const source_spec& source, const town_list& towns, bool list_files,
                        std::vector<return_file>& files) {
    std::set<std::string, std::less<>> selected;
    for (const auto& t : towns.towns) selected.insert(t.code);
    auto read = read_returns(source, selected);
    std::map<std::string, std::size_t> reasons;
    std::set<std::string> answered;
    std::vector<diagnostic> problems;
    for (const auto& f : read.files) {
        if (!f.refused) answered.insert(f.town);
        else ++reasons[f.reason];
        problems.insert(problems.end(), f.problems.begin(), f.problems.end());
        if (list_files)
            log_info("  " + f.file.filename().string() + ": " + (f.refused ? "refused, " + f.reason : "town " + f.town));
    }
    std::string why;
    for (const auto& [reason, count] : reasons) why += (why.empty() ? " (" : ", ") + std::to_string(count) + " " + reason;
    const auto refused = read.files.size() - answered.size();
    const auto silent = std::count_if(towns.towns.begin(), towns.towns.end(),
                                      [&](const town& t) { return !answered.contains(t.code); });
    log_event(refused > 0 ? log_level::warning : log_level::info, "returns_read",
              "source " + source.name + ": " + std::to_string(answered.size()) + " towns answered, " + std::to_string(refused) +
                  " files refused" + (why.empty() ? "" : why + ")") + ", " + std::to_string(silent) +
                  " selected towns did not answer",
              {{"source", source.name}, {"answered", std::to_string(answered.size())}, {"refused", std::to_string(refused)},
               {"no_answer", std::to_string(silent)}});
    if (!problems.empty()) {
        if (!source.skip_refused)
            throw munidash_error(failure_kind::input, std::move(problems));
        for (const auto& d : problems) log_warning(format_diagnostic(d) + " (on_refused: skip: the file is left out)");
    }
    files = std::move(read.files);
    return std::move(read.table);
}

}  // namespace

// The sources of the spec, read for one period (rows of other periods are left out when a source
// names its periods), each row attributed to today's commune, and what reading them found.
std::pair<std::map<std::string, source_table>, std::vector<source_summary>>
load_sources(const report_spec& spec, const report_plan& plan, const std::string& period, const code_mapper& mapper,
             bool list_rows, const town_list& towns) {
    std::map<std::string, source_table> sources;
    std::vector<source_summary> summaries;
    const auto counts = columns_used(plan, true);
    const auto used = source_columns_used(spec, plan);
    for (const auto& source : spec.sources) {
        // Columns that a plugin reads as counts add up, as do those the spec lists.
        auto read_as = source;
        if (const auto it = counts.find(source.name); it != counts.end())
            for (const auto& column : it->second)
                if (std::find(read_as.merge.add.begin(), read_as.merge.add.end(), column) == read_as.merge.add.end())
                    read_as.merge.add.push_back(column);
        std::vector<return_file> return_files;
        const auto columns = used.find(source.name);
        const auto& table =
            sources
                .emplace(source.name,
                         source.returns.empty()
                             ? source_table(read_as, columns == used.end() ? source_columns{} : columns->second, &mapper, period)
                             : source_table(read_returned(source, towns, list_rows, return_files), read_as, &mapper, period))
                .first->second;
        source_summary summary{source.name, table.row_count(),
                               table.rows_without_valid_code(), 0, table.mapped_rows(), table.set_aside_rows(),
                               !source.returns.empty(), std::move(return_files)};
        summary.rows_outside_reference = summary.set_aside.size() - summary.rows_without_code;
        if (const auto years = stale_years(source, spec.report))
            log_warning("source " + source.name + ": its vintage '" + source.vintage + "' is " + std::to_string(*years) +
                        " years before the period " + spec.report.period + " (report.max_data_age: " +
                        std::to_string(static_cast<int>(spec.report.max_data_age)) + "); the workbook says so");
        log_event(log_level::info, "source_read",
                  "read source " + source.name + ": " + std::to_string(summary.rows) + " rows from " +
                      (source.returns.empty() ? source.file : source.returns).string() + (source.period_column.empty() ? std::string() : " (period " + period + ")"),
                  {{"source", source.name}, {"rows", std::to_string(summary.rows)}, {"file", (source.returns.empty() ? source.file : source.returns).string()},
                   {"period", period}});
        const auto moved = std::count_if(summary.mapped.begin(), summary.mapped.end(),
                                         [](const mapped_row& r) { return r.kind != code_change::split; });
        if (moved > 0)
            log_info("source " + source.name + ": " + std::to_string(moved) +
                     " rows carry the code of a former commune or an arrondissement and count for today's commune"
                     " (listed on the data-quality sheet; -v lists them here)");
        if (const auto splits = summary.mapped.size() - static_cast<std::size_t>(moved); splits > 0)
            log_warning("source " + source.name + ": " + std::to_string(splits) +
                        " rows carry the code of a commune whose territory changed since; an older row may cover"
                        " a commune that is separate today (listed on the data-quality sheet)");
        std::map<set_aside_reason, std::size_t> reasons;
        for (const auto& r : summary.set_aside) ++reasons[r.reason];
        for (const auto& [reason, count] : reasons)
            log_warning("source " + source.name + ": " + std::to_string(count) +
                        (reason == set_aside_reason::not_a_code ? " rows have no valid INSEE code in '" + source.key + "'"
                         : reason == set_aside_reason::not_in_reference
                             ? " rows have a code that is not in the reference list (" + reference_name(spec.towns) + ")"
                             : " rows set aside: " + std::string(describe(reason))) +
                        "; they are listed on the data-quality sheet (-v lists them here)");
        if (list_rows) {
            for (const auto& r : summary.mapped)
                log_info("  " + source.file.filename().string() + ":" + std::to_string(r.line) + ": " + r.code +
                         (r.name.empty() ? "" : " (" + r.name + ")") + " -> " + r.town + ", " +
                         std::string(to_string(r.kind)) + (r.changed.empty() ? "" : " " + r.changed));
            for (const auto& r : summary.set_aside)
                log_info("  " + source.file.filename().string() + ":" + std::to_string(r.line) + ": '" + r.code +
                         "' set aside: " + std::string(describe(r.reason)));
        }
        if (!source.period_column.empty() && table.row_count() == table.rows_of_other_periods())
            throw munidash_error(failure_kind::input,
                                 diagnostic{source.period_column_where,
                                            "source " + source.name + " has no row for period '" + period +
                                                "' in column '" + source.period_column + "'",
                                            "check report.period and report.previous_period against the file"});
        summaries.push_back(std::move(summary));
    }
    return {std::move(sources), std::move(summaries)};
}

namespace {

// Reads every cell the indicators will use before computing anything, so that a file with
// several problems reports them all at once: rows of merged communes that the spec does not say
// how to combine (a spec error), then cells that are not numbers (a data error).
void check_inputs(const report_plan& plan, const std::map<std::string, source_table>& sources,
                  const std::vector<std::string>& codes) {
    diagnostic_list merges, cells;
    for (const auto& [source, columns] : columns_used(plan)) {
        const auto& table = sources.at(source);
        for (const auto& column : columns) table.check_merges(column, merges);
    }
    // Only the columns a plugin reads as numbers: a text column (opening hours) is the plugin's to read.
    for (const auto& [source, columns] : columns_used(plan, false, true)) {
        const auto& table = sources.at(source);
        for (const auto& column : columns)
            if (table.has_column(column)) table.numbers(column, codes, &cells);
    }
    merges.throw_if_any(failure_kind::spec);
    if (cells.empty()) return;
    // In the order of the file, as someone fixing it reads it; enough to see the pattern, the rest counted.
    auto found = cells.items();
    std::stable_sort(found.begin(), found.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::pair(a.where.file, a.where.line) < std::pair(b.where.file, b.where.line);
    });
    const std::size_t shown = 20;
    if (found.size() > shown) {
        const auto more = found.size() - shown;
        found.resize(shown);
        found.push_back({found.back().where, "and " + std::to_string(more) + " more cells that are not numbers",
                         "fix the file, or declare its dialect in the spec"});
    }
    throw munidash_error(failure_kind::input, std::move(found));
}

// A whole city's row cannot be divided between the arrondissements the report compares: refused
// when one of them is selected, instead of leaving them without a value nobody explains.
void check_whole_cities(const report_plan& plan, const std::map<std::string, source_table>& sources,
                        const town_list& towns, const commune_directory& directory) {
    std::set<std::string, std::less<>> selected;
    for (const auto& t : towns.towns) selected.insert(t.code);
    diagnostic_list problems;
    for (const auto& [name, columns] : columns_used(plan)) {
        const auto& table = sources.at(name);
        for (const auto& row : table.set_aside_rows()) {
            if (row.reason != set_aside_reason::whole_city) continue;
            std::string parts;
            for (const auto& a : directory.arrondissements_of(row.code))
                if (selected.contains(a)) parts += (parts.empty() ? "" : ", ") + a;
            if (!parts.empty())
                problems.add({table.spec().file, row.line, 0},
                             "source '" + name + "' gives the whole city " + row.code + ", but the report compares its arrondissements " + parts +
                                 ": a city's row cannot be divided between them",
                             "use the built-in list of communes (omit towns.reference), which has the whole city, or a "
                             "source by arrondissement");
        }
    }
    problems.throw_if_any(failure_kind::input);
}

}  // namespace

validation_summary validate_report(const std::filesystem::path& spec_file, const engine_options& options) {
    plugin_host host;
    const auto checked = check_report(spec_file, host, options);
    // The selection is checked too: a criterion no town can match is a mistake, found before a run.
    const auto towns = select_towns(reference_communes(checked.spec.towns, commune_directory::builtin()), checked.spec.towns);
    diagnostic_list too_large;
    check_sheet_sizes(checked.spec, checked.plan.indicators.size(), towns.towns.size(), too_large);
    too_large.throw_if_any(failure_kind::spec);
    return {checked.plan.indicators.size(), checked.spec.sources.size(), towns.towns.size(),
            checked.spec.requests.questions.size()};
}

std::filesystem::path lock_plugins(const std::filesystem::path& spec_file, const engine_options& options,
                                   const std::optional<std::filesystem::path>& target) {
    plugin_host host;
    checked_report checked{read_report_spec(spec_file, options.parameters), {}};
    load_plugins_for(checked.spec, host, options, false);  // pinning again must not require the old pins
    diagnostic_list problems;
    checked.plan = plan_report(checked.spec, host.registry(), problems);
    problems.throw_if_any(failure_kind::spec);
    const auto path = target ? *target
                      : !checked.spec.plugins_lock.empty()
                          ? checked.spec.plugins_lock
                          : spec_file.parent_path() / (spec_file.stem().string() + ".plugins.lock.json");
    write_plugin_lock(plugins_of(checked.plan), path);
    return path;
}

namespace {

// Where a run's manifest goes: beside the report's workbook, or in the town workbooks' folder
// (one per shard) when this run writes no report workbook.
std::filesystem::path manifest_path(const report_spec& spec, const engine_options& options, shard part) {
    if ((options.output || !spec.output.workbook.empty()) && part.index == 1)
        return std::filesystem::path(options.output ? *options.output : workbook_path(spec)).replace_extension(".manifest.json");
    return town_output_root(spec) /
           ("munidash-manifest" +
            (part.count > 1 ? "-shard-" + std::to_string(part.index) + "-of-" + std::to_string(part.count) : std::string()) +
            ".json");
}

// The run's inputs, plugins and counts known before anything is computed.
void record_inputs(run_record& record, const std::filesystem::path& spec_file, const report_spec& spec,
                   const plugin_host& host, const engine_options& options) {
    record.parameters = {options.parameters.begin(), options.parameters.end()};
    record.shard = options.shard;
    record.inputs.push_back(describe_file("spec", spec_file));
    if (!spec.towns.builtin_reference) record.inputs.push_back(describe_file("reference", spec.towns.reference.file));
    for (const auto* name : {"communes.csv", "history.csv", "departments.csv", "regions.csv", "epcis.csv"})
        record.inputs.push_back(describe_file("built-in communes", commune_directory::builtin().folder() / name));
    for (const auto& source : spec.sources) {
        if (source.returns.empty()) record.inputs.push_back(describe_file("source " + source.name, source.file));
        else
            for (const auto& file : returned_files(source.returns))
                record.inputs.push_back(describe_file("return of source " + source.name, file));
    }
    for (const auto& plugin : host.plugins())
        record.plugins.push_back({plugin.name, plugin.version, plugin.file, sha256_of_file(plugin.file).value_or("")});
}

// Reads, computes, compares and writes; what it read and wrote goes into `record`.
run_summary produce_report(const checked_report& checked, plugin_host& host, const engine_options& options, shard part,
                           run_record& record);

}  // namespace

run_summary run_report(const std::filesystem::path& spec_file, const engine_options& options) {
    const auto part = options.shard.empty() ? shard{} : parse_shard(options.shard);
    plugin_host host;
    const auto checked = check_report(spec_file, host, options);
    const auto& spec = checked.spec;
    if (part.count > 1 && spec.output.per_town.empty())
        throw munidash_error(failure_kind::spec,
                             diagnostic{spec.output.where, "--shard splits the towns' workbooks, but the spec asks for none",
                                        "add output.per_town, e.g. \"towns/{town.code}-{town.slug}.xlsx\""});
    // From here on, the run leaves a manifest beside its outputs, whether it succeeds or not.
    run_record record;
    record.engine = std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " + std::to_string(MUNIDASH_PLUGIN_ABI) + ")";
    record.started = utc_now();
    const auto manifest = manifest_path(spec, options, part);
    try {
        record_inputs(record, spec_file, spec, host, options);
        auto summary = produce_report(checked, host, options, part, record);
        record.finished = utc_now();
        record.warnings = logged_warnings();
        if (summary.partial) {
            record.exit_status = static_cast<int>(failure_kind::partial);
            for (const auto& id : summary.skipped) record.errors.push_back("indicator " + id + " skipped (on_failure: skip)");
            for (const auto& file : summary.refused_returns)
                record.errors.push_back("returned workbook " + file + " refused (on_refused: skip)");
        }
        write_manifest(record, manifest);
        summary.manifest = manifest;
        log_info("wrote the run's manifest " + manifest.string());
        return summary;
    } catch (const munidash_error& e) {
        record.finished = utc_now();
        record.warnings = logged_warnings();
        record.exit_status = static_cast<int>(e.kind());
        for (const auto& d : e.diagnostics()) record.errors.push_back(format_diagnostic(d));
        try {
            write_manifest(record, manifest);
        } catch (const munidash_error& not_written) {
            log_warning(format_diagnostic(not_written.diagnostics().front()));
        }
        throw;
    }
}

namespace {

run_summary produce_report(const checked_report& checked, plugin_host& host, const engine_options& options, shard part,
                           run_record& record) {
    const auto& spec = checked.spec;
    const auto created = document_time();

    const bool writes_workbook = (!spec.output.workbook.empty() || options.output) && part.index == 1;
    const auto workbook = writes_workbook ? (options.output ? *options.output : workbook_path(spec))
                                          : std::filesystem::path();

    phase_timer timer(record.timings_ms);
    const auto& directory = commune_directory::builtin();
    const auto reference = reference_communes(spec.towns, directory);
    const auto towns = select_towns(reference, spec.towns);
    log_event(log_level::info, "towns_selected",
              "selected " + std::to_string(towns.towns.size()) + " towns of " + std::to_string(reference.size()) +
                  " in " + reference_name(spec.towns),
              {{"towns", std::to_string(towns.towns.size())}, {"of", std::to_string(reference.size())}});
    // Found here, from the spec, rather than as a failed write after the whole computation.
    if (writes_workbook) {
        diagnostic_list too_large;
        check_sheet_sizes(spec, checked.plan.indicators.size(), towns.towns.size(), too_large);
        too_large.throw_if_any(failure_kind::spec);
    }

    std::set<std::string, std::less<>> known;
    for (const auto& c : reference) known.insert(c.code);
    // Checked before anything is computed: a code outside the selection must not cost a whole run.
    std::vector<std::size_t> with_workbooks;
    if (!spec.output.per_town.empty()) {
        with_workbooks = towns_with_workbooks(spec, towns, known);
        if (spec.output.per_town_only.present)
            log_info("output.per_town_only: " + std::to_string(with_workbooks.size()) + " of the " +
                     std::to_string(towns.towns.size()) + " selected towns get a workbook; all are compared");
    }
    // One run at a time per output, taken before anything is computed: the second run learns at
    // once that it would be overwritten or would overwrite. The town workbooks take one lock for
    // their folder and shard, not one per file: a batch is one job, 35,000 lock files would be
    // noise, and the shards of one batch are meant to run side by side. Taken after the checks of
    // the spec, so that a refused spec leaves no folder behind.
    std::vector<std::unique_ptr<output_lock>> locks;
    if (writes_workbook) {
        locks.push_back(std::make_unique<output_lock>(lock_file_of(workbook), workbook, options.wait_seconds));
        check_replaceable(workbook, options.force);
    }
    if (!spec.output.per_town.empty()) {
        const auto root = town_output_root(spec);
        const std::string name = part.count > 1 ? ".munidash-towns-shard-" + std::to_string(part.index) + "-of-" +
                                                      std::to_string(part.count) + ".lock"
                                                : std::string(".munidash-towns.lock");
        locks.push_back(std::make_unique<output_lock>(root / name, root, options.wait_seconds));
    }
    const code_mapper mapper(std::move(known), directory);
    auto [sources, summaries] = load_sources(spec, checked.plan, spec.report.period, mapper, options.list_rows, towns);
    // The department's value is over all its towns, not only the selected ones: the towns of the
    // reference list in the selection's departments. Their cells are read once, with the selection's.
    town_list department_towns;
    {
        std::set<std::string, std::less<>> departments;
        for (const auto& t : towns.towns) departments.insert(t.department);
        for (const auto& c : reference)
            if (departments.contains(c.department))
                department_towns.towns.push_back({c.code, c.name, c.population, c.department, c.department_name,
                                                  c.region, c.epci, c.epci_name, 0});
    }
    check_inputs(checked.plan, sources, department_towns.codes());
    check_whole_cities(checked.plan, sources, towns, directory);

    timer.done("reading the reference list and the sources");
    const auto values = evaluate(checked.plan, towns, sources, host);
    timer.done("computing the indicators");
    std::vector<std::size_t> group_of;
    std::vector<std::string> department_of;
    for (const auto& t : towns.towns) {
        group_of.push_back(t.peer_group);
        department_of.push_back(t.department);
    }
    const comparison_layout layout{group_of, towns.groups.size(), department_of};
    std::vector<indicator_comparison> comparisons;
    for (std::size_t k = 0; k < values.size(); ++k) {
        const auto& planned = checked.plan.indicators[k];
        const indicator_counts counts{values[k].numerators, values[k].denominators, values[k].scale};
        comparisons.push_back(compare(values[k].values, planned.better, layout, counts, planned.spec->target));
        log_event(log_level::info, "indicator_computed",
                  "computed " + planned.spec->id + ": " + std::to_string(comparisons.back().ranked) + " values for " +
                      std::to_string(towns.towns.size()) + " towns",
                  {{"indicator", planned.spec->id},
                   {"values", std::to_string(comparisons.back().ranked)},
                   {"towns", std::to_string(towns.towns.size())},
                   {"skipped", values[k].failure.empty() ? "false" : "true"}});
    }

    {
        // When the selection is whole departments, their values are the selection's own.
        const bool same = department_towns.towns.size() == towns.towns.size();
        const auto all_values = same ? values : evaluate(checked.plan, department_towns, sources, host);
        std::vector<std::string> department_of_all;
        for (const auto& t : department_towns.towns) department_of_all.push_back(t.department);
        for (std::size_t k = 0; k < all_values.size(); ++k)
            comparisons[k].whole_departments = statistics_by(
                all_values[k].values, department_of_all,
                {all_values[k].numerators, all_values[k].denominators, all_values[k].scale});
    }
    timer.done("comparing the towns");
    std::optional<composite_result> composite;
    if (spec.composite.present) {
        std::vector<double> references;
        for (const auto& c : comparisons) references.push_back(c.selection.aggregate);
        composite = compute_composite(spec.composite, checked.plan, values, towns, references, options.jobs);
        log_info("computed the composite index: " + std::to_string(composite->scored) + " towns scored of " +
                 std::to_string(towns.towns.size()) +
                 (spec.composite.robustness.draws > 0
                      ? ", " + std::to_string(spec.composite.robustness.draws) + " Monte Carlo draws"
                      : std::string()));
    }

    if (composite) timer.done("computing the composite index and its robustness");
    // The previous period: the same towns, indicators and methods on that period's rows.
    std::optional<std::vector<indicator_values>> previous;
    std::optional<composite_result> previous_composite;
    if (!spec.report.previous_period.empty()) {
        const auto previous_sources = load_sources(spec, checked.plan, spec.report.previous_period, mapper, false, towns).first;
        check_inputs(checked.plan, previous_sources, towns.codes());
        previous = evaluate(checked.plan, towns, previous_sources, host);
        if (spec.composite.present) {
            std::vector<double> references;
            for (std::size_t k = 0; k < previous->size(); ++k) {
                const auto& v = (*previous)[k];
                references.push_back(compare(v.values, checked.plan.indicators[k].better, layout,
                                             {v.numerators, v.denominators, v.scale})
                                         .selection.aggregate);
            }
            auto without_draws = spec.composite;
            without_draws.robustness.draws = 0;  // the interval is shown for the current period only
            previous_composite = compute_composite(without_draws, checked.plan, *previous, towns, references);
        }
        log_info("computed the previous period, " + spec.report.previous_period);
    }

    report_results results{spec, checked.plan, towns, values, comparisons, summaries, composite ? &*composite : nullptr,
                           previous ? &*previous : nullptr, previous_composite ? &*previous_composite : nullptr, created,
                           options.force};
    if (previous) timer.done("computing the previous period");
    run_summary summary;
    summary.towns = towns.towns.size();
    summary.indicators = values.size();
    // Shards share the towns' workbooks; the report's own workbook is written once, by shard 1.
    for (std::size_t k = 0; k < values.size(); ++k)
        if (!values[k].failure.empty()) summary.skipped.push_back(checked.plan.indicators[k].spec->id);
    // A town's file refused under on_refused: skip is a town whose answers the report goes without.
    for (const auto& source : summaries)
        for (const auto& file : source.return_files)
            if (file.refused) summary.refused_returns.push_back(file.file.filename().string());
    summary.partial = (!summary.skipped.empty() || !summary.refused_returns.empty()) && !options.allow_partial &&
                      !spec.report.allow_partial;
    if (writes_workbook) {
        summary.workbook = workbook;
        write_report_workbook(results, summary.workbook);
        timer.done("writing and checking the workbook");
        log_event(log_level::info, "workbook_written", "wrote " + summary.workbook.string(),
                  {{"path", summary.workbook.string()}});
        record.outputs.push_back(describe_file("workbook", summary.workbook));
    }
    if (!spec.output.per_town.empty()) {
        const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
        summary.town_workbooks = write_town_workbooks(results, with_workbooks, part, jobs, options.progress);
        summary.town_folder = town_output_root(spec);
        timer.done("writing the town workbooks");
        for (const auto t : shard_share(with_workbooks, part))
            record.outputs.push_back(describe_file("town workbook " + towns.towns[t].code, town_workbook_path(spec, towns.towns[t])));
    }
    record.counts = {{"towns", summary.towns}, {"indicators", summary.indicators},
                     {"workbooks", summary.workbook.empty() ? 0u : 1u}, {"town_workbooks", summary.town_workbooks}};
    for (const auto& s : summaries) {
        record.counts["rows of " + s.name] = s.rows;
        record.counts["rows mapped in " + s.name] = s.mapped.size();
        record.counts["rows set aside in " + s.name] = s.set_aside.size();
    }
    return summary;
}

}  // namespace

}  // namespace munidash
