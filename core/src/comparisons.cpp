#include "comparisons.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace munidash {

std::vector<int> competition_ranks(std::span<const double> values, direction better) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    const auto ahead = [&](std::size_t a, std::size_t b) {
        return better == direction::higher_is_better ? values[a] > values[b] : values[a] < values[b];
    };
    std::stable_sort(order.begin(), order.end(), ahead);
    std::vector<int> ranks(values.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tied = k > 0 && values[order[k]] == values[order[k - 1]];
        ranks[order[k]] = tied ? ranks[order[k - 1]] : static_cast<int>(k + 1);
    }
    return ranks;
}

double median(std::span<const double> values) {
    std::vector<double> present;
    for (double v : values)
        if (!std::isnan(v)) present.push_back(v);
    if (present.empty()) return std::nan("");
    std::sort(present.begin(), present.end());
    const std::size_t n = present.size();
    return n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2.0;
}

indicator_comparison compare(std::span<const double> values, direction better,
                             std::span<const std::size_t> group_of, std::size_t group_count) {
    indicator_comparison out;
    out.rank = competition_ranks(values, better);
    out.selection_median = median(values);
    out.ranked = static_cast<std::size_t>(
        std::count_if(values.begin(), values.end(), [](double v) { return !std::isnan(v); }));
    out.peer_rank.assign(values.size(), 0);
    for (std::size_t g = 0; g < group_count; ++g) {
        std::vector<std::size_t> members;
        std::vector<double> member_values;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (group_of[i] == g) {
                members.push_back(i);
                member_values.push_back(values[i]);
            }
        out.group_median.push_back(median(member_values));
        out.group_values.push_back(static_cast<std::size_t>(std::count_if(
            member_values.begin(), member_values.end(), [](double v) { return !std::isnan(v); })));
        const auto ranks = competition_ranks(member_values, better);
        for (std::size_t k = 0; k < members.size(); ++k) out.peer_rank[members[k]] = ranks[k];
    }
    return out;
}

}  // namespace munidash
