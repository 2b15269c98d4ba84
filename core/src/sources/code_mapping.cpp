#include "sources/code_mapping.hpp"

#include <algorithm>

namespace munidash {

std::string_view describe(set_aside_reason reason) {
    switch (reason) {
        case set_aside_reason::not_a_code: return "not an INSEE commune code";
        case set_aside_reason::not_in_reference: return "not in the reference list, and no known history";
        case set_aside_reason::ambiguous: return "a former code that the history gives to several communes";
        case set_aside_reason::whole_city: return "a whole city, while the reference list has its arrondissements";
        case set_aside_reason::duplicate: return "a duplicate of an earlier row, with the same or no values";
        case set_aside_reason::mapping_off: return "a former code, and the source has map_codes: false";
        case set_aside_reason::reference_older:
            return "a former code of a commune that the reference list still has in several parts (an older list)";
    }
    return "?";
}

code_mapper::code_mapper(std::set<std::string, std::less<>> reference_codes, const commune_directory& directory)
    : reference_(std::move(reference_codes)), directory_(directory) {
    for (const auto& code : reference_)
        if (const auto* h = directory_.history(code); h && h->kind == code_change::merged)
            if (reference_.contains(h->communes.front())) split_in_reference_.insert(h->communes.front());
}

code_resolution code_mapper::resolve(std::string_view code, bool map_codes) const {
    const auto* history = directory_.history(code);
    if (reference_.contains(code)) {
        // A split code is still this town's: the history is kept so the row can be listed.
        return {code_resolution::outcome::same,
                std::string(code),
                history && history->kind == code_change::split ? history : nullptr,
                {}};
    }
    const auto set_aside = [&](set_aside_reason reason) {
        return code_resolution{code_resolution::outcome::set_aside, {}, history, reason};
    };
    if (history && (history->kind == code_change::merged || history->kind == code_change::arrondissement)) {
        if (!map_codes) return set_aside(set_aside_reason::mapping_off);
        const auto& town = history->communes.front();
        if (split_in_reference_.contains(town)) return set_aside(set_aside_reason::reference_older);
        if (reference_.contains(town)) return {code_resolution::outcome::mapped, town, history, {}};
        return set_aside(set_aside_reason::not_in_reference);
    }
    if (history && history->kind == code_change::ambiguous) return set_aside(set_aside_reason::ambiguous);
    // A whole city cannot be divided between its arrondissements.
    const auto parts = directory_.arrondissements_of(code);
    if (std::any_of(parts.begin(), parts.end(), [&](const std::string& a) { return reference_.contains(a); }))
        return set_aside(set_aside_reason::whole_city);
    return set_aside(set_aside_reason::not_in_reference);
}

}  // namespace munidash
