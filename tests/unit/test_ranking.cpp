#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "compute/ranking.hpp"
#include "compute/statistics.hpp"

using munidash::direction;

namespace {

const double no_value = std::nan("");
const double infinity = std::numeric_limits<double>::infinity();

// Competition ranks the plain way: a stable comparison sort of the values that are not NaN.
std::vector<int> reference_ranks(const std::vector<double>& values, direction better) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return better == direction::higher_is_better ? values[a] > values[b] : values[a] < values[b];
    });
    std::vector<int> ranks(values.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tied = k > 0 && values[order[k]] == values[order[k - 1]];
        ranks[order[k]] = tied ? ranks[order[k - 1]] : static_cast<int>(k + 1);
    }
    return ranks;
}

// Values with many ties, both zeros, infinities, NaN, tiny and huge magnitudes.
std::vector<double> awkward_values(std::size_t n, std::mt19937_64& random) {
    const std::vector<double> specials{0.0, -0.0, infinity, -infinity, no_value, 1e-310, -1e-310, 1e300, -1e300, 100.0};
    std::vector<double> values(n);
    for (auto& v : values) {
        const auto kind = random() % 4;
        if (kind == 0)
            v = specials[random() % specials.size()];
        else if (kind == 1)
            v = static_cast<double>(random() % 7);  // ties
        else if (kind == 2)
            v = -50.0 + 100.0 * static_cast<double>(random() >> 11) * 0x1.0p-53;
        else
            v = static_cast<double>(random() >> 11) * 0x1.0p-53 * 100.0;
    }
    return values;
}

// The nominal-rank percentiles the plain way: every rank kept and sorted.
std::pair<int, int> reference_percentiles(std::vector<int> ranks) {
    if (ranks.empty()) return {0, 0};
    std::sort(ranks.begin(), ranks.end());
    const auto at = [&](double p) {
        const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(ranks.size())));
        return ranks[std::max<std::size_t>(k, 1) - 1];
    };
    return {at(0.05), at(0.95)};
}

}  // namespace

TEST_CASE("ranking: the radix ranks are the comparison sort's, ties, zeros, infinities and NaN included") {
    std::mt19937_64 random(7);
    munidash::rank_scratch scratch;
    for (const std::size_t n : std::vector<std::size_t>{0, 1, 2, 5, 300, 511, 512, 513, 3000, 40000}) {
        const auto values = awkward_values(n, random);
        for (const auto better : {direction::higher_is_better, direction::lower_is_better}) {
            INFO(n << " values, " << (better == direction::higher_is_better ? "higher" : "lower") << " is better");
            std::vector<int> ranks(n, -1);
            munidash::competition_ranks_into(values, better, ranks, scratch);
            const auto expected = reference_ranks(values, better);
            CHECK(ranks == expected);
            CHECK(munidash::competition_ranks(values, better) == expected);
        }
    }
}

TEST_CASE("ranking: -0 and +0 tie, infinities rank at the ends") {
    std::vector<double> values{-0.0, 0.0, infinity, -infinity, 1.0};
    values.resize(1000, no_value);  // enough values for the radix sort
    for (std::size_t k = 5; k < 700; ++k) values[k] = 2.0;
    const auto ranks = munidash::competition_ranks(values, direction::higher_is_better);
    CHECK(ranks[2] == 1);
    CHECK(ranks[5] == 2);
    CHECK(ranks[4] == 697);
    CHECK(ranks[0] == 698);
    CHECK(ranks[1] == 698);
    CHECK(ranks[3] == 700);
    CHECK(ranks[999] == 0);
}

TEST_CASE("ranking: the percentiles from the kept extremes are those of every rank sorted") {
    std::mt19937_64 random(2024);
    // Up to 65,535 towns, ranks are kept in 16 bits; beyond, in an int: the first 40 towns of each.
    const std::size_t room = GENERATE(std::size_t{40}, std::size_t{70000});
    for (const std::size_t draws : std::vector<std::size_t>{1, 2, 7, 19, 20, 21, 39, 40, 41, 100, 999, 1000, 1001}) {
        const std::size_t towns = 40;
        munidash::rank_spread spread(room, draws);
        std::vector<std::vector<int>> every(towns);
        for (std::size_t d = 0; d < draws; ++d)
            for (std::size_t t = 0; t < towns; ++t) {
                // Town t is unranked in a share of the draws growing with t (all of them for the last);
                // ranks from a narrow range for even towns, so that they tie often.
                if (t == towns - 1 || random() % towns < t) continue;
                const int rank = 1 + static_cast<int>(random() % (t % 2 == 0 ? 5 : room == 40 ? 30000 : 70000));
                spread.add(t, rank);
                every[t].push_back(rank);
            }
        for (std::size_t t = 0; t < towns; ++t) {
            INFO(draws << " draws, town " << t << " ranked " << every[t].size() << " times");
            CHECK(spread.count(t) == every[t].size());
            CHECK(spread.percentiles(t) == reference_percentiles(every[t]));
        }
    }
}

TEST_CASE("ranking: the percentiles of every count of ranks up to the draws") {
    // For each m ≤ D, ranks m, m − 1, ..., 1 (worst first, so that the heaps keep replacing).
    const std::size_t draws = 300;
    munidash::rank_spread spread(draws + 1, draws);
    std::vector<std::vector<int>> every(draws + 1);
    for (std::size_t m = 0; m <= draws; ++m)
        for (std::size_t k = m; k >= 1; --k) {
            spread.add(m, static_cast<int>(k));
            every[m].push_back(static_cast<int>(k));
        }
    for (std::size_t m = 0; m <= draws; ++m) {
        INFO(m << " ranks");
        CHECK(spread.percentiles(m) == reference_percentiles(every[m]));
    }
}
