// The order statistics every computation shares: ranks, percentile ranks and quantiles, used by
// the comparisons, the normalisations and the composite alike.
#pragma once

#include <span>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// Ranks of `values` where 1 is the best according to `better`: ties share the best rank of
// their group and the next rank skips ("1, 2, 2, 4"); missing values (NaN) get rank 0.
std::vector<int> competition_ranks(std::span<const double> values, direction better);

// Percentile of each value among the others, 100 = best: 100 × (worse + ½ × tied others) ÷
// (n − 1); 100 when the town is alone; NaN for a missing value.
std::vector<double> percentile_ranks(std::span<const double> values, direction better);

// The median of the values that are not NaN (the mean of the two middle ones for an even count);
// NaN when there is none.
double median(std::span<const double> values);

// The p-quantile (0 ≤ p ≤ 1) of the values that are not NaN, by linear interpolation between
// order statistics (Hyndman & Fan type 7, the default of R, numpy and Excel's QUARTILE.INC).
double quantile(std::span<const double> values, double p);

// The p-quantile of `sorted`, values sorted ascending without NaN, by the same interpolation as
// quantile(); NaN when empty. For callers that sort a group once for several quantiles.
double sorted_quantile(std::span<const double> sorted, double p);

}  // namespace munidash
