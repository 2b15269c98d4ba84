// Indicators on one scale before they are combined: each method turns raw values into scores
// where a higher score is always better, whatever the indicator's direction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <munidash/plugin.hpp>

#include "spec/report_spec.hpp"

namespace munidash {

// What some methods need besides the values.
struct normalisation_inputs {
    std::optional<double> goal_low;  // goalposts
    std::optional<double> goal_high;
    double reference = 0;  // index: the reference area's value (= 100)
};

// Scores of `values` by `method`, higher = better; NaN stays NaN. All values equal: minmax and
// rank give 100 (nobody is behind), zscore gives 0.
std::vector<double> normalise(std::span<const double> values, direction better, normalisation method,
                              const normalisation_inputs& inputs = {});

}  // namespace munidash
