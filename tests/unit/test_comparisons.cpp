#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "compute/comparisons.hpp"
#include "compute/statistics.hpp"

using munidash::direction;

namespace {
const double no_value = std::nan("");
}

TEST_CASE("ranks: 1 is the best value for the indicator's direction, ties share the best rank") {
    const std::vector<double> values{50, 80, 80, 20, no_value, 65};
    CHECK(munidash::competition_ranks(values, direction::higher_is_better) == std::vector<int>{4, 1, 1, 5, 0, 3});
    CHECK(munidash::competition_ranks(values, direction::lower_is_better) == std::vector<int>{2, 4, 4, 1, 0, 3});
}

TEST_CASE("ranks: no value at all ranks nobody") {
    const std::vector<double> values{no_value, no_value};
    CHECK(munidash::competition_ranks(values, direction::higher_is_better) == std::vector<int>{0, 0});
}

TEST_CASE("percentiles: 100 for the best, 0 for the worst, ties share the middle") {
    const std::vector<double> values{10, 20, 20, 40, no_value};
    const auto higher = munidash::percentile_ranks(values, direction::higher_is_better);
    CHECK(higher[0] == 0);
    CHECK(higher[1] == Approx(100.0 * 1.5 / 3));
    CHECK(higher[2] == Approx(100.0 * 1.5 / 3));
    CHECK(higher[3] == 100);
    CHECK(std::isnan(higher[4]));
    const auto lower = munidash::percentile_ranks(values, direction::lower_is_better);
    CHECK(lower[0] == 100);
    CHECK(lower[3] == 0);
    CHECK(munidash::percentile_ranks(std::vector<double>{7}, direction::higher_is_better)[0] == 100);
}

TEST_CASE("median and quartiles interpolate between order statistics (type 7)") {
    CHECK(munidash::median(std::vector<double>{3, 1, 2}) == 2);
    CHECK(munidash::median(std::vector<double>{4, 1, no_value, 3, 2}) == 2.5);
    CHECK(std::isnan(munidash::median(std::vector<double>{no_value})));
    CHECK(std::isnan(munidash::median(std::vector<double>{})));
    const std::vector<double> values{1, 2, 3, 4, 10};
    CHECK(munidash::quantile(values, 0.25) == 2);
    CHECK(munidash::quantile(values, 0.75) == 4);
    CHECK(munidash::quantile(std::vector<double>{1, 2, 3, 4}, 0.25) == Approx(1.75));
    CHECK(munidash::quantile(std::vector<double>{5}, 0.75) == 5);
}

TEST_CASE("compare: peer ranks, medians, quartiles and gaps are computed within each group") {
    // Towns 0, 2, 4 in group 0; towns 1, 3 in group 1; town 5 in group 1 without a value.
    const std::vector<double> values{10, 40, 30, 20, 20, no_value};
    const std::vector<std::size_t> groups{0, 1, 0, 1, 0, 1};
    const std::vector<std::string> departments{"77", "77", "91", "91", "94", "94"};
    const auto c = munidash::compare(values, direction::higher_is_better, {groups, 2, departments}, {}, 25.0);
    CHECK(c.rank == std::vector<int>{5, 1, 2, 3, 3, 0});
    CHECK(c.peer_rank == std::vector<int>{3, 1, 1, 2, 2, 0});
    REQUIRE(c.groups.size() == 2);
    CHECK(c.groups[0].median == 20);
    CHECK(c.groups[0].q1 == 15);
    CHECK(c.groups[0].q3 == 25);
    CHECK(c.groups[1].median == 30);
    CHECK(c.groups[1].values == 2);
    CHECK(c.groups[0].aggregate == 20);  // no counts: the median
    CHECK(c.selection.median == 20);
    CHECK(c.ranked == 5);
    CHECK(c.gap_to_peer_median[0] == -10);
    CHECK(c.gap_to_peer_median[1] == 10);
    CHECK(std::isnan(c.gap_to_peer_median[5]));
    CHECK(c.distance_to_target[0] == 15);
    CHECK(c.distance_to_target[1] == 0);  // 40 is past the target of 25
    CHECK(c.departments.at("91").median == 25);
    CHECK(c.groups[0].median_score == Approx(100.0 / 3));      // scores 0, 66.7, 33.3 of towns 0, 2, 4
    CHECK(c.groups[1].median_score == Approx(100.0 * 2 / 3));  // 100 and 33.3
}

