#include "compute/normalisation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "compute/statistics.hpp"

namespace munidash {

std::vector<double> normalise(std::span<const double> values, direction better, normalisation method,
                              const normalisation_inputs& inputs) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const bool higher = better == direction::higher_is_better;
    std::vector<double> present;
    for (double v : values)
        if (!std::isnan(v)) present.push_back(v);
    std::vector<double> out(values.size(), nan);
    if (present.empty()) return out;
    const auto [low_it, high_it] = std::minmax_element(present.begin(), present.end());
    const double low = *low_it, high = *high_it;
    const auto n = static_cast<double>(present.size());

    switch (method) {
        case normalisation::minmax:
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (std::isnan(values[i])) continue;
                if (high == low) {
                    out[i] = 100;
                    continue;
                }
                out[i] = 100.0 * (higher ? values[i] - low : high - values[i]) / (high - low);
            }
            break;
        case normalisation::zscore: {
            double mean = 0;
            for (double v : present) mean += v;
            mean /= n;
            double variance = 0;
            for (double v : present) variance += (v - mean) * (v - mean);
            const double sd = std::sqrt(variance / n);
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (std::isnan(values[i])) continue;
                out[i] = sd == 0 ? 0.0 : (higher ? 1.0 : -1.0) * (values[i] - mean) / sd;
            }
            break;
        }
        case normalisation::rank: {
            const auto ranks = competition_ranks(values, better);
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (std::isnan(values[i])) continue;
                out[i] = present.size() == 1 ? 100.0 : 100.0 * (n - ranks[i]) / (n - 1);
            }
            break;
        }
        case normalisation::percentile: return percentile_ranks(values, better);
        case normalisation::goalposts: {
            const double lo = inputs.goal_low.value_or(low), hi = inputs.goal_high.value_or(high);
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (std::isnan(values[i])) continue;
                const double score = hi == lo ? 100.0 : 100.0 * (values[i] - lo) / (hi - lo);
                out[i] = std::clamp(higher ? score : 100.0 - score, 0.0, 100.0);
            }
            break;
        }
        case normalisation::index:
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (std::isnan(values[i]) || inputs.reference == 0) continue;
                // Reflected for lower-is-better, so that 0 (the best possible) is 200, not infinite.
                out[i] = higher ? 100.0 * values[i] / inputs.reference : 100.0 * (2.0 - values[i] / inputs.reference);
            }
            break;
    }
    return out;
}

}  // namespace munidash
