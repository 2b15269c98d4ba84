#include "compute/report_plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "base/names.hpp"
#include "base/sha256.hpp"
#include "base/suggestions.hpp"
#include "plugins/param_types.hpp"
#include "sources/csv_source.hpp"
#include "sources/towns.hpp"

namespace munidash {

namespace {

void add(diagnostic_list& problems, diagnostic d) {
    problems.add(std::move(d.where), std::move(d.message), std::move(d.hint));
}

// The headers of every source the spec declares, read once; a file that cannot be read is
// reported at the spec entry that names it. A source whose entry has a mistake (spec_gaps) is
// declared but not read: its columns are then not checked, rather than checked against a header
// read with the wrong separator or key.
class header_cache {
public:
    header_cache(const report_spec& spec, const spec_gaps& gaps, diagnostic_list& problems)
        : any_source_unknown_(gaps.sources_unreadable) {
        read(spec.towns.reference, gaps, problems);
        for (const auto& source : spec.sources) read(source, gaps, problems);
        for (const auto& name : gaps.unreadable_sources)
            if (!declared(name)) declared_names_.push_back(name);
    }

    // The columns of `source`, or nullptr when the source is unknown or unreadable.
    const std::vector<std::string>* columns(const std::string& source) const {
        const auto it = headers_.find(source);
        return it == headers_.end() ? nullptr : &it->second;
    }
    bool declared(const std::string& source) const {
        return std::find(declared_names_.begin(), declared_names_.end(), source) != declared_names_.end();
    }
    // Whether a reference to an undeclared `source` may be right: the 'sources' section could not be read.
    bool may_exist(const std::string& source) const { return any_source_unknown_ && source != "towns"; }
    // The spec of a declared source, or nullptr.
    const source_spec* spec_of(const std::string& source) const {
        const auto it = specs_.find(source);
        return it == specs_.end() ? nullptr : it->second;
    }
    const std::vector<std::string>& names() const { return declared_names_; }

private:
    void read(const source_spec& source, const spec_gaps& gaps, diagnostic_list& problems) {
        specs_[source.name] = &source;
        declared_names_.push_back(source.name);
        if (gaps.unreadable_sources.contains(source.name)) return;
        if (!source.returns.empty()) {  // returned requests: a column per question, keyed by code
            auto& header = headers_[source.name];
            header.push_back("code");
            for (const auto& q : source.request.questions) header.push_back(q.id);
            return;
        }
        if (source.file.empty()) return;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(source.file, ec)) {
            problems.add(source.file_where,
                         "data file '" + source.file.string() + "' of source '" + source.name + "' does not exist",
                         "paths in a spec are relative to the spec's folder");
            return;
        }
        try {
            auto header = read_source_header(source);
            check_key_columns(source, header, problems);
            if (!source.many_rows) {
                check_merge_columns(source, header, problems);
                headers_[source.name] = std::move(header);
            } else {
                // A town has several rows: indicators read the aggregates, whose columns must exist.
                headers_[source.name] = aggregate_names(source, header, problems);
            }
        } catch (const munidash_error& e) {
            for (const auto& d : e.diagnostics()) problems.add(d.where, d.message, d.hint);
        }
    }

    // The key and period columns must be in the file.
    static void check_key_columns(const source_spec& source, const std::vector<std::string>& header,
                                  diagnostic_list& problems) {
        const auto file = "'" + source.file.string() + "'";
        if (std::find(header.begin(), header.end(), source.key) == header.end())
            add(problems, missing_column_error(source, source.key_where.line ? source.key_where : source.where,
                                               "key column '" + source.key + "' is not in " + file, source.key, header,
                                               [](const std::string& name) { return "key: " + name; }));
        if (!source.period_column.empty() &&
            std::find(header.begin(), header.end(), source.period_column) == header.end())
            add(problems, missing_column_error(source, source.period_column_where,
                                               "period_column '" + source.period_column + "' is not in " + file,
                                               source.period_column, header,
                                               [](const std::string& name) { return "period_column: " + name; }));
    }

    // The columns that say how merged communes' rows combine must exist too.
    static void check_merge_columns(const source_spec& source, const std::vector<std::string>& header,
                                    diagnostic_list& problems) {
        const auto check_merge_column = [&](const std::string& column) {
            if (std::find(header.begin(), header.end(), column) == header.end())
                problems.add(
                    source.merge.where,
                    "merged_communes names column '" + column + "', which '" + source.file.string() + "' does not have",
                    unknown_name_hint(column, header));
        };
        for (const auto& column : source.merge.add) check_merge_column(column);
        for (const auto& [column, weight] : source.merge.weighted) {
            check_merge_column(column);
            check_merge_column(weight);
        }
    }

