#include "compute/composite.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>

#include "compute/normalisation.hpp"
#include "compute/ranking.hpp"
#include "compute/statistics.hpp"

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

// One normalisation's scores laid out for the draws: member-major columns over the towns, so
// that a draw is weighted sums down contiguous columns, and each town's set of members with a
// score (its pattern), whose weight sums and coverage are the same for every town sharing it.
struct prepared_scores {
    normalisation method = normalisation::minmax;
    std::vector<double> value;              // member × town: the score, 0 where missing
    std::vector<double> log_value;          // member × town: log(positive(score)), 0 where missing; geometric only
    std::vector<std::uint8_t> present;      // member × town: 1 where scored
    std::vector<std::uint32_t> pattern_of;  // per town: its pattern
    std::vector<std::uint8_t> patterns;     // pattern × member: 1 where scored
    std::size_t pattern_count = 0;
};

prepared_scores prepare(const std::vector<std::vector<double>>& normalised, normalisation method, bool geometric,
                        std::size_t towns) {
    const std::size_t members = normalised.size();
    prepared_scores p;
    p.method = method;
    p.value.assign(members * towns, 0.0);
    p.present.assign(members * towns, 0);
    if (geometric) p.log_value.assign(members * towns, 0.0);
    for (std::size_t m = 0; m < members; ++m)
        for (std::size_t t = 0; t < towns; ++t) {
            const double s = normalised[m][t];
            if (std::isnan(s)) continue;
            p.value[m * towns + t] = s;
            p.present[m * towns + t] = 1;
            if (geometric) p.log_value[m * towns + t] = std::log(positive(s, method));
        }
    std::unordered_map<std::string, std::uint32_t> known;
    std::string key(members, '\0');
    p.pattern_of.resize(towns);
    for (std::size_t t = 0; t < towns; ++t) {
        for (std::size_t m = 0; m < members; ++m) key[m] = static_cast<char>(p.present[m * towns + t]);
        const auto [it, added] = known.try_emplace(key, static_cast<std::uint32_t>(p.pattern_count));
        if (added) {
            p.patterns.insert(p.patterns.end(), key.begin(), key.end());
            ++p.pattern_count;
        }
        p.pattern_of[t] = it->second;
    }
    return p;
}

// One choice of method, aggregation and weights.
struct draw_choice {
    const prepared_scores* scores = nullptr;
    aggregation how = aggregation::arithmetic;
    std::span<const double> member_weights;
    std::span<const double> axis_weights;
};

// Draws computed together: each block of a column is read once for all of them.
constexpr std::size_t draws_together = 4;
constexpr std::size_t groups_per_batch = 4;   // of draws_together draws
constexpr std::size_t towns_together = 2048;  // a thread's share of a batch's ranks to count
constexpr std::size_t town_block = 512;       // towns summed together: their sums stay in cache

// What one thread reuses from draw to draw.
struct draw_buffers {
    std::vector<double> pattern_weight;        // draw × pattern × axis: the weights with a score
    std::vector<double> pattern_total_weight;  // draw × pattern: the weights of the axes with a score
    std::vector<double> pattern_coverage;      // draw × pattern
    std::vector<std::uint8_t> pattern_scored;  // draw × pattern: enough coverage for a score
    std::vector<double> axis_total;            // per axis
    std::vector<double> sums;                  // draw × axis × block of towns
    std::vector<double> score;                 // draw × town
    rank_scratch scratch;
};

// sum += w × column over n towns: a known count and no aliasing, so that the compiler's
// cheapest vectorisation (-O2) takes it; each town's sum stays its own, in its own lane.
template <std::size_t n>
void add_weighted(double* __restrict sum, const double* __restrict column, double w) {
    for (std::size_t i = 0; i < n; ++i) sum[i] += w * column[i];
}

