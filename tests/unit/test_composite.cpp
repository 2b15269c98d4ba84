#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "compute/composite.hpp"

using munidash::aggregation;
using munidash::direction;
using munidash::normalisation;

namespace {

// The inputs of compute_composite for a few indicators over towns of one peer group.
struct composite_fixture {
    std::vector<munidash::indicator_spec> specs;
    munidash::report_plan plan;
    std::vector<munidash::indicator_values> values;
    munidash::town_list towns;
    std::vector<double> references;

    composite_fixture(const std::vector<std::vector<double>>& columns, const std::vector<double>& selection_values) {
        specs.resize(columns.size());  // sized once: the plan points into it
        for (std::size_t k = 0; k < columns.size(); ++k) {
            specs[k].id = "i" + std::to_string(k);
            munidash::planned_indicator planned;
            planned.spec = &specs[k];
            plan.indicators.push_back(planned);
            munidash::indicator_values v;
            v.values = columns[k];
            values.push_back(v);
        }
        towns.groups.resize(1);
        for (std::size_t t = 0; t < columns.front().size(); ++t) {
            munidash::town town;
            town.code = std::to_string(10000 + t);
            towns.towns.push_back(town);
        }
        references = selection_values;
    }

    munidash::composite_result compute(const munidash::composite_spec& spec) const {
        return munidash::compute_composite(spec, plan, values, towns, references);
    }
};

// Every scored town's printed rank lies in its reported interval.
void check_nominal_rank_inside(const munidash::composite_result& result) {
    for (std::size_t t = 0; t < result.rank.size(); ++t) {
        if (result.rank[t] == 0) continue;
        INFO("town " << t << ": rank " << result.rank[t] << ", interval " << result.rank_low[t] << ".."
                     << result.rank_high[t]);
        CHECK(result.rank_low[t] >= 1);
        CHECK(result.rank_low[t] <= result.rank[t]);
        CHECK(result.rank[t] <= result.rank_high[t]);
    }
}

}  // namespace

TEST_CASE("composite: the nominal rank lies in its interval when the method is not among the drawn ones") {
    // Under the index normalisation the spread of the first indicator dominates (town 4 first, then
    // 0, 1, 2, 3); under the rank normalisation towns 0, 1 and 2 tie: the drawn ranks alone miss
    // the nominal ones.
    const composite_fixture data({{1, 2, 3, 4, 10}, {50, 40, 30, 10, 20}}, {4, 30});
    munidash::composite_spec spec;
    spec.method = normalisation::index;
    spec.robustness.draws = 100;  // the 5th percentile is the 5th smallest rank: one draw alone cannot reach it
    spec.robustness.seed = 3;
    spec.robustness.weight_variation = 0;
    spec.robustness.normalisations = {normalisation::rank};
    const auto result = data.compute(spec);
    REQUIRE(result.rank == std::vector<int>{2, 3, 4, 5, 1});
    check_nominal_rank_inside(result);
    // Town 1 is 3rd nominally and 2nd (tied) in every other draw: its interval spans both.
    CHECK(result.rank_low[1] == 2);
    CHECK(result.rank_high[1] == 3);
}

TEST_CASE("composite: with index among varied weights and methods, every printed rank is in its interval") {
    // 60 towns and 4 indicators, with values spread unevenly so that methods disagree.
    std::vector<std::vector<double>> columns(4, std::vector<double>(60));
    std::uint64_t state = 12345;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    };
    for (auto& column : columns)
        for (auto& value : column) value = 1 + 100 * next() * next() * next();
    const composite_fixture data(columns, {20, 20, 20, 20});
    munidash::composite_spec spec;
    spec.method = normalisation::index;
    spec.robustness.draws = 500;
    spec.robustness.seed = 2024;
    spec.robustness.normalisations = {normalisation::minmax, normalisation::rank, normalisation::percentile};
    spec.robustness.aggregations = {aggregation::arithmetic, aggregation::geometric};
    const auto result = data.compute(spec);
    REQUIRE(result.scored == 60);
    check_nominal_rank_inside(result);

    // The same seed, the same intervals.
    const auto again = data.compute(spec);
    CHECK(again.rank_low == result.rank_low);
    CHECK(again.rank_high == result.rank_high);
}