    // The aggregates a source with several rows per town offers, after checking the columns they read.
    static std::vector<std::string> aggregate_names(const source_spec& source, const std::vector<std::string>& header,
                                                    diagnostic_list& problems) {
        const auto file = "'" + source.file.string() + "'";
        std::vector<std::string> aggregates;
        for (const auto& a : source.aggregates) {
            aggregates.push_back(a.name);
            auto check = [&](const std::string& column) {
                if (std::find(header.begin(), header.end(), column) == header.end())
                    add(problems,
                        missing_column_error(
                            source, a.position,
                            "aggregate '" + a.name + "' uses column '" + column + "', which " + file + " does not have",
                            column, header, [](const std::string& name) { return "'" + name + "'"; }));
            };
            if (!a.column.empty()) check(a.column);
            for (const auto& [column, values] : a.where) check(column);
        }
        return aggregates;
    }

    bool any_source_unknown_ = false;
    std::map<std::string, std::vector<std::string>> headers_;
    std::map<std::string, const source_spec*> specs_;
    std::vector<std::string> declared_names_;
};

// The column `text` names, checked against the declared sources and their headers.
std::optional<column_ref> resolve_column(const std::string& text, const param_decl& decl, const text_position& where,
                                         const header_cache& headers, diagnostic_list& problems) {
    const bool numeric = decl.type != param_type::text_column;
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
        problems.add(where, "parameter '" + decl.name + "' must name a column as source.column, found '" + text + "'",
                     "for example arcep.locaux_ftth, or towns.population");
        return std::nullopt;
    }
    column_ref ref{text.substr(0, dot), text.substr(dot + 1)};
    if (!headers.declared(ref.source)) {
        if (!headers.may_exist(ref.source))
            problems.add(where, "unknown source '" + ref.source + "' in '" + text + "'",
                         unknown_name_hint(ref.source, headers.names()));
        return std::nullopt;
    }
    const std::vector<std::string> town_texts{"code", "name", "department", "region", "epci"};
    if (ref.source == "towns" && !numeric &&
        std::find(town_texts.begin(), town_texts.end(), ref.column) == town_texts.end()) {
        problems.add(
            where,
            "the reference list's text columns are code, name, department, region and epci; found '" + text + "'",
            unknown_name_hint(ref.column, town_texts));
        return std::nullopt;
    }
    if (ref.source == "towns" && numeric && ref.column != "population") {
        problems.add(where, "the reference list gives only one numeric column, towns.population; found '" + text + "'",
                     "declare the file as a source to use its other columns");
        return std::nullopt;
    }
    const auto* columns = headers.columns(ref.source);
    if (columns && std::find(columns->begin(), columns->end(), ref.column) == columns->end()) {
        const auto* source = headers.spec_of(ref.source);
        // A source with several rows per town offers its aggregates, which are not renamed.
        if (source && !source->many_rows)
            add(problems, missing_column_error(
                              *source, where, "source '" + ref.source + "' has no column '" + ref.column + "'",
                              ref.column, *columns, [&](const std::string& name) { return ref.source + "." + name; }));
        else
            problems.add(where, "source '" + ref.source + "' has no column '" + ref.column + "'",
                         unknown_name_hint(ref.column, *columns));
        return std::nullopt;
    }
    return ref;
}

// The label and definition of `planned` in the report's language: the spec's, else the plugin's
// in that language, else the plugin's own with a warning, so that an English report is never
// French in silence.
void choose_texts(planned_indicator& planned, const std::string& language, std::vector<diagnostic>& warnings) {
    const auto& ind = *planned.spec;
    const auto& description = planned.implementation->description;
    const auto text = text_in(description, language);
    planned.label = ind.label ? *ind.label : text ? text->label : description.label;
    planned.definition = ind.definition ? *ind.definition : text ? text->definition : description.definition;
    if (text) return;
    std::vector<std::string> missing;
    if (!ind.label) missing.emplace_back("label");
    if (!ind.definition && !description.definition.empty()) missing.emplace_back("definition");
    if (missing.empty()) return;
    const auto& plugin = *planned.implementation->plugin;
    const auto what = missing.size() == 2 ? "label and definition" : missing.front();
    const auto keys = missing.size() == 2 ? std::string("label: and definition:") : missing.front() + ":";
    warnings.push_back({ind.where,
                        "indicator '" + ind.id + "': plugin '" + plugin.name + "' " + plugin.version + " gives no " +
                            language_name(language) + " " + what + ", so the workbook shows its " +
                            language_name(description.language) + " one",
                        "give " + keys + " in the spec's entry, or ask the plugin's author for a translation into '" +
                            language + "'"});
}

}  // namespace

std::optional<translated_text> text_in(const indicator_description& d, const std::string& language) {
    if (d.language == language) return translated_text{d.language, d.label, d.definition};
    for (const auto& t : d.translations)
        if (t.language == language) return t;
    return std::nullopt;
}

