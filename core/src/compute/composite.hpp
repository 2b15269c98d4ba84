// The composite index: indicators normalised, weighted within axes and across axes, aggregated;
// and how far each town's rank moves when the weights and methods change (Monte Carlo).
#pragma once

#include <string>
#include <vector>

#include "compute/evaluator.hpp"
#include "compute/report_plan.hpp"
#include "sources/towns.hpp"
#include "spec/report_spec.hpp"

namespace munidash {

// One indicator of the composite, as the computation sees it.
struct composite_member {
    std::string id;
    std::size_t column = 0;  // index into the report's indicators
    std::size_t axis = 0;    // index into composite_result::axes
    double weight = 1;       // within its axis
    direction better = direction::higher_is_better;
    std::optional<std::pair<double, double>> goalposts;
    double reference = 0;  // the selection's value, = 100 for the index normalisation
};

// The composite's result for every town.
struct composite_result {
    std::vector<composite_member> members;
    std::vector<axis_spec> axes;                   // the axes used (one implicit axis without any)
    std::vector<double> score;                     // per town; NaN when not scored
    std::vector<int> rank;                         // per town; 0 when not scored
    std::vector<double> coverage;                  // per town: share of the weights with a value
    std::vector<std::vector<double>> normalised;   // per member, per town (after imputation)
    std::vector<std::vector<bool>> imputed;        // per member, per town
    std::vector<std::vector<double>> axis_scores;  // per axis, per town
    std::vector<int> rank_low;                     // per town: 5th percentile of the Monte Carlo ranks, ≤ rank
    std::vector<int> rank_high;                    // per town: 95th percentile, ≥ rank; 0 without analysis
    std::size_t scored = 0;
};

// Computes the composite of `spec` from the evaluated indicators. `references` holds each
// indicator's selection value (for the index normalisation). Of the Monte Carlo draws, the first
// is the composite itself; each town's interval always contains its rank. The draws run on
// `threads` threads (0: one per core); the result does not depend on how many.
composite_result compute_composite(const composite_spec& spec, const report_plan& plan,
                                   const std::vector<indicator_values>& values, const town_list& towns,
                                   const std::vector<double>& references, unsigned threads = 0);

}  // namespace munidash
