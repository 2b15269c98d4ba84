// Which town of the reference list a source row belongs to, when the file is keyed by the codes
// of another year: former communes go to the commune nouvelle, arrondissements to their city.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "sources/commune_directory.hpp"

namespace munidash {

// Why a row of a source is not used for any town.
enum class set_aside_reason {
    not_a_code,        // the key is not an INSEE commune code (empty, "0null", a lost leading zero)
    not_in_reference,  // a commune code the reference list lacks, and the history cannot map
    ambiguous,         // the history gives this former code to several communes
    whole_city,        // a city's row, while the reference list has the city by arrondissement
    duplicate,         // the same code again, with the same or no values
    mapping_off,       // a former code, while the source reads codes as they are (map_codes: false)
    reference_older,   // the reference list predates a merger: it has several parts of today's commune
};

// A short English description of a reason, for the log; the workbook has its own labels.
std::string_view describe(set_aside_reason reason);

// Where a source's code lands.
struct code_resolution {
    enum class outcome { same, mapped, set_aside };
    outcome result = outcome::same;
    std::string town;                             // the reference's town, when not set aside
    const code_history_entry* history = nullptr;  // the change behind a mapping, or a split
    set_aside_reason reason = set_aside_reason::not_in_reference;
};

// Resolves codes against one reference list and the built-in history.
class code_mapper {
public:
    // `reference_codes` are every town of the reference list (not only the selected ones).
    code_mapper(std::set<std::string, std::less<>> reference_codes, const commune_directory& directory);

    // Where `code` lands; `map_codes` false keeps codes as they are.
    code_resolution resolve(std::string_view code, bool map_codes) const;
    // Whether the reference list has this town.
    bool known(std::string_view code) const { return reference_.contains(code); }
    // The built-in directory, for names of communes in messages.
    const commune_directory& directory() const noexcept { return directory_; }

private:
    std::set<std::string, std::less<>> reference_;
    // Today's communes that the reference list still has in several parts (an older list):
    // a former code's row cannot be given to one of those parts with certainty.
    std::set<std::string, std::less<>> split_in_reference_;
    const commune_directory& directory_;
};

}  // namespace munidash
