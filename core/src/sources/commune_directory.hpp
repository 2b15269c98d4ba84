// France's communes as munidash knows them: the built-in list of today's communes (from
// @etalab/decoupage-administratif, installed with the engine) and the history of their codes, so
// that a file keyed by the codes of another year lands on today's communes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"

namespace munidash {

// One commune of a reference list, with the names of its department, region and EPCI.
struct commune_record {
    std::string code;  // INSEE code, always text: 01001, 2A004
    std::string name;
    double population = 0;  // NaN when the list has none (uninhabited territories)
    std::string department;
    std::string department_name;
    std::string region;
    std::string region_name;
    std::string epci;  // SIREN of the EPCI; empty when none
    std::string epci_name;
};

// What became of a code that is not a commune today, or whose territory changed.
enum class code_change {
    merged,          // a former commune, now part of `communes.front()`
    arrondissement,  // an arrondissement municipal of the city `communes.front()`
    ambiguous,       // the history names several communes: never mapped
    split,           // still a commune, but before `changed` it also covered `communes`
};

// One entry of the code history.
struct code_history_entry {
    std::string code;
    std::string name;  // the former commune's name, when the history has it
    std::vector<std::string> communes;
    code_change kind = code_change::merged;
    std::string changed;  // the year of the change ("2024", "2020-2021", "<=2019"), when known
};

// The built-in list of communes and the history of codes, read from one folder.
class commune_directory {
public:
    // Reads communes.csv, history.csv, departments.csv, regions.csv and epcis.csv from `folder`.
    // Throws munidash_error(input) naming the file when one is missing or malformed.
    explicit commune_directory(const std::filesystem::path& folder);

    // The folder installed with the engine (share/munidash/communes beside bin/), unless
    // MUNIDASH_COMMUNES_DIR names another.
    static std::filesystem::path default_folder();
    // The directory of default_folder(), read once per process.
    static const commune_directory& builtin();

    // Today's communes, in code order.
    const std::vector<commune_record>& communes() const noexcept { return communes_; }
    // A commune of today, or nullptr.
    const commune_record* find(std::string_view code) const;
    // The history of a code, or nullptr when nothing happened to it.
    const code_history_entry* history(std::string_view code) const;
    // The arrondissements of a city (Paris, Lyon, Marseille), in code order; empty for other codes.
    std::vector<std::string> arrondissements_of(std::string_view city) const;
    // A department's, region's or EPCI's name, or "" when unknown.
    std::string department_name(std::string_view code) const;
    std::string region_of_department(std::string_view code) const;
    std::string region_name(std::string_view code) const;
    std::string epci_name(std::string_view code) const;
    // Where the data came from, for the methodology sheet.
    const std::filesystem::path& folder() const noexcept { return folder_; }

private:
    std::filesystem::path folder_;
    std::vector<commune_record> communes_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::map<std::string, code_history_entry, std::less<>> history_;
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> departments_;  // name, region
    std::map<std::string, std::string, std::less<>> regions_;
    std::map<std::string, std::string, std::less<>> epcis_;
};

// The name of a kind of change, as history.csv writes it.
std::string_view to_string(code_change kind);

}  // namespace munidash
