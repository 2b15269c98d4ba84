#include "spec/spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include <munidash/checks.hpp>

#include "base/insee_code.hpp"
#include "base/names.hpp"
#include "base/placeholders.hpp"
#include "base/suggestions.hpp"
#include "spec/spec_builder.hpp"
#include "spec/spec_composition.hpp"

namespace munidash {

const std::vector<std::string>& known_units() {
    static const std::vector<std::string> units(checks::units.begin(), checks::units.end());
    return units;
}

spec_builder::spec_builder(const std::filesystem::path& file) : file_(file), base_(file.parent_path()) {
    spec_.file = file;
}

report_spec spec_builder::build(const spec_node& root) {
    auto reading = read(root);
    if (!reading.problems.empty()) throw munidash_error(failure_kind::spec, std::move(reading.problems));
    return std::move(reading.spec);
}

spec_reading spec_builder::read(const spec_node& root) {
    // 'parameters' was used by compose_spec; 'extends' too, unless the tree was built directly.
    if (mapping(root, "the spec",
                {"parameters", "report", "towns", "sources", "indicators", "composite", "output", "plugins_lock",
                 "plugins", "requests"})) {
        if (const auto* n = root.find("plugins"); n && mapping(*n, "'plugins'", {"isolation", "limits", "seccomp"}))
            read_isolation(*n, spec_.plugins, "plugins");
        if (const auto* n = root.find("plugins_lock"); n && text(*n, "plugins_lock")) {
            spec_.plugins_lock = resolve(*n);
            spec_.plugins_lock_where = n->where;
        }
        if (const auto* n = required(root, "report", "the spec")) read_report(*n);
        // No 'towns': every commune of the built-in list, in one peer group.
        spec_.towns.reference.name = "towns";
        if (const auto* n = root.find("towns")) read_towns(*n);
        if (const auto* n = root.find("sources")) read_sources(*n);
        if (const auto* n = required(root, "indicators", "the spec")) read_indicators(*n);
        for (const auto& ind : spec_.indicators) {
            const auto settings = effective_isolation(spec_, ind);
            if (!settings.seccomp || settings.mode != isolation_mode::none) continue;
            const auto& seccomp_where =
                ind.isolation.seccomp ? ind.isolation.seccomp_where : spec_.plugins.seccomp_where;
            const auto& none_where = ind.isolation.mode ? ind.isolation.mode_where : spec_.plugins.mode_where;
            problems_.add(seccomp_where,
                          "seccomp: true for indicator '" + ind.id + "' needs isolation: process, but " +
                              to_string(none_where) + " says isolation: none",
                          "the filter is installed in the child process that computes the indicator: remove "
                          "'isolation: none' or 'seccomp: true'");
        }
        if (const auto* n = root.find("composite")) {
            read_composite(*n);
            // Against indicators some of whose ids could not be read, every reference would look wrong.
            if (indicator_ids_known_) check_composite();
        }
        if (const auto* n = required(root, "output", "the spec")) read_output(*n);
        const auto problems_before_requests = problems_.items().size();
        if (const auto* n = root.find("requests")) read_requests(*n);
        attach_requests();
        // A returns source's columns are the questions: with a mistake among them, they are unsure.
        if (problems_.items().size() != problems_before_requests)
            for (const auto& source : spec_.sources)
                if (!source.returns.empty()) gaps_.unreadable_sources.insert(source.name);
    }
    if (!spec_.report.previous_period.empty() &&
        std::none_of(spec_.sources.begin(), spec_.sources.end(),
                     [](const source_spec& s) { return !s.period_column.empty(); }))
        problems_.add(spec_.report.previous_period_where, "previous_period needs a source with several periods",
                      "declare 'period_column:' on the sources whose rows name their period");
    return {std::move(spec_), problems_.items(), std::move(gaps_)};
}

void spec_builder::read_report(const spec_node& node) {
    if (!mapping(node, "'report'",
                 {"id", "title", "period", "previous_period", "language", "author", "organisation", "notice",
                  "max_data_age", "allow_partial"}))
        return;
    auto& r = spec_.report;
    if (const auto* n = required(node, "id", "'report'"); n && text(*n, "report.id")) {
        r.id = n->text;
        if (!is_slug(r.id))
            problems_.add(n->where, "report.id '" + r.id + "' is not a valid id",
                          "use lower-case letters, digits, '-' and '_'; it names the output file");
    }
    if (const auto* n = required(node, "title", "'report'")) r.title = text(*n, "report.title").value_or("");
    if (const auto* n = required(node, "period", "'report'")) r.period = text(*n, "report.period").value_or("");
    if (const auto* n = node.find("language")) {
        r.language = text(*n, "report.language").value_or("fr");
        if (!checks::is_language(r.language))
            problems_.add(n->where, "report.language must be 'fr' or 'en', found '" + r.language + "'");
    }
    r.author = optional_text(node, "author", "report.author").value_or("");
    r.organisation = optional_text(node, "organisation", "report.organisation").value_or("");
    r.notice = optional_text(node, "notice", "report.notice").value_or("");
    if (const auto* n = node.find("max_data_age")) {
        const auto years = number(*n, "report.max_data_age");
        if (years && *years < 0)
            problems_.add(n->where, "report.max_data_age must be a number of years, 0 or more",
                          "the workbook warns about sources whose vintage is older than the period by more");
        else if (years)
            r.max_data_age = *years;
    }
    if (const auto* n = node.find("allow_partial"))
        r.allow_partial = boolean(*n, "report.allow_partial").value_or(false);
    if (const auto* n = node.find("previous_period"); n && text(*n, "report.previous_period")) {
        r.previous_period = n->text;
        r.previous_period_where = n->where;
        if (r.previous_period == r.period)
            problems_.add(n->where, "previous_period is the report's period '" + r.period + "'",
                          "name the period to compare with, e.g. the year before");
    }
    // At the value itself: with extends:, the section around it may be the base's.
    for (const auto* key : {"id", "period"})
        if (const auto* n = node.find(key);
            n && n->type == spec_node::kind::scalar &&
            (n->text.find_first_of("/\\") != std::string::npos || n->text.find("..") != std::string::npos))
            problems_.add(n->where, "report id and period may not contain '/', '\\' or '..'",
                          "they become part of the output file name");
}

void spec_builder::read_indicators(const spec_node& node) {
    if (node.type != spec_node::kind::sequence || node.items.empty()) {
        problems_.add(node.where, "indicators must be a non-empty list",
                      "add entries such as '- id: ftth' with a plugin and its params");
        indicator_ids_known_ = false;
        return;
    }
    std::set<std::string> seen;
    for (const auto& item : node.items) {
        const auto problems_before = problems_.items().size();
        if (!mapping(item, "an indicator",
                     {"id", "plugin", "label", "definition", "unit", "better", "params", "on_failure", "target",
                      "isolation", "limits", "seccomp"})) {
            indicator_ids_known_ = false;
            continue;
        }
        // A misspelt key may be a misspelt 'params': then the params it lacks are not missing.
        bool params_unsure = problems_.items().size() != problems_before;
        indicator_spec ind;
        ind.where = item.where;
        const auto* id = required(item, "id", "the indicator");
        if (!id || id->type != spec_node::kind::scalar) indicator_ids_known_ = false;
        if (const auto* n = id; n && text(*n, "id")) {
            ind.id = n->text;
            ind.where = n->where;
            if (!is_identifier(ind.id))
                problems_.add(n->where, "indicator id '" + ind.id + "' is not valid",
                              "use lower-case letters, digits and '_', starting with a letter");
            else if (!seen.insert(ind.id).second)
                problems_.add(n->where, "indicator id '" + ind.id + "' is used twice",
                              "give each indicator its own id");
        }
        if (const auto* n = required(item, "plugin", "indicator '" + ind.id + "'"); n && text(*n, "plugin")) {
            ind.plugin = n->text;
            ind.plugin_where = n->where;
        }
        ind.label = optional_text(item, "label", "label");
        ind.definition = optional_text(item, "definition", "definition");
        if (const auto* n = item.find("unit"); n && text(*n, "unit")) {
            ind.unit = n->text;
            ind.unit_where = n->where;
            if (std::find(known_units().begin(), known_units().end(), n->text) == known_units().end())
                problems_.add(n->where, "unknown unit '" + n->text + "'", unknown_name_hint(n->text, known_units()));
        }
        if (const auto* n = item.find("better"); n && text(*n, "better")) {
            if (const auto better = enum_named<direction>(n->text))
                ind.better = *better;
            else
                problems_.add(n->where,
                              "better must be " + enum_alternatives<direction>() + ", found '" + n->text + "'",
                              "say whether a larger value is good news for a town");
        }
        if (const auto* n = item.find("on_failure"); n && text(*n, "on_failure")) {
            if (const auto policy = enum_named<failure_policy>(n->text))
                ind.on_failure = *policy;
            else
                problems_.add(n->where,
                              "on_failure must be " + enum_alternatives<failure_policy>() + ", found '" + n->text + "'",
                              enum_names_explained<failure_policy>());
        }
        if (const auto* n = item.find("target")) ind.target = number(*n, "target");
        read_isolation(item, ind.isolation, "indicator '" + ind.id + "'");
        if (const auto* params = item.find("params")) {
            ind.params_where = params->where;
            const auto problems_before_params = problems_.items().size();
            if (params->type != spec_node::kind::mapping) {
                problems_.add(params->where, "params must be a mapping of names to values");
            } else {
                for (const auto& [key, value] : params->entries) {
                    if (value.type == spec_node::kind::sequence) {
                        param_value list{key.text, "[", {}, true, value.where, key.where};
                        for (const auto& element : value.items)
                            if (auto v = text(element, "an item of parameter '" + key.text + "'")) {
                                list.text += (list.items.empty() ? "" : ", ") + *v;
                                list.items.push_back(*v);
                            }
                        list.text += "]";
                        ind.params.push_back(std::move(list));
                    } else if (auto v = text(value, "parameter '" + key.text + "'")) {
                        ind.params.push_back({key.text, *v, {}, false, value.where, key.where});
                    }
                }
            }
            params_unsure = params_unsure || problems_.items().size() != problems_before_params;
        }
        if (params_unsure) gaps_.indicators_with_unsure_params.insert(spec_.indicators.size());
        spec_.indicators.push_back(std::move(ind));
    }
}

namespace {

// A number followed by one of `units` (spaces allowed between), times that unit's factor; nothing
// when the text is not such an amount. Longer units come first where one ends another ("min", "s").
std::optional<double> parse_amount(std::string_view text, std::span<const std::pair<std::string_view, double>> units) {
    for (const auto& [unit, factor] : units)
        if (text.ends_with(unit)) {
            auto digits = text.substr(0, text.size() - unit.size());
            while (digits.ends_with(' ')) digits.remove_suffix(1);
            if (const auto value = parse_plain_number(digits)) return *value * factor;
            return std::nullopt;
        }
    return std::nullopt;
}

// "30s", "1.5 s", "500ms", "2min", "1h" in seconds.
std::optional<double> parse_duration(std::string_view text) {
    static constexpr std::pair<std::string_view, double> units[]{{"ms", 0.001}, {"min", 60}, {"s", 1}, {"h", 3600}};
    return parse_amount(text, units);
}

// "512MB", "2 GB", "1GiB" in bytes (1 MB = 1 MiB = 1,048,576 bytes, as setrlimit counts).
std::optional<double> parse_memory(std::string_view text) {
    static constexpr double k = 1024.0;
    static constexpr std::pair<std::string_view, double> units[]{
        {"KiB", k}, {"MiB", k * k}, {"GiB", k * k * k}, {"TiB", k * k * k * k},
        {"KB", k},  {"MB", k * k},  {"GB", k * k * k},  {"TB", k * k * k * k}};
    return parse_amount(text, units);
}

}  // namespace

void spec_builder::read_isolation(const spec_node& parent, isolation_spec& into, const std::string& owner) {
    if (const auto* n = parent.find("isolation"); n && text(*n, "isolation")) {
        into.mode_where = n->where;
        if (const auto mode = enum_named<isolation_mode>(n->text))
            into.mode = *mode;
        else
            problems_.add(n->where, "isolation of " + owner + " must be 'process' or 'none', found '" + n->text + "'",
                          "'process' computes in a child process, where a crash, exit() or a limit is a failure of "
                          "the indicator alone; 'none' (the default) computes in munidash's own process");
    }
    if (const auto* n = parent.find("seccomp")) {
        into.seccomp = boolean(*n, "seccomp of " + owner);
        into.seccomp_where = n->where;
    }
    const auto* limits = parent.find("limits");
    if (!limits || !mapping(*limits, "'limits' of " + owner, {"time", "memory"})) return;
    if (const auto* n = limits->find("time"); n && text(*n, "limits.time")) {
        const auto seconds = parse_duration(n->text);
        into.time_where = n->where;
        if (!seconds || *seconds <= 0 || *seconds > 7 * 24 * 3600)
            problems_.add(
                n->where,
                "limits.time of " + owner +
                    " must be a duration with its unit, more than 0 and at "
                    "most 7 days, found '" +
                    n->text + "'",
                "write e.g. \"30s\", \"500ms\", \"5min\" or \"1h\": the wall-clock time one computation may take");
        else
            into.time_limit = *seconds;
    }
    if (const auto* n = limits->find("memory"); n && text(*n, "limits.memory")) {
        const auto bytes = parse_memory(n->text);
        into.memory_where = n->where;
        constexpr double smallest = 1024.0 * 1024, largest = 1024.0 * 1024 * 1024 * 1024 * 64;
        if (!bytes || *bytes < smallest || *bytes > largest)
            problems_.add(n->where,
                          "limits.memory of " + owner +
                              " must be an amount with its unit, from 1 MB to 64 TB, "
                              "found '" +
                              n->text + "'",
                          "write e.g. \"512MB\" or \"2GB\" (1 MB = 1,048,576 bytes): the memory one computation may "
                          "allocate, enforced with isolation: process");
        else
            into.memory_limit = static_cast<std::uint64_t>(*bytes);
    }
}

isolation_settings effective_isolation(const report_spec& spec, const indicator_spec& indicator) {
    const auto& own = indicator.isolation;
    const auto& all = spec.plugins;
    isolation_settings out;
    out.seccomp = own.seccomp.value_or(all.seccomp.value_or(false));
    out.mode = own.mode.value_or(all.mode.value_or(out.seccomp ? isolation_mode::process : isolation_mode::none));
    out.time_limit = own.time_limit ? own.time_limit : all.time_limit;
    out.memory_limit = own.memory_limit ? own.memory_limit : all.memory_limit;
    return out;
}

void check_placeholders(const spec_node& node, std::string_view what, const std::vector<std::string>& known,
                        diagnostic_list& problems) {
    std::string braced;  // "{report.id}, {report.period}": as they are written
    for (const auto& name : known) braced += (braced.empty() ? "{" : ", {") + name + "}";
    for (const auto& problem : find_placeholder_problems(node.text, known)) {
        if (problem.unclosed) {
            problems.add(node.where, "a '{' is never closed in " + std::string(what) + ": '" + node.text + "'",
                         "close the placeholder with '}'; the placeholders are " + braced);
            continue;
        }
        problems.add(node.where, "unknown placeholder '{" + problem.name + "}' in " + std::string(what),
                     unknown_name_hint(problem.name, known) + "; correct the name (written between braces, e.g. {" +
                         known.front() + "}) or remove it");
    }
}

void spec_builder::read_output(const spec_node& node) {
    if (!mapping(node, "'output'", {"workbook", "town_sheets", "comparisons", "per_town", "per_town_only"})) return;
    if (const auto* n = node.find("town_sheets")) spec_.output.town_sheets = boolean(*n, "town_sheets").value_or(false);
    spec_.output.comparisons_where = node.where;
    if (const auto* n = node.find("comparisons")) {
        spec_.output.comparisons = boolean(*n, "comparisons").value_or(true);
        spec_.output.comparisons_where = n->where;
    }
    const auto* per_town = node.find("per_town");
    if (per_town && text(*per_town, "output.per_town")) {
        spec_.output.per_town = per_town->text;
        spec_.output.per_town_where = per_town->where;
        spec_.output.per_town_folder = per_town->where.file.parent_path();
        const std::vector<std::string> fields{"report.id", "report.period", "town.code", "town.slug"};
        check_placeholders(*per_town, "output.per_town", fields, problems_);
        if (per_town->text.find("{town.code}") == std::string::npos)
            problems_.add(per_town->where, "output.per_town must contain {town.code}",
                          "each town needs its own file, e.g. \"towns/{town.code}-{town.slug}.xlsx\"");
        if (!per_town->text.ends_with(".xlsx"))
            problems_.add(per_town->where, "output.per_town must end with .xlsx, found '" + per_town->text + "'");
    }
    if (const auto* only = node.find("per_town_only")) read_per_town_only(*only, per_town != nullptr);
    // A run makes the report's workbook, or the towns' workbooks, or both.
    const auto* n = per_town ? node.find("workbook") : required(node, "workbook", "'output'");
    if (n && text(*n, "output.workbook")) {
        spec_.output.workbook = n->text;
        spec_.output.where = n->where;
        spec_.output.folder = n->where.file.parent_path();
        const std::vector<std::string> fields{"report.id", "report.period"};
        check_placeholders(*n, "output.workbook", fields, problems_);
        if (!n->text.ends_with(".xlsx"))
            problems_.add(n->where, "output.workbook must end with .xlsx, found '" + n->text + "'");
    }
}

void spec_builder::read_per_town_only(const spec_node& node, bool has_per_town) {
    auto& only = spec_.output.per_town_only;
    only.present = true;
    only.where = node.where;
    if (!has_per_town)
        problems_.add(node.where,
                      "output.per_town_only chooses the towns that get a workbook, but there is no output.per_town",
                      "add per_town, e.g. \"towns/{town.code}-{town.slug}.xlsx\", or remove per_town_only");
    if (!mapping(node, "'output.per_town_only'", {"codes", "largest"})) return;
    const auto* codes = node.find("codes");
    const auto* largest = node.find("largest");
    if (!codes && !largest)
        problems_.add(node.where, "output.per_town_only names no town",
                      "write codes: [\"77475\", \"91326\"], largest: 10, or both");
    if (largest) {
        const auto value = number(*largest, "output.per_town_only.largest");
        if (value && (*value < 1 || *value != std::floor(*value) || *value > 1e9))
            problems_.add(largest->where,
                          "output.per_town_only.largest must be a whole number of towns, 1 or more, found '" +
                              largest->text + "'",
                          "e.g. largest: 10 for the ten most populous towns of the selection");
        else if (value)
            only.largest = static_cast<std::size_t>(*value);
    }
    if (codes) {
        only.codes =
            read_codes(*codes, "INSEE commune code", is_insee_code, "5 characters in quotes: '77475', '2A004'");
        if (codes->type == spec_node::kind::sequence && codes->items.empty())
            problems_.add(codes->where, "output.per_town_only.codes lists no town",
                          "list the codes of the towns that get a workbook, or remove 'codes'");
        std::set<std::string> seen;
        for (const auto& c : only.codes)
            if (!seen.insert(c.code).second)
                problems_.add(c.where, "town " + c.code + " is listed twice in output.per_town_only.codes",
                              "remove one of them");
    }
}

report_spec build_report_spec(const spec_node& root, const std::filesystem::path& file) {
    return spec_builder(file).build(root);
}

report_spec read_report_spec(const std::filesystem::path& file, const parameter_values& parameters) {
    return build_report_spec(compose_spec(file, parameters), file);
}

spec_reading build_report_spec_and_problems(const spec_node& root, const std::filesystem::path& file) {
    return spec_builder(file).read(root);
}

spec_reading read_report_spec_and_problems(const std::filesystem::path& file, const parameter_values& parameters) {
    return build_report_spec_and_problems(compose_spec(file, parameters), file);
}

}  // namespace munidash