// Per pattern of `in`: the weights with a score in each axis, their coverage and whether it is
// enough, for one draw's weights.
void weigh_patterns(const draw_choice& choice, const std::vector<composite_member>& members, double min_coverage,
                    std::size_t g, draw_buffers& b) {
    const auto& in = *choice.scores;
    const auto& weights = choice.member_weights;
    const auto& axis_weights = choice.axis_weights;
    const std::size_t axis_count = axis_weights.size(), member_count = members.size(), patterns = in.pattern_count;
    b.axis_total.assign(axis_count, 0.0);
    for (std::size_t m = 0; m < member_count; ++m) b.axis_total[members[m].axis] += weights[m];
    double all_axes = 0;
    for (double w : axis_weights) all_axes += w;
    for (std::size_t p = 0; p < patterns; ++p) {
        double* weight = b.pattern_weight.data() + (g * patterns + p) * axis_count;
        std::fill(weight, weight + axis_count, 0.0);
        for (std::size_t m = 0; m < member_count; ++m)
            if (in.patterns[p * member_count + m] != 0) weight[members[m].axis] += weights[m];
        double total_weight = 0, covered = 0;
        for (std::size_t a = 0; a < axis_count; ++a) {
            if (weight[a] == 0) continue;
            total_weight += axis_weights[a];
            covered += axis_weights[a] * weight[a] / b.axis_total[a];
        }
        const double share = all_axes > 0 ? covered / all_axes : 0;
        b.pattern_total_weight[g * patterns + p] = total_weight;
        b.pattern_coverage[g * patterns + p] = share;
        // A little slack so that 0.65 of the weights is enough when it is exactly 0.65.
        b.pattern_scored[g * patterns + p] = !(total_weight == 0 || share + 1e-12 < min_coverage);
    }
}

// The composite of every town for a few draws of one method and aggregation, into b.score (draw
// after draw); and, for the composite as printed, each town's axis scores and coverage. Per town,
// the same additions in the same order as summing its scored members one by one: a missing score
// adds 0 × weight = +0, which leaves a sum unchanged (a sum that starts at +0 never becomes −0).
void aggregate_scores(std::span<const draw_choice> group, const std::vector<composite_member>& members,
                      double min_coverage, std::size_t towns, draw_buffers& b,
                      std::vector<std::vector<double>>* axis_scores = nullptr,
                      std::vector<double>* coverage = nullptr) {
    const auto& in = *group.front().scores;
    const std::size_t draws = group.size(), patterns = in.pattern_count;
    const std::size_t axis_count = group.front().axis_weights.size(), member_count = members.size();
    const bool geometric = group.front().how == aggregation::geometric;

    b.pattern_weight.resize(draws * patterns * axis_count);
    b.pattern_total_weight.resize(draws * patterns);
    b.pattern_coverage.resize(draws * patterns);
    b.pattern_scored.resize(draws * patterns);
    bool finite_weights = true;
    for (std::size_t g = 0; g < draws; ++g) {
        weigh_patterns(group[g], members, min_coverage, g, b);
        for (const double w : group[g].member_weights) finite_weights = finite_weights && std::isfinite(w);
    }

    const auto& columns = geometric ? in.log_value : in.value;
    b.sums.resize(draws * axis_count * town_block);
    b.score.resize(draws * towns);
    for (std::size_t first = 0; first < towns; first += town_block) {
        const std::size_t count = std::min(town_block, towns - first);
        std::fill(b.sums.begin(), b.sums.end(), 0.0);
        for (std::size_t m = 0; m < member_count; ++m) {
            const double* column = columns.data() + m * towns + first;
            const std::uint8_t* present = in.present.data() + m * towns + first;
            for (std::size_t g = 0; g < draws; ++g) {
                double* sum = b.sums.data() + (g * axis_count + members[m].axis) * town_block;
                const double w = group[g].member_weights[m];
                if (finite_weights && count == town_block) {
                    add_weighted<town_block>(sum, column, w);
                } else if (finite_weights) {
                    for (std::size_t i = 0; i < count; ++i) sum[i] += w * column[i];
                } else {
                    // 0 × an infinite weight is NaN, not 0: then only the scored members are added.
                    for (std::size_t i = 0; i < count; ++i)
                        if (present[i] != 0) sum[i] += w * column[i];
                }
            }
        }
        for (std::size_t g = 0; g < draws; ++g) {
            const auto& axis_weights = group[g].axis_weights;
            const double* sums = b.sums.data() + g * axis_count * town_block;
            double* score = b.score.data() + g * towns;
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t t = first + i, p = g * patterns + in.pattern_of[t];
                const double* weight = b.pattern_weight.data() + p * axis_count;
                if (coverage) (*coverage)[t] = b.pattern_coverage[p];
                if (!b.pattern_scored[p] && !axis_scores) {
                    score[t] = nan;
                    continue;
                }
                double total = 0;
                for (std::size_t a = 0; a < axis_count; ++a) {
                    if (weight[a] == 0) continue;
                    const double axis = sums[a * town_block + i] / weight[a];
                    if (axis_scores) (*axis_scores)[a][t] = geometric ? std::exp(axis) : axis;
                    total += axis_weights[a] * axis;
                }
                const double mean = total / b.pattern_total_weight[p];
                score[t] = !b.pattern_scored[p] ? nan : geometric ? std::exp(mean) : mean;
            }
        }
    }
}

