#include "composite.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "comparisons.hpp"

namespace munidash {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Which indicators take part, in which axis, with which weight.
std::vector<composite_member> members_of(const composite_spec& spec, const report_plan& plan,
                                         std::vector<axis_spec>& axes, const std::vector<double>& references) {
    axes = spec.axes;
    if (axes.empty()) {
        axis_spec all{"all", "", 1, {}, {}};
        for (const auto& ind : plan.indicators) all.indicators.push_back(ind.spec->id);
        axes.push_back(std::move(all));
    }
    std::vector<composite_member> members;
    for (std::size_t a = 0; a < axes.size(); ++a)
        for (const auto& id : axes[a].indicators)
            for (std::size_t k = 0; k < plan.indicators.size(); ++k) {
                if (plan.indicators[k].spec->id != id) continue;
                composite_member m{id, k, a, 1, plan.indicators[k].better, std::nullopt, references[k]};
                for (const auto& [wid, w] : spec.weights)
                    if (wid == id) m.weight = w;
                for (const auto& [gid, g] : spec.goalposts)
                    if (gid == id) m.goalposts = g;
                members.push_back(m);
            }
    return members;
}

// Scores on a scale a geometric mean can take: strictly positive.
double positive(double score, normalisation method) {
    return method == normalisation::index ? std::max(score, 0.01) : 1.0 + 0.99 * score;
}

// The composite of every town for one choice of method, aggregation and weights.
struct one_run {
    std::vector<double> score;
    std::vector<double> coverage;
    std::vector<std::vector<double>> axis_scores;
};

one_run aggregate_scores(const std::vector<std::vector<double>>& normalised, const std::vector<composite_member>& members,
                         const std::vector<double>& member_weights, const std::vector<double>& axis_weights,
                         aggregation how, normalisation method, double min_coverage, std::size_t towns) {
    const std::size_t axis_count = axis_weights.size();
    std::vector<double> axis_total(axis_count, 0);
    for (std::size_t m = 0; m < members.size(); ++m) axis_total[members[m].axis] += member_weights[m];
    double all_axes = 0;
    for (double w : axis_weights) all_axes += w;

    one_run run{std::vector<double>(towns, nan), std::vector<double>(towns, 0),
                std::vector<std::vector<double>>(axis_count, std::vector<double>(towns, nan))};
    std::vector<double> sum(axis_count), weight(axis_count);
    for (std::size_t t = 0; t < towns; ++t) {
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(weight.begin(), weight.end(), 0.0);
        for (std::size_t m = 0; m < members.size(); ++m) {
            const double s = normalised[m][t];
            if (std::isnan(s)) continue;
            const auto a = members[m].axis;
            const double w = member_weights[m];
            sum[a] += how == aggregation::geometric ? w * std::log(positive(s, method)) : w * s;
            weight[a] += w;
        }
        double total = 0, total_weight = 0, coverage = 0;
        for (std::size_t a = 0; a < axis_count; ++a) {
            if (weight[a] == 0) continue;
            const double axis = sum[a] / weight[a];
            run.axis_scores[a][t] = how == aggregation::geometric ? std::exp(axis) : axis;
            total += axis_weights[a] * axis;
            total_weight += axis_weights[a];
            coverage += axis_weights[a] * weight[a] / axis_total[a];
        }
        run.coverage[t] = all_axes > 0 ? coverage / all_axes : 0;
        // A little slack so that 0.65 of the weights is enough when it is exactly 0.65.
        if (total_weight == 0 || run.coverage[t] + 1e-12 < min_coverage) continue;
        run.score[t] = how == aggregation::geometric ? std::exp(total / total_weight) : total / total_weight;
    }
    return run;
}

// A uniform number in [0, 1) from 53 random bits: the same on every platform, unlike
// std::uniform_real_distribution, so that a seed means the same ranks everywhere.
double uniform(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

}  // namespace

composite_result compute_composite(const composite_spec& spec, const report_plan& plan,
                                   const std::vector<indicator_values>& values, const town_list& towns,
                                   const std::vector<double>& references) {
    composite_result out;
    out.members = members_of(spec, plan, out.axes, references);
    const std::size_t town_count = towns.towns.size();

    // Raw values, with missing ones replaced by the peer group's median when the spec asks.
    std::vector<std::vector<double>> raw;
    for (const auto& member : out.members) {
        auto column = values[member.column].values;
        std::vector<bool> imputed(town_count, false);
        if (spec.impute == imputation::peer_median) {
            std::vector<std::vector<double>> by_group(towns.groups.size());
            for (std::size_t t = 0; t < town_count; ++t) by_group[towns.towns[t].peer_group].push_back(column[t]);
            std::vector<double> medians;
            for (const auto& g : by_group) medians.push_back(median(g));
            for (std::size_t t = 0; t < town_count; ++t)
                if (std::isnan(column[t]) && !std::isnan(medians[towns.towns[t].peer_group])) {
                    column[t] = medians[towns.towns[t].peer_group];
                    imputed[t] = true;
                }
        }
        raw.push_back(std::move(column));
        out.imputed.push_back(std::move(imputed));
    }

    const auto normalise_all = [&](normalisation method) {
        std::vector<std::vector<double>> scores;
        for (std::size_t m = 0; m < out.members.size(); ++m) {
            const auto& member = out.members[m];
            normalisation_inputs inputs;
            if (member.goalposts) {
                inputs.goal_low = member.goalposts->first;
                inputs.goal_high = member.goalposts->second;
            }
            inputs.reference = member.reference;
            scores.push_back(normalise(raw[m], member.better, method, inputs));
        }
        return scores;
    };

    std::vector<double> weights, axis_weights;
    for (const auto& member : out.members) weights.push_back(member.weight);
    for (const auto& axis : out.axes) axis_weights.push_back(axis.weight);
    out.normalised = normalise_all(spec.method);
    auto run = aggregate_scores(out.normalised, out.members, weights, axis_weights, spec.aggregate, spec.method,
                                spec.min_coverage, town_count);
    out.score = std::move(run.score);
    out.coverage = std::move(run.coverage);
    out.axis_scores = std::move(run.axis_scores);
    out.rank = competition_ranks(out.score, direction::higher_is_better);
    out.scored = static_cast<std::size_t>(std::count_if(out.score.begin(), out.score.end(), [](double s) { return !std::isnan(s); }));

    out.rank_low.assign(town_count, 0);
    out.rank_high.assign(town_count, 0);
    const auto& robustness = spec.robustness;
    if (robustness.draws <= 0) return out;

    // Normalised scores per method are computed once; each draw only re-weights and re-ranks.
    auto methods = robustness.normalisations.empty() ? std::vector<normalisation>{spec.method} : robustness.normalisations;
    auto aggregations = robustness.aggregations.empty() ? std::vector<aggregation>{spec.aggregate} : robustness.aggregations;
    std::vector<std::vector<std::vector<double>>> by_method;
    for (const auto method : methods) by_method.push_back(normalise_all(method));

    std::mt19937_64 engine(robustness.seed);
    std::vector<std::vector<int>> ranks(town_count);
    // Draw 0 is the composite as printed (its own method, aggregation and weights): the methods
    // drawn among may leave its method out, and the interval must speak of the rank it stands beside.
    for (std::size_t t = 0; t < town_count; ++t)
        if (out.rank[t] > 0) ranks[t].push_back(out.rank[t]);
    const double v = robustness.weight_variation;
    std::vector<double> drawn_weights(weights.size()), drawn_axes(axis_weights.size());
    for (int draw = 1; draw < robustness.draws; ++draw) {
        for (std::size_t m = 0; m < weights.size(); ++m) drawn_weights[m] = weights[m] * (1 - v + 2 * v * uniform(engine));
        for (std::size_t a = 0; a < axis_weights.size(); ++a) drawn_axes[a] = axis_weights[a] * (1 - v + 2 * v * uniform(engine));
        const auto method_index = static_cast<std::size_t>(uniform(engine) * static_cast<double>(methods.size()));
        const auto how = aggregations[static_cast<std::size_t>(uniform(engine) * static_cast<double>(aggregations.size()))];
        const auto drawn = aggregate_scores(by_method[method_index], out.members, drawn_weights, drawn_axes, how,
                                            methods[method_index], spec.min_coverage, town_count);
        const auto drawn_ranks = competition_ranks(drawn.score, direction::higher_is_better);
        for (std::size_t t = 0; t < town_count; ++t)
            if (drawn_ranks[t] > 0) ranks[t].push_back(drawn_ranks[t]);
    }
    // Nearest-rank percentiles: the ⌈p × m⌉-th smallest of the m ranks a town had, widened to
    // the printed rank, which one draw alone cannot bring inside the 5th-95th percentiles.
    for (std::size_t t = 0; t < town_count; ++t) {
        auto& r = ranks[t];
        if (r.empty() || out.rank[t] == 0) continue;
        std::sort(r.begin(), r.end());
        const auto at = [&](double p) {
            const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(r.size())));
            return r[std::max<std::size_t>(k, 1) - 1];
        };
        out.rank_low[t] = std::min(at(0.05), out.rank[t]);
        out.rank_high[t] = std::max(at(0.95), out.rank[t]);
    }
    return out;
}

}  // namespace munidash
