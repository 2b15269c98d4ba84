// The towns of a report: read from the reference list, selected, and sorted into peer groups.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sources/commune_directory.hpp"
#include "sources/source_table.hpp"
#include "spec/report_spec.hpp"

namespace munidash {

// A group of comparable towns: a population band, a department, an EPCI or a group the spec names.
struct peer_group {
    peer_grouping kind = peer_grouping::population;
    std::string key;   // department code, EPCI SIREN or group name; empty for a band
    std::string name;  // department or EPCI name from the reference list, when it has one
    double min = 0;    // a band's limits: min included, max excluded but for the last band
    double max = 0;
    bool others = false;  // the towns of no named group
    std::size_t town_count = 0;
};

// One selected town.
struct town {
    std::string code;  // INSEE code, always text: 01001, 2A004
    std::string name;
    double population = 0;
    std::string department;  // from the reference list, or from the code when it has no department column
    std::string department_name;
    std::string region;
    std::string epci;
    std::string epci_name;
    std::size_t peer_group = 0;  // index into town_list::groups
};

// The selected towns in the order of their codes, and their peer groups.
struct town_list {
    std::vector<town> towns;
    std::vector<peer_group> groups;

    // The codes of the towns, in order: the row order of every computed column.
    std::vector<std::string> codes() const;
};

// The columns the reference list must have.
const std::vector<std::string>& reference_columns();

// Every town a report may compare: the spec's reference list, its missing departments, regions,
// EPCI and their names completed from the built-in list, or the built-in list itself. Throws
// munidash_error(input) for a reference row without a valid population.
std::vector<commune_record> reference_communes(const towns_spec& spec, const commune_directory& directory);

// A short name of the reference list for messages: its file name, or "the built-in list of communes".
std::string reference_name(const towns_spec& spec);

// Selects the towns of the reference list that match every criterion of the spec, and sorts them
// into peer groups. Throws munidash_error(spec) listing every criterion that no town of the
// reference list can match (a code it lacks, a department, region or EPCI none of its towns is
// in), or an empty selection.
town_list select_towns(const std::vector<commune_record>& reference, const towns_spec& spec);

}  // namespace munidash
