#include <catch2/catch.hpp>

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
        const auto many = munidash::compute_composite(spec, data.plan, data.values, data.towns, data.references, threads);
        CHECK(many.rank == one.rank);
        CHECK(many.rank_low == one.rank_low);
        CHECK(many.rank_high == one.rank_high);
        CHECK(std::equal(many.score.begin(), many.score.end(), one.score.begin(), one.score.end(),
                         [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
    }
}