TEST_CASE("composite: a town whose coverage is exactly min_coverage is scored, one just below is not") {
    // Town 0 lacks one indicator of four: it holds 3/4 of the weights.
    const double no_value = std::nan("");
    const composite_fixture data({{1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}, {2, 4, 1, 3, 5}, {no_value, 1, 2, 3, 4}},
                                 {3, 3, 3, 3});
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.min_coverage = 0.75;
    auto result = data.compute(spec);
    CHECK(result.coverage[0] == Approx(0.75));
    CHECK_FALSE(std::isnan(result.score[0]));
    CHECK(result.scored == 5);
    // Weights of 0.7 add up to 2.0999999999999996 of 2.8: 0.7499999999999999, still 3/4 of the weights.
    spec.weights = {{"i0", 0.7}, {"i1", 0.7}, {"i2", 0.7}, {"i3", 0.7}};
    result = data.compute(spec);
    CHECK_FALSE(std::isnan(result.score[0]));
    CHECK(result.scored == 5);
    spec.min_coverage = 0.76;
    result = data.compute(spec);
    CHECK(std::isnan(result.score[0]));
    CHECK(result.rank[0] == 0);
    CHECK(result.scored == 4);
}

TEST_CASE("composite: the Monte Carlo intervals do not depend on the number of threads") {
    // 700 towns, 6 indicators in 2 axes, missing values, ties, both aggregations, three methods.
    const double no_value = std::nan("");
    std::vector<std::vector<double>> columns(6, std::vector<double>(700));
    std::uint64_t state = 99;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    };
    for (auto& column : columns)
        for (auto& value : column) {
            const double u = next();
            value = u < 0.1 ? no_value : u < 0.3 ? 5.0 : 1 + 100 * next() * next();
        }
    composite_fixture data(columns, {20, 20, 20, 20, 20, 20});
    for (std::size_t k = 0; k < columns.size(); ++k)
        data.plan.indicators[k].better = k % 2 == 0 ? direction::higher_is_better : direction::lower_is_better;
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.min_coverage = 0.6;
    spec.axes = {{"a", "", 1, {"i0", "i1", "i2"}, {}}, {"b", "", 2, {"i3", "i4", "i5"}, {}}};
    spec.robustness.draws = 203;
    spec.robustness.seed = 11;
    spec.robustness.normalisations = {normalisation::rank, normalisation::percentile, normalisation::zscore};
    spec.robustness.aggregations = {aggregation::arithmetic, aggregation::geometric};
    const auto one = munidash::compute_composite(spec, data.plan, data.values, data.towns, data.references, 1);
    REQUIRE(one.scored > 500);
    REQUIRE(one.scored < 700);
    check_nominal_rank_inside(one);
    for (const unsigned threads : {2U, 3U, 7U}) {
        INFO(threads << " threads");
        const auto many =
            munidash::compute_composite(spec, data.plan, data.values, data.towns, data.references, threads);
        CHECK(many.rank == one.rank);
        CHECK(many.rank_low == one.rank_low);
        CHECK(many.rank_high == one.rank_high);
        CHECK(std::equal(many.score.begin(), many.score.end(), one.score.begin(), one.score.end(),
                         [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
    }
}

namespace {

const double missing_value = std::nan("");

// What the composite's contract says a score is: the weighted mean over the axes with a value of
// each axis's weighted mean over its members with a value (arithmetic aggregation).
double expected_score(const std::vector<std::vector<double>>& normalised, const std::vector<double>& member_weights,
                      const std::vector<std::size_t>& axis_of, const std::vector<double>& axis_weights, std::size_t t) {
    double total = 0, total_weight = 0;
    for (std::size_t a = 0; a < axis_weights.size(); ++a) {
        double sum = 0, weight = 0;
        for (std::size_t m = 0; m < normalised.size(); ++m)
            if (axis_of[m] == a && !std::isnan(normalised[m][t])) {
                sum += member_weights[m] * normalised[m][t];
                weight += member_weights[m];
            }
        if (weight == 0) continue;
        total += axis_weights[a] * sum / weight;
        total_weight += axis_weights[a];
    }
    return total / total_weight;
}

// Competition ranks of `scores`, best first: 1 + the number of strictly better scores.
std::vector<int> ranks_of(const std::vector<double>& scores) {
    std::vector<int> out;
    for (const double s : scores) {
        if (std::isnan(s)) {
            out.push_back(0);
            continue;
        }
        out.push_back(1 +
                      static_cast<int>(std::count_if(scores.begin(), scores.end(), [s](double o) { return o > s; })));
    }
    return out;
}

}  // namespace

TEST_CASE("composite: weights make the score a weighted mean of the normalised indicators") {
    // Each column spans 0..100, so that minmax leaves its values as they are.
    const composite_fixture data({{0, 25, 50, 100, 70}, {100, 0, 80, 20, 40}}, {50, 50});
    const auto [w0, w1] = GENERATE(table<double, double>({{1, 1}, {3, 1}, {1, 4}, {0.5, 2}, {2, 2}}));
    INFO("weights " << w0 << ", " << w1);
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.weights = {{"i0", w0}, {"i1", w1}};
    const auto result = data.compute(spec);
    REQUIRE(result.members.size() == 2);
    CHECK(result.members[0].weight == w0);
    CHECK(result.members[1].weight == w1);
    for (std::size_t m = 0; m < 2; ++m)
        for (std::size_t t = 0; t < 5; ++t) CHECK(result.normalised[m][t] == Approx(data.values[m].values[t]));
    for (std::size_t t = 0; t < 5; ++t)
        CHECK(result.score[t] == Approx(expected_score(result.normalised, {w0, w1}, {0, 0}, {1}, t)));
    CHECK(result.rank == ranks_of(result.score));
    CHECK(result.scored == 5);
}

TEST_CASE("composite: axes weigh their own members, then each other - an axis without a value is left out") {
    const composite_fixture data(
        {{0, 100, 50, missing_value, 20}, {100, 0, 40, 60, 30}, {0, 100, 30, 70, missing_value}}, {50, 50, 50});
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.min_coverage = 0.2;
    spec.weights = {{"i0", 1}, {"i1", 3}};
    const auto axis_weight = GENERATE(1.0, 3.0, 0.5);
    INFO("the second axis weighs " << axis_weight);
    spec.axes = {{"a", "", 1, {"i0", "i1"}, {}}, {"b", "", axis_weight, {"i2"}, {}}};
    const auto result = data.compute(spec);
    REQUIRE(result.axes.size() == 2);
    REQUIRE(result.members.size() == 3);
    CHECK(result.members[2].axis == 1);
    for (std::size_t t = 0; t < 5; ++t) {
        INFO("town " << t);
        CHECK(result.score[t] == Approx(expected_score(result.normalised, {1, 3, 1}, {0, 0, 1}, {1, axis_weight}, t)));
    }
    // Town 3 lacks i0: its first axis is i1 alone.
    CHECK(result.axis_scores[0][3] == Approx(60));
    // Town 4 lacks the whole second axis: no axis score there, and only the first axis's share of the weights.
    CHECK(std::isnan(result.axis_scores[1][4]));
    CHECK(result.score[4] == Approx(result.axis_scores[0][4]));
    CHECK(result.coverage[4] == Approx(1 / (1 + axis_weight)));
    CHECK(result.coverage[3] == Approx((1 * 0.75 + axis_weight) / (1 + axis_weight)));
    CHECK(result.coverage[0] == Approx(1));
}

TEST_CASE("composite: without axes, every indicator is in one axis of weight 1") {
    const composite_fixture data({{1, 2, 3}, {3, 1, 2}, {2, 3, 1}}, {2, 2, 2});
    const auto result = data.compute(munidash::composite_spec{});
    REQUIRE(result.axes.size() == 1);
    CHECK(result.axes[0].weight == 1);
    CHECK(result.axes[0].indicators == std::vector<std::string>{"i0", "i1", "i2"});
    for (const auto& member : result.members) CHECK(member.axis == 0);
}

TEST_CASE("composite: a missing value takes its peer group's median when asked, flagged - never across groups") {
    // Towns 0-3 in group 0, 4-6 in group 1, 7 alone in group 2 with no value at all.
    composite_fixture data(
        {{10, 20, 30, missing_value, 100, 200, missing_value, missing_value}, {1, 2, 3, 4, 5, 6, 7, 8}}, {50, 4});
    data.towns.groups.resize(3);
    for (std::size_t t = 0; t < 8; ++t) data.towns.towns[t].peer_group = t < 4 ? 0 : t < 7 ? 1 : 2;
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.min_coverage = 0.5;

    spec.impute = munidash::imputation::none;
    auto result = data.compute(spec);
    for (std::size_t t = 0; t < 8; ++t) CHECK_FALSE(result.imputed[0][t]);
    CHECK(std::isnan(result.normalised[0][3]));
    CHECK(result.coverage[3] == Approx(0.5));

    spec.impute = munidash::imputation::peer_median;
    result = data.compute(spec);
    const std::vector<bool> expected_imputed{false, false, false, true, false, false, true, false};
    CHECK(result.imputed[0] == expected_imputed);
    CHECK(result.imputed[1] == std::vector<bool>(8, false));
    // Town 3 takes 20, group 0's median: the same score as town 1.
    CHECK(result.normalised[0][3] == result.normalised[0][1]);
    // Town 6 takes 150, group 1's median, normalised over 10..200.
    CHECK(result.normalised[0][6] == Approx(100.0 * (150 - 10) / (200 - 10)));
    CHECK(result.coverage[3] == Approx(1));
    CHECK(result.coverage[6] == Approx(1));
    // Group 2 has no value to take a median of: town 7 stays missing.
    CHECK(std::isnan(result.normalised[0][7]));
    CHECK(result.coverage[7] == Approx(0.5));
}

TEST_CASE("composite: the geometric mean ranks a balanced town above unbalanced ones the arithmetic mean ties") {
    // Towns 0, 1 and 2 all average 50 on minmax scores; town 0 is balanced; town 3 is balanced and low.
    const composite_fixture data({{50, 0, 100, 5}, {50, 100, 0, 5}}, {50, 50});
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.aggregate = aggregation::arithmetic;
    auto result = data.compute(spec);
    CHECK(result.rank == std::vector<int>{1, 1, 1, 4});
    CHECK(result.score[0] == Approx(50));

    spec.aggregate = aggregation::geometric;
    result = data.compute(spec);
    CHECK(result.rank == std::vector<int>{1, 2, 2, 4});
    CHECK(result.score[1] < result.score[0]);
    CHECK(result.score[1] == Approx(result.score[2]));
}

TEST_CASE("composite: no draws, no interval - draws that vary nothing, an interval of the rank alone") {
    const composite_fixture data({{1, 5, 3, 3, 9}, {2, 8, 4, 4, 1}}, {3, 3});
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    auto result = data.compute(spec);
    CHECK(result.rank_low == std::vector<int>(5, 0));
    CHECK(result.rank_high == std::vector<int>(5, 0));

    spec.robustness.draws = GENERATE(1, 2, 50);
    INFO(spec.robustness.draws << " draws");
    spec.robustness.weight_variation = 0;
    result = data.compute(spec);
    CHECK(result.rank_low == result.rank);
    CHECK(result.rank_high == result.rank);
}

TEST_CASE("composite: the draws depend on the seed alone, not on what was drawn before") {
    std::vector<std::vector<double>> columns(3, std::vector<double>(40));
    for (std::size_t k = 0; k < columns.size(); ++k)
        for (std::size_t t = 0; t < 40; ++t) columns[k][t] = static_cast<double>((t * (7 + 4 * k) + 3 * k) % 41);
    const composite_fixture data(columns, {20, 20, 20});
    munidash::composite_spec spec;
    spec.method = normalisation::minmax;
    spec.robustness.draws = 200;
    spec.robustness.weight_variation = 0.5;
    spec.robustness.normalisations = {normalisation::minmax, normalisation::rank};
    spec.robustness.aggregations = {aggregation::arithmetic, aggregation::geometric};
    const auto seed = GENERATE(as<std::uint64_t>{}, 1, 7, 123456789);
    INFO("seed " << seed);
    spec.robustness.seed = seed;
    const auto first = data.compute(spec);
    check_nominal_rank_inside(first);
    auto other = spec;
    other.robustness.seed = seed + 1;
    (void)data.compute(other);
    const auto again = data.compute(spec);
    CHECK(again.rank_low == first.rank_low);
    CHECK(again.rank_high == first.rank_high);
    // The printed composite is draw 0: the seed never changes it.
    CHECK(data.compute(other).rank == first.rank);
}
