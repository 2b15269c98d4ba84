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

#include "base/logging.hpp"
#include "base/placeholders.hpp"
#include "base/platform.hpp"
#include "base/sha256.hpp"
#include "compute/comparisons.hpp"
#include "compute/composite.hpp"
#include "compute/evaluator.hpp"
#include "compute/report_plan.hpp"
#include "plugins/plugin_lock.hpp"
#include "run/engine_steps.hpp"
#include "run/run_manifest.hpp"
#include "run/town_outputs.hpp"
#include "sources/code_mapping.hpp"
#include "sources/commune_directory.hpp"
#include "sources/returns_source.hpp"
#include "sources/source_age.hpp"
#include "sources/source_table.hpp"
#include "sources/towns.hpp"
#include "spec/spec_reader.hpp"
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
// file in a shared plugin folder does not stop every report. For a spec with mistakes of its own
// (`spec_has_problems`) every refusal is a warning: the spec's errors decide the exit code, and
// the plan names the indicators whose plugin is missing among them.
void load_plugins_for(const report_spec& spec, plugin_host& host, const engine_options& options, bool pinned,
                      bool spec_has_problems = false) {
    if (pinned && options.plugins_lock)
        host.require_pins(read_plugin_lock(*options.plugins_lock, {*options.plugins_lock, 0, 0}));
    else if (pinned && !spec.plugins_lock.empty())
        host.require_pins(read_plugin_lock(spec.plugins_lock, spec.plugins_lock_where));
    host.load_directories(plugin_search_path(options.plugin_directories));
    if (host.refusals().empty()) return;
    if (spec_has_problems) {
        for (const auto& refusal : host.refusals()) log_warning(format_diagnostic(refusal));
        return;
    }
    std::vector<diagnostic> missing;
    for (const auto& indicator : spec.indicators)
        if (!indicator.plugin.empty() && host.registry().find(indicator.plugin) == nullptr)
            missing.push_back({indicator.plugin_where,
                               "indicator '" + indicator.id + "' uses '" + indicator.plugin +
                                   "', which no loaded plugin provides, and " + std::to_string(host.refusals().size()) +
                                   " plugin file(s) were refused",
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
    const std::filesystem::path p(fill_placeholders(
        spec.output.workbook, {{"report.id", spec.report.id}, {"report.period", spec.report.period}}));
    return (p.is_absolute() ? p : spec.output.folder / p).lexically_normal();
}

std::time_t document_time() {
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    if (!epoch || !*epoch) return std::time(nullptr);
    long long seconds = 0;
    const auto end = epoch + std::char_traits<char>::length(epoch);
    const auto [ptr, ec] = std::from_chars(epoch, end, seconds);
    if (ec != std::errc{} || ptr != end || seconds < 0)
        throw munidash_error(failure_kind::spec, diagnostic{{},
                                                            std::string("SOURCE_DATE_EPOCH is '") + epoch +
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
        line += std::to_string(std::llround(ms));
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

namespace {

// The spec read, its plugins loaded (and pinned when `pinned`) and the spec planned against them and
// the data files' headers, in one pass: the mistakes of the spec itself, of its plugins' names and
// params and of the columns it names are thrown together (spec), sorted by position. The parts of
// the spec read with mistakes are not planned further, so that none is reported twice over.
checked_report read_and_plan(const std::filesystem::path& spec_file, plugin_host& host, const engine_options& options,
                             bool pinned) {
    auto reading = read_report_spec_and_problems(spec_file, options.parameters);
    checked_report out{std::move(reading.spec), {}};
    std::vector<diagnostic> problems = std::move(reading.problems);
    try {
        load_plugins_for(out.spec, host, options, pinned, !problems.empty());
    } catch (const munidash_error& e) {
        if (problems.empty() || e.kind() != failure_kind::spec) throw;
        // A lock file that cannot be read: no plugin to plan against, so the spec's mistakes and it.
        problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        sort_by_position(problems);
        throw munidash_error(failure_kind::spec, std::move(problems));
    }
    diagnostic_list planning;
    out.plan = plan_report(out.spec, host.registry(), planning, reading.gaps);
    problems.insert(problems.end(), planning.items().begin(), planning.items().end());
    if (!problems.empty()) {
        sort_by_position(problems);
        throw munidash_error(failure_kind::spec, std::move(problems));
    }
    return out;
}

}  // namespace

checked_report check_report(const std::filesystem::path& spec_file, plugin_host& host, const engine_options& options) {
    // Pinned plugins are checked while loading: a build the lock file does not pin never runs.
    auto out = read_and_plan(spec_file, host, options, true);
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

validation_summary validate_report(const std::filesystem::path& spec_file, const engine_options& options) {
    plugin_host host;
    const auto checked = check_report(spec_file, host, options);
    // The selection is checked too: a criterion no town can match is a mistake, found before a run.
    const auto towns =
        select_towns(reference_communes(checked.spec.towns, commune_directory::builtin()), checked.spec.towns);
    diagnostic_list too_large;
    check_sheet_sizes(checked.spec, checked.plan.indicators.size(), towns.towns.size(), too_large);
    too_large.throw_if_any(failure_kind::spec);
    return {checked.plan.indicators.size(), checked.spec.sources.size(), towns.towns.size(),
            checked.spec.requests.questions.size()};
}

std::filesystem::path lock_plugins(const std::filesystem::path& spec_file, const engine_options& options,
                                   const std::optional<std::filesystem::path>& target) {
    plugin_host host;
    const auto checked = read_and_plan(spec_file, host, options, false);  // pinning again must not require the old pins
    auto path = target ? *target
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
        return std::filesystem::path(options.output ? *options.output : workbook_path(spec))
            .replace_extension(".manifest.json");
    return town_output_root(spec) /
           ("munidash-manifest" +
            (part.count > 1 ? "-shard-" + std::to_string(part.index) + "-of-" + std::to_string(part.count)
                            : std::string()) +
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
        if (source.returns.empty())
            record.inputs.push_back(describe_file("source " + source.name, source.file));
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
        throw munidash_error(
            failure_kind::spec,
            diagnostic{spec.output.where, "--shard splits the towns' workbooks, but the spec asks for none",
                       "add output.per_town, e.g. \"towns/{town.code}-{town.slug}.xlsx\""});
    // From here on, the run leaves a manifest beside its outputs, whether it succeeds or not.
    run_record record;
    record.engine =
        std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " + std::to_string(MUNIDASH_PLUGIN_ABI) + ")";
    record.started = utc_now();
    const auto manifest = manifest_path(spec, options, part);
    try {
        record_inputs(record, spec_file, spec, host, options);
        auto summary = produce_report(checked, host, options, part, record);
        record.finished = utc_now();
        record.warnings = logged_warnings();
        if (summary.partial) {
            record.exit_status = static_cast<int>(failure_kind::partial);
            for (const auto& id : summary.skipped)
                record.errors.push_back("indicator " + id + " skipped (on_failure: skip)");
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

// Where this run writes the report's own workbook; empty when it writes none (no workbook asked
// for, or a shard other than the first: shards share the towns' workbooks only).
std::filesystem::path report_workbook_target(const report_spec& spec, const engine_options& options, shard part) {
    if ((spec.output.workbook.empty() && !options.output) || part.index != 1) return {};
    return options.output ? *options.output : workbook_path(spec);
}

// One run at a time per output, taken before anything is computed: the second run learns at
// once that it would be overwritten or would overwrite. The town workbooks take one lock for
// their folder and shard, not one per file: a batch is one job, 35,000 lock files would be
// noise, and the shards of one batch are meant to run side by side. Taken after the checks of
// the spec, so that a refused spec leaves no folder behind.
std::vector<std::unique_ptr<output_lock>> lock_outputs(const report_spec& spec, const std::filesystem::path& workbook,
                                                       const engine_options& options, shard part) {
    std::vector<std::unique_ptr<output_lock>> locks;
    if (!workbook.empty()) {
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
    return locks;
}

// The towns of the reference list in the selection's departments: a department's value is over
// all its towns, not only the selected ones. Their cells are read once, with the selection's.
town_list towns_of_departments(const std::vector<commune_record>& reference, const town_list& towns) {
    std::set<std::string, std::less<>> departments;
    for (const auto& t : towns.towns) departments.insert(t.department);
    town_list out;
    for (const auto& c : reference)
        if (departments.contains(c.department))
            out.towns.push_back(
                {c.code, c.name, c.population, c.department, c.department_name, c.region, c.epci, c.epci_name, 0});
    return out;
}

// Each town's peer group and department, as compare() reads them; `group_of` and `department_of`
// hold what the layout points into.
comparison_layout layout_of(const town_list& towns, std::vector<std::size_t>& group_of,
                            std::vector<std::string>& department_of) {
    for (const auto& t : towns.towns) {
        group_of.push_back(t.peer_group);
        department_of.push_back(t.department);
    }
    return {group_of, towns.groups.size(), department_of};
}

// Every indicator compared among the selection and the peer groups, with each department's
// statistics over all its towns (`department_values`, computed for `department_towns`).
std::vector<indicator_comparison> compare_indicators(const report_plan& plan,
                                                     const std::vector<indicator_values>& values,
                                                     const town_list& towns, const comparison_layout& layout,
                                                     const std::vector<indicator_values>& department_values,
                                                     const town_list& department_towns) {
    std::vector<indicator_comparison> comparisons;
    for (std::size_t k = 0; k < values.size(); ++k) {
        const auto& planned = plan.indicators[k];
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
    std::vector<std::string> department_of_all;
    for (const auto& t : department_towns.towns) department_of_all.push_back(t.department);
    for (std::size_t k = 0; k < department_values.size(); ++k)
        comparisons[k].whole_departments = statistics_by(
            department_values[k].values, department_of_all,
            {department_values[k].numerators, department_values[k].denominators, department_values[k].scale});
    return comparisons;
}

// The selection's aggregate of each indicator: what the composite's `index` normalisation refers to.
std::vector<double> selection_aggregates(const std::vector<indicator_comparison>& comparisons) {
    std::vector<double> references;
    for (const auto& c : comparisons) references.push_back(c.selection.aggregate);
    return references;
}

// The composite index of one period's values, or nothing when the spec has none. `references`
// are the selection's aggregates of that period; the Monte Carlo draws are made when
// `with_draws` (the current period: the interval is shown for it only).
std::optional<composite_result> composite_of(const report_spec& spec, const report_plan& plan,
                                             const std::vector<indicator_values>& values, const town_list& towns,
                                             const std::vector<double>& references, bool with_draws, unsigned jobs) {
    if (!spec.composite.present) return std::nullopt;
    auto composite_spec = spec.composite;
    if (!with_draws) composite_spec.robustness.draws = 0;
    auto composite = compute_composite(composite_spec, plan, values, towns, references, jobs);
    if (with_draws)
        log_info("computed the composite index: " + std::to_string(composite.scored) + " towns scored of " +
                 std::to_string(towns.towns.size()) +
                 (composite_spec.robustness.draws > 0
                      ? ", " + std::to_string(composite_spec.robustness.draws) + " Monte Carlo draws"
                      : std::string()));
    return composite;
}

// The previous period's values compared as the current ones are, for the composite's references.
std::vector<double> previous_aggregates(const report_plan& plan, const std::vector<indicator_values>& previous,
                                        const comparison_layout& layout) {
    std::vector<double> references;
    for (std::size_t k = 0; k < previous.size(); ++k) {
        const auto& v = previous[k];
        references.push_back(
            compare(v.values, plan.indicators[k].better, layout, {v.numerators, v.denominators, v.scale})
                .selection.aggregate);
    }
    return references;
}

// The indicators skipped and the returns refused, and whether that makes the run partial.
void note_what_was_left_out(run_summary& summary, const checked_report& checked,
                            const std::vector<indicator_values>& values, const std::vector<source_summary>& sources,
                            const engine_options& options) {
    for (std::size_t k = 0; k < values.size(); ++k)
        if (!values[k].failure.empty()) summary.skipped.push_back(checked.plan.indicators[k].spec->id);
    // A town's file refused under on_refused: skip is a town whose answers the report goes without.
    for (const auto& source : sources)
        for (const auto& file : source.return_files)
            if (file.refused) summary.refused_returns.push_back(file.file.filename().string());
    summary.partial = (!summary.skipped.empty() || !summary.refused_returns.empty()) && !options.allow_partial &&
                      !checked.spec.report.allow_partial;
}

// The run's counts, for its manifest.
void count_in_record(run_record& record, const run_summary& summary, const std::vector<source_summary>& sources) {
    record.counts = {{"towns", summary.towns},
                     {"indicators", summary.indicators},
                     {"workbooks", summary.workbook.empty() ? 0u : 1u},
                     {"town_workbooks", summary.town_workbooks}};
    for (const auto& s : sources) {
        record.counts["rows of " + s.name] = s.rows;
        record.counts["rows mapped in " + s.name] = s.mapped.size();
        record.counts["rows set aside in " + s.name] = s.set_aside.size();
    }
}

// Writes the report's workbook (when `workbook` is set) and the towns' workbooks (when the spec
// asks for them, this shard's share), each recorded in the manifest.
void write_outputs(const report_results& results, const std::filesystem::path& workbook,
                   const std::vector<std::size_t>& with_workbooks, const engine_options& options, shard part,
                   phase_timer& timer, run_summary& summary, run_record& record) {
    const auto& spec = results.spec;
    if (!workbook.empty()) {
        summary.workbook = workbook;
        write_report_workbook(results, summary.workbook);
        timer.done("writing and checking the workbook");
        log_event(log_level::info, "workbook_written", "wrote " + summary.workbook.string(),
                  {{"path", summary.workbook.string()}});
        record.outputs.push_back(describe_file("workbook", summary.workbook));
    }
    if (spec.output.per_town.empty()) return;
    const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    summary.town_workbooks = write_town_workbooks(results, with_workbooks, part, jobs, options.progress);
    summary.town_folder = town_output_root(spec);
    timer.done("writing the town workbooks");
    for (const auto t : shard_share(with_workbooks, part))
        record.outputs.push_back(describe_file("town workbook " + results.towns.towns[t].code,
                                               town_workbook_path(spec, results.towns.towns[t])));
}

run_summary produce_report(const checked_report& checked, plugin_host& host, const engine_options& options, shard part,
                           run_record& record) {
    const auto& spec = checked.spec;
    const auto created = document_time();
    const auto workbook = report_workbook_target(spec, options, part);

    phase_timer timer(record.timings_ms);
    const auto& directory = commune_directory::builtin();
    const auto reference = reference_communes(spec.towns, directory);
    const auto towns = select_towns(reference, spec.towns);
    log_event(log_level::info, "towns_selected",
              "selected " + std::to_string(towns.towns.size()) + " towns of " + std::to_string(reference.size()) +
                  " in " + reference_name(spec.towns),
              {{"towns", std::to_string(towns.towns.size())}, {"of", std::to_string(reference.size())}});
    // Found here, from the spec, rather than as a failed write after the whole computation.
    if (!workbook.empty()) {
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
    const auto locks = lock_outputs(spec, workbook, options, part);

    const code_mapper mapper(std::move(known), directory);
    auto [sources, summaries] = load_sources(spec, checked.plan, spec.report.period, mapper, options.list_rows, towns);
    const auto department_towns = towns_of_departments(reference, towns);
    check_inputs(checked.plan, sources, department_towns.codes());
    check_whole_cities(checked.plan, sources, towns, directory);
    timer.done("reading the reference list and the sources");

    const auto values = evaluate(checked.plan, towns, sources, host);
    timer.done("computing the indicators");
    std::vector<std::size_t> group_of;
    std::vector<std::string> department_of;
    const auto layout = layout_of(towns, group_of, department_of);
    // When the selection is whole departments, their values are the selection's own.
    const bool same = department_towns.towns.size() == towns.towns.size();
    const auto comparisons =
        compare_indicators(checked.plan, values, towns, layout,
                           same ? values : evaluate(checked.plan, department_towns, sources, host), department_towns);
    timer.done("comparing the towns");
    const auto composite =
        composite_of(spec, checked.plan, values, towns, selection_aggregates(comparisons), true, options.jobs);
    if (composite) timer.done("computing the composite index and its robustness");

    // The previous period: the same towns, indicators and methods on that period's rows.
    std::optional<std::vector<indicator_values>> previous;
    std::optional<composite_result> previous_composite;
    if (!spec.report.previous_period.empty()) {
        const auto previous_sources =
            load_sources(spec, checked.plan, spec.report.previous_period, mapper, false, towns).first;
        check_inputs(checked.plan, previous_sources, towns.codes());
        previous = evaluate(checked.plan, towns, previous_sources, host);
        if (spec.composite.present)
            previous_composite =
                composite_of(spec, checked.plan, *previous, towns, previous_aggregates(checked.plan, *previous, layout),
                             false, options.jobs);
        log_info("computed the previous period, " + spec.report.previous_period);
        timer.done("computing the previous period");
    }

    report_results results{spec,
                           checked.plan,
                           towns,
                           values,
                           comparisons,
                           summaries,
                           composite ? &*composite : nullptr,
                           previous ? &*previous : nullptr,
                           previous_composite ? &*previous_composite : nullptr,
                           created,
                           options.force};
    run_summary summary;
    summary.towns = towns.towns.size();
    summary.indicators = values.size();
    note_what_was_left_out(summary, checked, values, summaries, options);
    write_outputs(results, workbook, with_workbooks, options, part, timer, summary, record);
    count_in_record(record, summary, summaries);
    return summary;
}

}  // namespace

}  // namespace munidash