std::string language_name(const std::string& code) {
    if (code == "fr") return "French";
    if (code == "en") return "English";
    return "'" + code + "'";
}

namespace {

// The reference list must have the columns the engine reads from it.
void check_reference_columns(const report_spec& spec, const header_cache& headers, diagnostic_list& problems) {
    const auto* reference = headers.columns("towns");
    if (!reference) return;
    for (const auto& column : reference_columns())
        if (std::find(reference->begin(), reference->end(), column) == reference->end())
            problems.add(
                spec.towns.reference.where,
                "the reference list '" + spec.towns.reference.file.string() + "' has no column '" + column + "'",
                "it needs the columns code, name and population (department, department_name, "
                "region, epci and epci_name are optional); 'rename:' maps other names");
}

// Every parameter the spec gives `ind` must be one its plugin declares.
void check_param_names(const indicator_spec& ind, const indicator_description& description, diagnostic_list& problems) {
    std::vector<std::string> declared_names;
    for (const auto& decl : description.params) declared_names.push_back(decl.name);
    for (const auto& given : ind.params)
        if (std::find(declared_names.begin(), declared_names.end(), given.name) == declared_names.end())
            problems.add(given.key_where, "plugin '" + ind.plugin + "' has no parameter '" + given.name + "'",
                         unknown_name_hint(given.name, declared_names));
}

// The value `param` was given (`items`: its column names), checked against its declared type;
// the sources its columns come from are added to `sources`.
void check_param_value(resolved_param& param, const std::vector<std::string>& items, const text_position& where,
                       const header_cache& headers, std::vector<std::string>& sources, diagnostic_list& problems) {
    const auto& decl = param.declaration;
    if (decl.type == param_type::number) {
        if (auto value = parse_plain_number(param.text))
            param.number = *value;
        else
            problems.add(where, "parameter '" + decl.name + "' must be a number, found '" + param.text + "'");
        return;
    }
    if (decl.type == param_type::text) return;
    if (items.empty())
        problems.add(where, "parameter '" + decl.name + "' lists no column", "write at least one source.column");
    for (const auto& item : items) {
        const auto ref = resolve_column(item, decl, where, headers, problems);
        if (!ref) continue;
        param.columns.push_back(*ref);
        if (std::find(sources.begin(), sources.end(), ref->source) == sources.end()) sources.push_back(ref->source);
    }
}

// The declared parameter `decl` of `ind`: as given, else its default, else missing (reported
// unless `params_unsure`: the spec's mistake may have lost it).
resolved_param resolve_param(const param_decl& decl, const indicator_spec& ind, bool params_unsure,
                             const header_cache& headers, std::vector<std::string>& sources,
                             diagnostic_list& problems) {
    resolved_param param{decl, false, {}, 0, {}};
    const auto given =
        std::find_if(ind.params.begin(), ind.params.end(), [&](const param_value& p) { return p.name == decl.name; });
    text_position where = ind.params_where.line ? ind.params_where : ind.where;
    std::vector<std::string> items;  // the column names of a list
    if (given != ind.params.end()) {
        param.given = true;
        param.text = given->text;
        where = given->where;
        if (given->list && decl.type != param_type::columns) {
            problems.add(
                where, "parameter '" + decl.name + "' takes " + std::string(description_of(decl.type)) + ", not a list",
                decl.description.empty() ? "give one value" : decl.description);
            param.given = false;
        }
        items = given->list ? given->items : std::vector<std::string>{given->text};
    } else if (!decl.default_value.empty()) {
        param.given = true;
        param.text = decl.default_value;
        items = {decl.default_value};
    } else if (decl.required && !params_unsure) {
        problems.add(where,
                     "indicator '" + ind.id + "' needs the parameter '" + decl.name + "' (" +
                         std::string(description_of(decl.type)) + ")",
                     decl.description.empty() ? "add it under params:" : decl.description);
    }
    if (param.given) check_param_value(param, items, where, headers, sources, problems);
    return param;
}

// `ind` planned against the plugin that computes it; nothing when no loaded plugin has it.
std::optional<planned_indicator> plan_indicator(const report_spec& spec, const indicator_spec& ind, bool params_unsure,
                                                const indicator_registry& registry, const header_cache& headers,
                                                std::vector<diagnostic>& warnings, diagnostic_list& problems) {
    const auto* implementation = registry.find(ind.plugin);
    if (!implementation) {
        if (!ind.plugin.empty())
            problems.add(
                ind.plugin_where, "unknown plugin '" + ind.plugin + "' for indicator '" + ind.id + "'",
                unknown_name_hint(ind.plugin, registry.ids()) + "; 'munidash plugins list' shows what is loaded");
        return std::nullopt;
    }
    const auto& description = implementation->description;
    planned_indicator planned;
    planned.spec = &ind;
    planned.implementation = implementation;
    choose_texts(planned, spec.report.language, warnings);
    planned.unit = ind.unit.value_or(description.unit);
    planned.better = ind.better.value_or(description.better);
    planned.isolation = effective_isolation(spec, ind);
    check_param_names(ind, description, problems);
    for (const auto& decl : description.params)
        planned.params.push_back(resolve_param(decl, ind, params_unsure, headers, planned.sources, problems));
    return planned;
}

// A request's pre-filled values come from a source's column, checked like an indicator's.
void check_prefill_columns(const report_spec& spec, const header_cache& headers, diagnostic_list& problems) {
    for (const auto& q : spec.requests.questions) {
        if (q.prefill_source.empty()) continue;
        param_decl decl;
        decl.name = "prefill of question '" + q.id + "'";
        const bool numeric =
            q.type == question_type::number || q.type == question_type::integer || q.type == question_type::percent;
        decl.type = numeric ? param_type::column : param_type::text_column;
        resolve_column(q.prefill_source + "." + q.prefill_column, decl, q.prefill_where, headers, problems);
    }
}

}  // namespace

