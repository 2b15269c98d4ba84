// How each town stands among the selection and its peers, for each indicator.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// Ranks of `values` where 1 is the best according to `better`: ties share the best rank of
// their group and the next rank skips ("1, 2, 2, 4"); missing values (NaN) get rank 0.
std::vector<int> competition_ranks(std::span<const double> values, direction better);

// The median of the values that are not NaN (the mean of the two middle ones for an even count);
// NaN when there is none.
double median(std::span<const double> values);

// The comparisons of one indicator.
struct indicator_comparison {
    std::vector<int> rank;               // per town, within the whole selection; 0 = no value
    std::vector<int> peer_rank;          // per town, within its peer group; 0 = no value
    std::vector<double> group_median;    // per peer group
    std::vector<std::size_t> group_values;  // per peer group: how many towns have a value
    double selection_median = 0;
    std::size_t ranked = 0;              // towns with a value
};

// Compares towns for one indicator; `group_of[i]` is town i's peer group among `group_count`.
indicator_comparison compare(std::span<const double> values, direction better,
                             std::span<const std::size_t> group_of, std::size_t group_count);

}  // namespace munidash
