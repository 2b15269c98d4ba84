#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "compute/normalisation.hpp"

using munidash::direction;
using munidash::normalisation;

namespace {
const double no_value = std::nan("");
}

TEST_CASE("normalisation: minmax follows the direction, keeps missing values missing") {
    const std::vector<double> values{10, 20, 30, no_value};
    const auto up = munidash::normalise(values, direction::higher_is_better, normalisation::minmax);
    CHECK(up[0] == 0);
    CHECK(up[1] == 50);
    CHECK(up[2] == 100);
    CHECK(std::isnan(up[3]));
    const auto down = munidash::normalise(values, direction::lower_is_better, normalisation::minmax);
    CHECK(down[0] == 100);
    CHECK(down[2] == 0);
}

TEST_CASE("normalisation: equal values and a single value") {
    const std::vector<double> equal{5, 5, 5};
    CHECK(munidash::normalise(equal, direction::higher_is_better, normalisation::minmax) ==
          std::vector<double>{100, 100, 100});
    CHECK(munidash::normalise(equal, direction::higher_is_better, normalisation::zscore) ==
          std::vector<double>{0, 0, 0});
    CHECK(munidash::normalise(std::vector<double>{7}, direction::higher_is_better, normalisation::rank)[0] == 100);
}

TEST_CASE("normalisation: z-scores use the population standard deviation") {
    const auto z = munidash::normalise(std::vector<double>{2, 4, 4, 4, 5, 5, 7, 9}, direction::higher_is_better,
                                       normalisation::zscore);
    CHECK(z[0] == Approx(-1.5));  // mean 5, standard deviation 2
    CHECK(z[7] == Approx(2.0));
    const auto flipped = munidash::normalise(std::vector<double>{2, 4, 4, 4, 5, 5, 7, 9}, direction::lower_is_better,
                                             normalisation::zscore);
    CHECK(flipped[0] == Approx(1.5));
}

TEST_CASE("normalisation: goalposts clamp, index is 100 at the reference") {
    munidash::normalisation_inputs goals;
    goals.goal_low = 50;
    goals.goal_high = 100;
    const auto g = munidash::normalise(std::vector<double>{40, 75, 120}, direction::higher_is_better,
                                       normalisation::goalposts, goals);
    CHECK(g == std::vector<double>{0, 50, 100});
    munidash::normalisation_inputs reference;
    reference.reference = 20;
    CHECK(munidash::normalise(std::vector<double>{20, 30}, direction::higher_is_better, normalisation::index,
                              reference) == std::vector<double>{100, 150});
    // Lower is better: reflected, so that 0 is 200 rather than infinite.
    CHECK(munidash::normalise(std::vector<double>{20, 0, 30}, direction::lower_is_better, normalisation::index,
                              reference) == std::vector<double>{100, 200, 50});
}
