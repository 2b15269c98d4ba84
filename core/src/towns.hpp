// The towns of a report: read from the reference list, selected, and sorted into peer groups.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report_spec.hpp"
#include "source_table.hpp"

namespace munidash {

// A population band that groups comparable towns; `max` is excluded but for the last band.
struct peer_group {
    double min = 0;
    double max = 0;
    std::size_t town_count = 0;
};

// One selected town.
struct town {
    std::string code;  // INSEE code, always text: 01001, 2A004
    std::string name;
    double population = 0;
    std::string department;
    std::string region;
    std::string epci;
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

// Selects towns from the reference list by population and department, and assigns peer groups.
// Throws munidash_error(input) for a reference row without a valid population, and
// munidash_error(spec) when the selection is empty.
town_list select_towns(const source_table& reference, const towns_spec& spec);

}  // namespace munidash
