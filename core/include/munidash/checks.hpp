// munidash plugin SDK: the checks the engine makes of what a plugin gives it: its indicators'
// descriptions when it registers them, and each column `compute` returns. Header-only, standard
// library only: the engine and <munidash/testing.hpp> both call these same functions, so that a
// plugin that passes its own tests is never refused by the engine for its shape.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include <munidash/plugin.hpp>

namespace munidash::checks {

// [a-z][a-z0-9_]*, at most 40 characters: plugin names, indicator ids, parameter and source names.
inline bool is_identifier(std::string_view name) noexcept {
    if (name.empty() || name.size() > 40 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The languages a report, and so a plugin's label and definition, can be written in.
inline constexpr std::array<std::string_view, 2> languages{"fr", "en"};

// Whether a report can be written in `code`.
inline bool is_language(std::string_view code) noexcept {
    return std::find(languages.begin(), languages.end(), code) != languages.end();
}

// The units the workbook knows how to format and name; a spec's `unit:` takes one of them too.
inline constexpr std::array<std::string_view, 7> units{"percent",  "count",     "number",    "index",
                                                       "per_1000", "per_10000", "per_100000"};

// Whether the workbook can show a value of `unit`.
inline bool is_unit(std::string_view unit) noexcept {
    return std::find(units.begin(), units.end(), unit) != units.end();
}

namespace detail {
template <std::size_t N>
std::string join(const std::array<std::string_view, N>& names) {
    std::string out;
    for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}
}  // namespace detail

// Why the engine refuses `d`, registered by `who` ("plugin 'x' (file.so)"), or "" when it
// accepts it. The message is whole: it names the indicator, what was found and what to do.
inline std::string description_problem(const indicator_description& d, const std::string& who) {
    if (!is_identifier(d.id))
        return who + " registered an indicator with the invalid id '" + d.id +
               "': use lower-case letters, digits and '_', starting with a letter";
    const std::string indicator = "indicator '" + d.id + "' of " + who;
    if (d.label.empty()) return indicator + " has an empty label: give .label, the name a reader sees";
    if (!is_unit(d.unit))
        return indicator + " declares the unit '" + d.unit + "', which the workbook cannot show: use one of " +
               detail::join(units);
    std::set<std::string, std::less<>> params;
    for (const auto& param : d.params)
        if (!is_identifier(param.name) || !params.insert(param.name).second)
            return indicator + " declares the parameter '" + param.name + "' twice or with an invalid name";
    if (!is_language(d.language))
        return indicator + " writes its label in the unknown language '" + d.language + "': use one of " +
               detail::join(languages);
    std::set<std::string, std::less<>> translated{d.language};
    for (const auto& t : d.translations) {
        if (!is_language(t.language))
            return indicator + " has a translation into the unknown language '" + t.language + "': use one of " +
                   detail::join(languages);
        if (!translated.insert(t.language).second)
            return indicator + " gives its text in '" + t.language +
                   "' twice (as .language or in .translations): keep one";
        if (t.label.empty()) return indicator + " has a translation into '" + t.language + "' with an empty label";
        if (t.definition.empty() && !d.definition.empty())
            return indicator + " has a translation into '" + t.language +
                   "' without a definition: translate .definition too";
    }
    return {};
}

// Why the engine refuses a column `compute` returned for `towns` towns, or "" when it accepts it:
// a clause that follows the indicator's name ("indicator 'x' of plugin 'p' returned ...").
inline std::string column_problem(const indicator_column& out, std::size_t towns) {
    if (out.values.size() != towns)
        return "returned " + std::to_string(out.values.size()) + " values for " + std::to_string(towns) + " towns";
    if (!out.flags.empty() && out.flags.size() != towns)
        return "returned " + std::to_string(out.flags.size()) + " flags for " + std::to_string(towns) + " towns";
    if (out.numerators.size() != out.denominators.size() || (!out.numerators.empty() && out.numerators.size() != towns))
        return "returned " + std::to_string(out.numerators.size()) + " numerators and " +
               std::to_string(out.denominators.size()) + " denominators for " + std::to_string(towns) +
               " towns (both empty, or one each per town)";
    // A group's value is scale × Σ numerators ÷ Σ denominators: a scale of 0 or NaN ruins them all.
    if (!out.numerators.empty() && (!std::isfinite(out.scale) || out.scale == 0))
        return "returned numerators and denominators with the scale " + std::to_string(out.scale) +
               " (a group's value is scale × Σ numerators ÷ Σ denominators): give a finite scale other than 0";
    return {};
}

}  // namespace munidash::checks
