#include "compute/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "compute/ranking.hpp"

namespace munidash {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The values that are not NaN, sorted ascending.
std::vector<double> present(std::span<const double> values) {
    std::vector<double> out;
    for (double v : values)
        if (!std::isnan(v)) out.push_back(v);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

double sorted_quantile(std::span<const double> sorted, double p) {
    if (sorted.empty()) return nan;
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto low = static_cast<std::size_t>(std::floor(h));
    const auto high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (h - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

std::vector<int> competition_ranks(std::span<const double> values, direction better) {
    rank_scratch scratch;
    std::vector<int> ranks(values.size());
    competition_ranks_into(values, better, ranks, scratch);
    return ranks;
}

std::vector<double> percentile_ranks(std::span<const double> values, direction better) {
    rank_scratch scratch;
    sort_values(values, direction::lower_is_better, scratch);  // lowest first
    const auto& keys = scratch.keys;
    const auto n = keys.size();
    std::vector<double> out(values.size(), nan);
    // Each run of equal values: `below` values before it, `above` after.
    for (std::size_t from = 0; from < n;) {
        std::size_t to = from + 1;
        while (to < n && keys[to] == keys[from]) ++to;
        const auto below = static_cast<double>(from);
        const auto above = static_cast<double>(n - to);
        const double tied_others = static_cast<double>(n) - below - above - 1;
        const double worse = better == direction::higher_is_better ? below : above;
        const double percentile = n == 1 ? 100.0 : 100.0 * (worse + 0.5 * tied_others) / static_cast<double>(n - 1);
        for (std::size_t k = from; k < to; ++k) out[scratch.order[k]] = percentile;
        from = to;
    }
    return out;
}

double median(std::span<const double> values) { return quantile(values, 0.5); }

double quantile(std::span<const double> values, double p) { return sorted_quantile(present(values), p); }

}  // namespace munidash
