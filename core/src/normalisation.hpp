// Indicators on one scale before they are combined: each method turns raw values into scores
// where a higher score is always better, whatever the indicator's direction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// The normalisation methods of the OECD/JRC Handbook that munidash offers.
enum class normalisation {
    minmax,      // 100 × (x − min) ÷ (max − min) over the selection
    zscore,      // (x − mean) ÷ standard deviation (population), sign follows the direction
    rank,        // 100 × (n − rank) ÷ (n − 1)
    percentile,  // the percentile rank, 100 = best
    goalposts,   // 100 × (x − low) ÷ (high − low), clamped to [0, 100], with fixed goalposts
    index,       // 100 × x ÷ reference; lower is better: 100 × (2 − x ÷ reference), so 0 scores 200
};

// The spec's names of the methods, in enum order.
const std::vector<std::string>& normalisation_names();

// What some methods need besides the values.
struct normalisation_inputs {
    std::optional<double> goal_low;   // goalposts
    std::optional<double> goal_high;
    double reference = 0;             // index: the reference area's value (= 100)
};

// Scores of `values` by `method`, higher = better; NaN stays NaN. All values equal: minmax and
// rank give 100 (nobody is behind), zscore gives 0.
std::vector<double> normalise(std::span<const double> values, direction better, normalisation method,
                              const normalisation_inputs& inputs = {});

}  // namespace munidash