// A uniform number in [0, 1) from 53 random bits: the same on every platform, unlike
// std::uniform_real_distribution, so that a seed means the same ranks everywhere.
double uniform(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

// Each member's raw values, a missing one replaced by its town's peer-group median when the spec
// asks (`imputed` says where).
std::vector<std::vector<double>> raw_values(const composite_spec& spec, const std::vector<composite_member>& members,
                                            const std::vector<indicator_values>& values, const town_list& towns,
                                            std::vector<std::vector<bool>>& imputed) {
    const std::size_t town_count = towns.towns.size();
    std::vector<std::vector<double>> raw;
    for (const auto& member : members) {
        auto column = values[member.column].values;
        std::vector<bool> replaced(town_count, false);
        if (spec.impute == imputation::peer_median) {
            std::vector<std::vector<double>> by_group(towns.groups.size());
            for (std::size_t t = 0; t < town_count; ++t) by_group[towns.towns[t].peer_group].push_back(column[t]);
            std::vector<double> medians;
            for (const auto& g : by_group) medians.push_back(median(g));
            for (std::size_t t = 0; t < town_count; ++t)
                if (std::isnan(column[t]) && !std::isnan(medians[towns.towns[t].peer_group])) {
                    column[t] = medians[towns.towns[t].peer_group];
                    replaced[t] = true;
                }
        }
        raw.push_back(std::move(column));
        imputed.push_back(std::move(replaced));
    }
    return raw;
}

// Every member's scores by `method`, with its goalposts and reference.
std::vector<std::vector<double>> normalise_members(const std::vector<composite_member>& members,
                                                   const std::vector<std::vector<double>>& raw, normalisation method) {
    std::vector<std::vector<double>> scores;
    for (std::size_t m = 0; m < members.size(); ++m) {
        const auto& member = members[m];
        normalisation_inputs inputs;
        if (member.goalposts) {
            inputs.goal_low = member.goalposts->first;
            inputs.goal_high = member.goalposts->second;
        }
        inputs.reference = member.reference;
        scores.push_back(normalise(raw[m], member.better, method, inputs));
    }
    return scores;
}

// Every draw's weights, method and aggregation, and each method's scores prepared once: a draw
// only re-weights and re-ranks. Draw 0 is the composite as printed (its own method, aggregation
// and weights): the methods drawn among may leave its method out, and the interval must speak of
// the rank it stands beside.
class draw_plan {
public:
    // Draws all the choices first, from the one engine in the order of one draw after another: the
    // draws then run in any order on any number of threads.
    draw_plan(const composite_spec& spec, const composite_result& out, const std::vector<std::vector<double>>& raw,
              std::size_t town_count) {
        const auto& robustness = spec.robustness;
        std::vector<double> weights, axis_weights;
        for (const auto& member : out.members) weights.push_back(member.weight);
        for (const auto& axis : out.axes) axis_weights.push_back(axis.weight);
        member_count_ = weights.size();
        axis_count_ = axis_weights.size();
        count_ = robustness.draws > 1 ? static_cast<std::size_t>(robustness.draws) : 1;
        const auto methods =
            robustness.normalisations.empty() ? std::vector<normalisation>{spec.method} : robustness.normalisations;
        const auto aggregations =
            robustness.aggregations.empty() ? std::vector<aggregation>{spec.aggregate} : robustness.aggregations;
        weights_.resize(count_ * member_count_);
        axes_.resize(count_ * axis_count_);
        method_.assign(count_, spec.method);
        how_.assign(count_, spec.aggregate);
        std::copy(weights.begin(), weights.end(), weights_.begin());
        std::copy(axis_weights.begin(), axis_weights.end(), axes_.begin());
        std::mt19937_64 engine(robustness.seed);
        const double v = robustness.weight_variation;
        for (std::size_t draw = 1; draw < count_; ++draw) {
            for (std::size_t m = 0; m < member_count_; ++m)
                weights_[draw * member_count_ + m] = weights[m] * (1 - v + 2 * v * uniform(engine));
            for (std::size_t a = 0; a < axis_count_; ++a)
                axes_[draw * axis_count_ + a] = axis_weights[a] * (1 - v + 2 * v * uniform(engine));
            method_[draw] = methods[static_cast<std::size_t>(uniform(engine) * static_cast<double>(methods.size()))];
            how_[draw] =
                aggregations[static_cast<std::size_t>(uniform(engine) * static_cast<double>(aggregations.size()))];
        }
        prepare_methods(spec, out, raw, town_count);
    }

    // How many draws, the printed one included.
    std::size_t count() const { return count_; }
    std::size_t axis_count() const { return axis_count_; }
    // The largest number of patterns of any method's scores: what the buffers must hold.
    std::size_t most_patterns() const {
        std::size_t most = 0;
        for (const auto& p : prepared_) most = std::max(most, p.pattern_count);
        return most;
    }
    // The method, aggregation and weights of `draw`.
    draw_choice choice(std::size_t draw) const {
        return draw_choice{&prepared_[prepared_of_[draw]], how_[draw],
                           std::span<const double>(weights_).subspan(draw * member_count_, member_count_),
                           std::span<const double>(axes_).subspan(draw * axis_count_, axis_count_)};
    }
    // A key that two draws share exactly when they can be computed together (same scores, same aggregation).
    std::pair<std::size_t, aggregation> kind(std::size_t draw) const { return {prepared_of_[draw], how_[draw]}; }

private:
    void prepare_methods(const composite_spec& spec, const composite_result& out,
                         const std::vector<std::vector<double>>& raw, std::size_t town_count) {
        prepared_of_.resize(count_);
        for (std::size_t draw = 0; draw < count_; ++draw) {
            const auto method = method_[draw];
            const auto found =
                std::find_if(prepared_.begin(), prepared_.end(), [&](const auto& p) { return p.method == method; });
            prepared_of_[draw] = static_cast<std::size_t>(found - prepared_.begin());
            if (found != prepared_.end()) continue;
            bool geometric = false;
            for (std::size_t d = draw; d < count_; ++d)
                geometric = geometric || (method_[d] == method && how_[d] == aggregation::geometric);
            prepared_.push_back(
                prepare(method == spec.method ? out.normalised : normalise_members(out.members, raw, method), method,
                        geometric, town_count));
        }
    }

    std::size_t member_count_ = 0, axis_count_ = 0, count_ = 1;
    std::vector<double> weights_, axes_;  // draw × member, draw × axis
    std::vector<normalisation> method_;
    std::vector<aggregation> how_;
    std::vector<prepared_scores> prepared_;  // one per method drawn
    std::vector<std::size_t> prepared_of_;   // per draw: its method's prepared scores
};

// A thread's buffers, sized before the threads start, so that no draw allocates.
draw_buffers sized_buffers(std::size_t town_count, std::size_t axis_count, std::size_t most_patterns) {
    draw_buffers b;
    b.pattern_weight.reserve(draws_together * most_patterns * axis_count);
    b.pattern_total_weight.reserve(draws_together * most_patterns);
    b.pattern_coverage.reserve(draws_together * most_patterns);
    b.pattern_scored.reserve(draws_together * most_patterns);
    b.axis_total.reserve(axis_count);
    b.sums.reserve(draws_together * axis_count * town_block);
    b.score.reserve(draws_together * town_count);
    for (auto* keys : {&b.scratch.keys, &b.scratch.other_keys}) keys->reserve(town_count);
    for (auto* order : {&b.scratch.order, &b.scratch.other_order}) order->reserve(town_count);
    return b;
}

// The draws after the printed one in groups of one method and aggregation, draws_together at
// most each. Which draws go together changes nothing: each town's sums are its own, and its
// percentiles those of a multiset.
std::vector<std::vector<draw_choice>> group_draws(const draw_plan& plan) {
    std::vector<std::size_t> order(plan.count() - 1);
    std::iota(order.begin(), order.end(), std::size_t{1});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return plan.kind(x) < plan.kind(y); });
    std::vector<std::vector<draw_choice>> groups;
    for (const auto draw : order) {
        const auto choice = plan.choice(draw);
        if (groups.empty() || groups.back().size() == draws_together || groups.back().front().scores != choice.scores ||
            groups.back().front().how != choice.how)
            groups.emplace_back();
        groups.back().push_back(choice);
    }
    return groups;
}

