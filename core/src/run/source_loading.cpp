#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "base/logging.hpp"
#include "run/engine_steps.hpp"
#include "sources/commune_directory.hpp"
#include "sources/returns_source.hpp"
#include "sources/source_age.hpp"

namespace munidash {

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
        const bool numeric =
            q.type == question_type::number || q.type == question_type::integer || q.type == question_type::percent;
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
        if (!f.refused)
            answered.insert(f.town);
        else
            ++reasons[f.reason];
        problems.insert(problems.end(), f.problems.begin(), f.problems.end());
        if (list_files)
            log_info("  " + f.file.filename().string() + ": " +
                     (f.refused ? "refused, " + f.reason : "town " + f.town));
    }
    std::string why;
    for (const auto& [reason, count] : reasons)
        why += (why.empty() ? " (" : ", ") + std::to_string(count) + " " + reason;
    const auto refused = read.files.size() - answered.size();
    const auto silent = std::count_if(towns.towns.begin(), towns.towns.end(),
                                      [&](const town& t) { return !answered.contains(t.code); });
    log_event(refused > 0 ? log_level::warning : log_level::info, "returns_read",
              "source " + source.name + ": " + std::to_string(answered.size()) + " towns answered, " +
                  std::to_string(refused) + " files refused" + (why.empty() ? "" : why + ")") + ", " +
                  std::to_string(silent) + " selected towns did not answer",
              {{"source", source.name},
               {"answered", std::to_string(answered.size())},
               {"refused", std::to_string(refused)},
               {"no_answer", std::to_string(silent)}});
    if (!problems.empty()) {
        if (!source.skip_refused) throw munidash_error(failure_kind::input, std::move(problems));
        for (const auto& d : problems) log_warning(format_diagnostic(d) + " (on_refused: skip: the file is left out)");
    }
    files = std::move(read.files);
    return std::move(read.table);
}

// A source's columns that a plugin reads as counts add up, as do those the spec lists.
source_spec with_counts_added(const source_spec& source, const std::map<std::string, std::set<std::string>>& counts) {
    auto read_as = source;
    if (const auto it = counts.find(source.name); it != counts.end())
        for (const auto& column : it->second)
            if (std::find(read_as.merge.add.begin(), read_as.merge.add.end(), column) == read_as.merge.add.end())
                read_as.merge.add.push_back(column);
    return read_as;
}

// The file a source is read from: its CSV file, or its folder of returned workbooks.
const std::filesystem::path& file_of(const source_spec& source) {
    return source.returns.empty() ? source.file : source.returns;
}

// Says what reading `source` found: rows read, rows of former communes counted for today's,
// rows set aside and why; with `list_rows`, each of them.
void log_source_read(const report_spec& spec, const source_spec& source, const source_summary& summary,
                     const std::string& period, bool list_rows) {
    if (const auto years = stale_years(source, spec.report))
        log_warning("source " + source.name + ": its vintage '" + source.vintage + "' is " + std::to_string(*years) +
                    " years before the period " + spec.report.period + " (report.max_data_age: " +
                    std::to_string(static_cast<int>(spec.report.max_data_age)) + "); the workbook says so");
    log_event(log_level::info, "source_read",
              "read source " + source.name + ": " + std::to_string(summary.rows) + " rows from " +
                  file_of(source).string() +
                  (source.period_column.empty() ? std::string() : " (period " + period + ")"),
              {{"source", source.name},
               {"rows", std::to_string(summary.rows)},
               {"file", file_of(source).string()},
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
    if (!list_rows) return;
    for (const auto& r : summary.mapped)
        log_info("  " + source.file.filename().string() + ":" + std::to_string(r.line) + ": " + r.code +
                 (r.name.empty() ? "" : " (" + r.name + ")") + " -> " + r.town + ", " + std::string(to_string(r.kind)) +
                 (r.changed.empty() ? "" : " " + r.changed));
    for (const auto& r : summary.set_aside)
        log_info("  " + source.file.filename().string() + ":" + std::to_string(r.line) + ": '" + r.code +
                 "' set aside: " + std::string(describe(r.reason)));
}

}  // namespace

std::pair<std::map<std::string, source_table>, std::vector<source_summary>> load_sources(
    const report_spec& spec, const report_plan& plan, const std::string& period, const code_mapper& mapper,
    bool list_rows, const town_list& towns) {
    std::map<std::string, source_table> sources;
    std::vector<source_summary> summaries;
    const auto counts = columns_used(plan, true);
    const auto used = source_columns_used(spec, plan);
    for (const auto& source : spec.sources) {
        const auto read_as = with_counts_added(source, counts);
        std::vector<return_file> return_files;
        const auto columns = used.find(source.name);
        const auto& table =
            sources
                .emplace(
                    source.name,
                    source.returns.empty()
                        ? source_table(read_as, columns == used.end() ? source_columns{} : columns->second, &mapper,
                                       period)
                        : source_table(read_returned(source, towns, list_rows, return_files), read_as, &mapper, period))
                .first->second;
        source_summary summary{
            source.name,         table.row_count(),      table.rows_without_valid_code(), 0,
            table.mapped_rows(), table.set_aside_rows(), !source.returns.empty(),         std::move(return_files)};
        summary.rows_outside_reference = summary.set_aside.size() - summary.rows_without_code;
        log_source_read(spec, source, summary, period, list_rows);
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
                             "source '" + name + "' gives the whole city " + row.code +
                                 ", but the report compares its arrondissements " + parts +
                                 ": a city's row cannot be divided between them",
                             "use the built-in list of communes (omit towns.reference), which has the whole city, or a "
                             "source by arrondissement");
        }
    }
    problems.throw_if_any(failure_kind::input);
}

}  // namespace munidash
