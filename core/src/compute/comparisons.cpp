#include "compute/comparisons.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "compute/normalisation.hpp"
#include "compute/statistics.hpp"

namespace munidash {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A group's statistics over the towns `members` (indexes into the columns).
group_statistics statistics_of(std::span<const double> values, const std::vector<std::size_t>& members,
                               const indicator_counts& counts) {
    // Sorted once for the three quantiles (it was sorted three times, for each group of each indicator).
    std::vector<double> sorted;
    sorted.reserve(members.size());
    for (const auto i : members)
        if (!std::isnan(values[i])) sorted.push_back(values[i]);
    std::sort(sorted.begin(), sorted.end());
    group_statistics s;
    s.median = sorted_quantile(sorted, 0.5);
    s.q1 = sorted_quantile(sorted, 0.25);
    s.q3 = sorted_quantile(sorted, 0.75);
    s.values = sorted.size();
    s.aggregate = s.median;
    if (!counts.numerators.empty()) {
        double numerator = 0, denominator = 0;
        for (const auto i : members) {
            const double n = counts.numerators[i], d = counts.denominators[i];
            if (std::isnan(n) || std::isnan(d) || std::isnan(values[i]) || d <= 0) continue;
            numerator += n;
            denominator += d;
        }
        s.aggregate = denominator > 0 ? counts.scale * numerator / denominator : nan;
    }
    return s;
}

}  // namespace

std::map<std::string, group_statistics> statistics_by(std::span<const double> values, std::span<const std::string> keys,
                                                      const indicator_counts& counts) {
    std::map<std::string, std::vector<std::size_t>> members_of;
    for (std::size_t i = 0; i < keys.size(); ++i) members_of[keys[i]].push_back(i);
    std::map<std::string, group_statistics> out;
    for (const auto& [key, members] : members_of) out.emplace(key, statistics_of(values, members, counts));
    return out;
}

indicator_comparison compare(std::span<const double> values, direction better, const comparison_layout& layout,
                             const indicator_counts& counts, std::optional<double> target) {
    indicator_comparison out;
    out.from_counts = !counts.numerators.empty();
    out.rank = competition_ranks(values, better);
    out.percentile = percentile_ranks(values, better);
    out.score = normalise(values, better, normalisation::minmax);  // before the groups, which take its median
    out.ranked =
        static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [](double v) { return !std::isnan(v); }));

    std::vector<std::size_t> everyone(values.size());
    std::iota(everyone.begin(), everyone.end(), 0);
    out.selection = statistics_of(values, everyone, counts);

    out.peer_rank.assign(values.size(), 0);
    for (std::size_t g = 0; g < layout.group_count; ++g) {
        std::vector<std::size_t> members;
        std::vector<double> member_values;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (layout.group_of[i] == g) {
                members.push_back(i);
                member_values.push_back(values[i]);
            }
        out.groups.push_back(statistics_of(values, members, counts));
        std::vector<double> member_scores;
        for (const auto i : members) member_scores.push_back(out.score[i]);
        out.groups.back().median_score = median(member_scores);
        const auto ranks = competition_ranks(member_values, better);
        for (std::size_t k = 0; k < members.size(); ++k) out.peer_rank[members[k]] = ranks[k];
    }

    out.departments = statistics_by(values, layout.department_of, counts);

    out.gap_to_peer_median.assign(values.size(), nan);
    out.distance_to_target.assign(values.size(), nan);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        out.gap_to_peer_median[i] = values[i] - out.groups.at(layout.group_of[i]).median;
        if (target) {
            const double left = better == direction::higher_is_better ? *target - values[i] : values[i] - *target;
            out.distance_to_target[i] = std::max(0.0, left);
        }
    }
    return out;
}

}  // namespace munidash