// Ranks the towns in every draw after the printed one and sets each town's rank interval: the
// nearest-rank 5th and 95th percentiles of its ranks, widened to its printed rank. The threads
// compute and rank a batch's groups of draws, then count its ranks town by town, no two threads
// the same towns, so that one rank_spread serves them all.
void spread_ranks(const composite_spec& spec, const draw_plan& plan, std::size_t town_count, unsigned threads,
                  composite_result& out) {
    rank_spread spread(town_count, plan.count());
    for (std::size_t t = 0; t < town_count; ++t)
        if (out.rank[t] > 0) spread.add(t, out.rank[t]);
    const auto groups = group_draws(plan);
    const std::size_t wanted = threads > 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
    const std::size_t thread_count = std::min(wanted, groups.size());
    // Each batch ends at two barriers: a batch large enough that a thread the system put
    // aside for a while holds up the others seldom, small enough for its ranks to stay few.
    const std::size_t batch = std::max<std::size_t>(groups_per_batch, thread_count);
    std::vector<int> batch_ranks(batch * draws_together * town_count);
    std::vector<draw_buffers> buffers;
    for (std::size_t k = 0; k < thread_count; ++k)
        buffers.push_back(sized_buffers(town_count, plan.axis_count(), plan.most_patterns()));
    // The threads take groups and towns as they come free, not a fixed share.
    std::atomic<std::size_t> next_group{0}, next_towns{0};
    const auto reset = [&]() noexcept {
        next_group.store(0, std::memory_order_relaxed);
        next_towns.store(0, std::memory_order_relaxed);
    };
    std::barrier sync(static_cast<std::ptrdiff_t>(thread_count), reset);
    const auto claim_towns = [&](std::size_t& from, std::size_t& to) {
        from = next_towns.fetch_add(towns_together, std::memory_order_relaxed);
        to = std::min(from + towns_together, town_count);
        return from < town_count;
    };
    std::vector<std::exception_ptr> failures(thread_count);
    const auto work = [&](std::size_t id) {
        auto& b = buffers[id];
        std::size_t from = 0, to = 0;
        for (std::size_t first = 0; first < groups.size(); first += batch) {
            const std::size_t in_batch = std::min(batch, groups.size() - first);
            for (std::size_t j = next_group++; j < in_batch; j = next_group++) {
                const auto& group = groups[first + j];
                aggregate_scores(group, out.members, spec.min_coverage, town_count, b);
                for (std::size_t g = 0; g < group.size(); ++g)
                    competition_ranks_into(
                        std::span<const double>(b.score).subspan(g * town_count, town_count),
                        direction::higher_is_better,
                        std::span<int>(batch_ranks).subspan((j * draws_together + g) * town_count, town_count),
                        b.scratch);
            }
            sync.arrive_and_wait();
            while (claim_towns(from, to))
                for (std::size_t j = 0; j < in_batch; ++j)
                    for (std::size_t g = 0; g < groups[first + j].size(); ++g) {
                        const int* ranks = batch_ranks.data() + (j * draws_together + g) * town_count;
                        for (std::size_t t = from; t < to; ++t)
                            if (ranks[t] > 0) spread.add(t, ranks[t]);
                    }
            sync.arrive_and_wait();
        }
        // Every town has had all its ranks. Nearest-rank percentiles: the ⌈p × m⌉-th smallest
        // of the m ranks a town had, widened to the printed rank, which one draw alone cannot
        // bring inside the 5th-95th percentiles.
        try {
            while (claim_towns(from, to))
                for (std::size_t t = from; t < to; ++t) {
                    if (out.rank[t] == 0) continue;
                    const auto [low, high] = spread.percentiles(t);
                    out.rank_low[t] = std::min(low, out.rank[t]);
                    out.rank_high[t] = std::max(high, out.rank[t]);
                }
        } catch (...) {
            failures[id] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (std::size_t id = 1; id < thread_count; ++id) helpers.emplace_back(work, id);
        work(0);
    }
    for (const auto& failure : failures)
        if (failure) std::rethrow_exception(failure);
}

}  // namespace

