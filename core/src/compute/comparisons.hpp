// How each town stands among the selection and its peers, for each indicator.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// A group's (or the whole selection's) statistics for one indicator.
struct group_statistics {
    double median = 0;
    double q1 = 0;
    double q3 = 0;
    std::size_t values = 0;  // towns with a value
    // The group's own value: Σ numerators ÷ Σ denominators × scale when the indicator gives its
    // counts (towns with both), otherwise the median.
    double aggregate = 0;
    double median_score = 0;  // median of the towns' min-max scores: a typical member's profile
};

// The counts behind a rate, when the indicator gives them.
struct indicator_counts {
    std::span<const double> numerators;  // empty when the indicator gives no counts
    std::span<const double> denominators;
    double scale = 1;
};

// The comparisons of one indicator.
struct indicator_comparison {
    std::vector<int> rank;                                // per town, within the whole selection; 0 = no value
    std::vector<int> peer_rank;                           // per town, within its peer group; 0 = no value
    std::vector<double> percentile;                       // per town, 0-100, 100 = best; NaN = no value
    std::vector<double> score;                            // per town, min-max 0-100, 100 = best: a profile on one scale
    std::vector<double> gap_to_peer_median;               // per town: value − its peer group's median
    std::vector<double> distance_to_target;               // per town: what is left to reach the target, 0 once reached
    std::vector<group_statistics> groups;                 // per peer group
    std::map<std::string, group_statistics> departments;  // per department: its selected towns
    std::map<std::string, group_statistics> whole_departments;  // per department: all its towns of the reference list
    group_statistics selection;
    std::size_t ranked = 0;    // towns with a value
    bool from_counts = false;  // aggregates are Σ numerators ÷ Σ denominators
};

// What compare() needs to know about each town.
struct comparison_layout {
    std::span<const std::size_t> group_of;  // each town's peer group
    std::size_t group_count = 0;
    std::span<const std::string> department_of;  // each town's department
};

// The statistics of the towns sharing each key (a department, say): Σ numerators ÷ Σ denominators
// when `counts` has them, otherwise the median.
std::map<std::string, group_statistics> statistics_by(std::span<const double> values, std::span<const std::string> keys,
                                                      const indicator_counts& counts = {});

// Compares towns for one indicator. `target`, when given, is the value every town should reach.
indicator_comparison compare(std::span<const double> values, direction better, const comparison_layout& layout,
                             const indicator_counts& counts = {}, std::optional<double> target = std::nullopt);

}  // namespace munidash