TEST_CASE("compare: with counts, a group's value is the sum of numerators over the sum of denominators") {
    // Rates 50 %, 10 %, 100 %: their mean is 53.3 %, but 8 of 22 premises is 36.4 %.
    const std::vector<double> values{50, 10, 100, no_value};
    const std::vector<double> numerators{5, 1, 2, 4};
    const std::vector<double> denominators{10, 10, 2, 0};
    const std::vector<std::size_t> groups{0, 0, 0, 0};
    const std::vector<std::string> departments{"77", "77", "77", "77"};
    const auto c = munidash::compare(values, direction::higher_is_better, {groups, 1, departments},
                                     {numerators, denominators, 100.0});
    CHECK(c.from_counts);
    CHECK(c.groups[0].aggregate == Approx(100.0 * 8 / 22));
    CHECK(c.selection.aggregate == Approx(100.0 * 8 / 22));
    CHECK(c.departments.at("77").aggregate == Approx(100.0 * 8 / 22));
    CHECK(c.groups[0].median == 50);
}

TEST_CASE("compare: for a lower-is-better indicator, the distance to the target is how far above it a town is") {
    const std::vector<double> values{10, 40, 25, no_value};
    const std::vector<std::size_t> groups{0, 0, 0, 0};
    const std::vector<std::string> departments{"77", "77", "77", "77"};
    const auto c = munidash::compare(values, direction::lower_is_better, {groups, 1, departments}, {}, 25.0);
    CHECK(c.distance_to_target[0] == 0);   // 10 is already below the target of 25
    CHECK(c.distance_to_target[1] == 15);  // 40 must come down by 15
    CHECK(c.distance_to_target[2] == 0);   // exactly on the target
    CHECK(std::isnan(c.distance_to_target[3]));
}

TEST_CASE("percentiles: the same as counting the values below and above each one, ties and zeros included") {
    // The plain way: binary searches in the sorted values.
    const auto reference = [](const std::vector<double>& values, direction better) {
        std::vector<double> sorted;
        for (double v : values)
            if (!std::isnan(v)) sorted.push_back(v);
        std::sort(sorted.begin(), sorted.end());
        const auto n = sorted.size();
        std::vector<double> out(values.size(), no_value);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isnan(values[i])) continue;
            if (n == 1) {
                out[i] = 100.0;
                continue;
            }
            const auto below =
                static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
            const auto above =
                static_cast<double>(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), values[i]));
            const double tied_others = static_cast<double>(n) - below - above - 1;
            const double worse = better == direction::higher_is_better ? below : above;
            out[i] = 100.0 * (worse + 0.5 * tied_others) / static_cast<double>(n - 1);
        }
        return out;
    };
    std::mt19937_64 random(5);
    for (const std::size_t n : std::vector<std::size_t>{1, 2, 9, 700, 5000}) {
        std::vector<double> values(n);
        for (auto& v : values) {
            const auto kind = random() % 5;
            v = kind == 0   ? no_value
                : kind == 1 ? (random() % 2 == 0 ? 0.0 : -0.0)
                : kind == 2 ? static_cast<double>(random() % 9)
                            : static_cast<double>(random() >> 11) * 0x1.0p-40;
        }
        for (const auto better : {direction::higher_is_better, direction::lower_is_better}) {
            const auto got = munidash::percentile_ranks(values, better);
            const auto expected = reference(values, better);
            INFO(n << " values");
            CHECK(std::equal(got.begin(), got.end(), expected.begin(), expected.end(),
                             [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
        }
    }
}