composite_result compute_composite(const composite_spec& spec, const report_plan& plan,
                                   const std::vector<indicator_values>& values, const town_list& towns,
                                   const std::vector<double>& references, unsigned threads) {
    composite_result out;
    out.members = members_of(spec, plan, out.axes, references);
    const std::size_t town_count = towns.towns.size();
    const auto raw = raw_values(spec, out.members, values, towns, out.imputed);
    out.normalised = normalise_members(out.members, raw, spec.method);
    const draw_plan draws(spec, out, raw, town_count);

    auto printed = sized_buffers(town_count, draws.axis_count(), draws.most_patterns());
    out.coverage.assign(town_count, 0);
    out.axis_scores.assign(draws.axis_count(), std::vector<double>(town_count, nan));
    const draw_choice as_printed[] = {draws.choice(0)};
    aggregate_scores(as_printed, out.members, spec.min_coverage, town_count, printed, &out.axis_scores, &out.coverage);
    out.score = printed.score;
    out.rank = competition_ranks(out.score, direction::higher_is_better);
    out.scored = static_cast<std::size_t>(
        std::count_if(out.score.begin(), out.score.end(), [](double s) { return !std::isnan(s); }));

    out.rank_low.assign(town_count, 0);
    out.rank_high.assign(town_count, 0);
    if (spec.robustness.draws <= 0) return out;
    if (draws.count() > 1)
        spread_ranks(spec, draws, town_count, threads, out);
    else
        for (std::size_t t = 0; t < town_count; ++t) out.rank_low[t] = out.rank_high[t] = out.rank[t];
    return out;
}

}  // namespace munidash
