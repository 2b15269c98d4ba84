#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "comparisons.hpp"

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

TEST_CASE("median of odd and even counts, ignoring missing values") {
    CHECK(munidash::median(std::vector<double>{3, 1, 2}) == 2);
    CHECK(munidash::median(std::vector<double>{4, 1, no_value, 3, 2}) == 2.5);
    CHECK(std::isnan(munidash::median(std::vector<double>{no_value})));
    CHECK(std::isnan(munidash::median(std::vector<double>{})));
}

TEST_CASE("compare: peer ranks and medians are computed within each group") {
    // Towns 0, 2, 4 in group 0; towns 1, 3 in group 1; town 5 in group 1 without a value.
    const std::vector<double> values{10, 40, 30, 20, 20, no_value};
    const std::vector<std::size_t> groups{0, 1, 0, 1, 0, 1};
    const auto c = munidash::compare(values, direction::higher_is_better, groups, 2);
    CHECK(c.rank == std::vector<int>{5, 1, 2, 3, 3, 0});
    CHECK(c.peer_rank == std::vector<int>{3, 1, 1, 2, 2, 0});
    CHECK(c.group_median == std::vector<double>{20, 30});
    CHECK(c.group_values == std::vector<std::size_t>{3, 2});
    CHECK(c.selection_median == 20);
    CHECK(c.ranked == 5);
}