report_plan plan_report(const report_spec& spec, const indicator_registry& registry, diagnostic_list& problems,
                        const spec_gaps& gaps) {
    const header_cache headers(spec, gaps, problems);
    check_reference_columns(spec, headers, problems);
    report_plan plan;
    for (std::size_t k = 0; k < spec.indicators.size(); ++k) {
        const bool params_unsure = gaps.indicators_with_unsure_params.contains(k);
        if (auto planned =
                plan_indicator(spec, spec.indicators[k], params_unsure, registry, headers, plan.warnings, problems))
            plan.indicators.push_back(std::move(*planned));
    }
    check_prefill_columns(spec, headers, problems);
    return plan;
}

// The headings above the data rows of each sheet, as the workbook writer lays them out
// (workbook/comparisons_sheet.cpp, workbook/summary_sheet.cpp).
namespace {
constexpr std::size_t comparisons_heading_rows = 5;
constexpr std::size_t summary_heading_rows = 6;
constexpr std::size_t summary_fixed_columns = 5;
constexpr std::size_t summary_columns_per_indicator = 3;
}  // namespace

void check_sheet_sizes(const report_spec& spec, std::size_t indicators, std::size_t towns, diagnostic_list& problems) {
    const auto count = [](std::size_t n) { return std::to_string(n); };
    if (spec.output.comparisons && towns > 0 && indicators > (excel_max_rows - comparisons_heading_rows) / towns)
        problems.add(spec.output.comparisons_where,
                     "the comparisons sheet would need " + count(comparisons_heading_rows + towns * indicators) +
                         " rows (" + count(towns) + " towns × " + count(indicators) +
                         " indicators), over Excel's limit of " + count(excel_max_rows),
                     "write 'comparisons: false' under output: (the summary and town sheets still compare every "
                     "town), or select fewer towns or indicators");
    if (summary_heading_rows + towns > excel_max_rows)
        problems.add(spec.towns.select_where,
                     "the summary sheet would need " + count(summary_heading_rows + towns) +
                         " rows, over Excel's limit of " + count(excel_max_rows),
                     "select fewer towns");
    const std::size_t composite_columns = spec.composite.present ? (spec.composite.robustness.draws > 0 ? 3 : 2) : 0;
    const auto columns = summary_fixed_columns + summary_columns_per_indicator * indicators + composite_columns;
    if (columns > excel_max_columns) {
        // At the first indicator that does not fit: the ones before it do.
        const auto fitting =
            (excel_max_columns - summary_fixed_columns - composite_columns) / summary_columns_per_indicator;
        problems.add(
            fitting < spec.indicators.size() ? spec.indicators[fitting].where : text_position{spec.file, 0, 0},
            "the summary sheet would need " + count(columns) + " columns (" + count(indicators) + " indicators × " +
                count(summary_columns_per_indicator) + " and " + count(summary_fixed_columns + composite_columns) +
                " more), over Excel's limit of " + count(excel_max_columns),
            "keep at most " + count(fitting) + " indicators in one report; split the others into a second spec");
    }
}

std::vector<locked_plugin> plugins_of(const report_plan& plan) {
    std::map<std::string, locked_plugin> by_name;
    for (const auto& planned : plan.indicators) {
        const auto* plugin = planned.implementation->plugin;
        if (!plugin || by_name.contains(plugin->name)) continue;
        by_name.emplace(plugin->name, locked_plugin{plugin->name, plugin->version, plugin->file,
                                                    sha256_of_file(plugin->file).value_or("")});
    }
    std::vector<locked_plugin> out;
    for (auto& [name, plugin] : by_name) out.push_back(std::move(plugin));
    return out;
}

}  // namespace munidash
