#include <algorithm>
#include <cmath>
#include <set>

#include "base/names.hpp"
#include "base/suggestions.hpp"
#include "spec/spec_builder.hpp"

namespace munidash {

const std::vector<std::string>& normalisation_names() {
    static const std::vector<std::string> names = enum_names<normalisation>();
    return names;
}

void spec_builder::read_composite(const spec_node& node) {
    auto& c = spec_.composite;
    c.present = true;
    c.where = node.where;
    if (!mapping(node, "'composite'",
                 {"label", "normalise", "aggregate", "weights", "axes", "min_coverage", "impute", "goalposts",
                  "robustness"}))
        return;
    // The report section is read first: the default label is in the report's language.
    c.label = optional_text(node, "label", "composite.label")
                  .value_or(spec_.report.language == "en" ? "Composite index" : "Indice composite");
    if (const auto* n = node.find("normalise"); n && text(*n, "normalise")) {
        if (auto m = enum_named<normalisation>(n->text))
            c.method = *m;
        else
            problems_.add(n->where, "unknown normalisation '" + n->text + "'",
                          unknown_name_hint(n->text, enum_names<normalisation>()));
    }
    if (const auto* n = node.find("aggregate"); n && text(*n, "aggregate")) {
        if (auto a = enum_named<aggregation>(n->text))
            c.aggregate = *a;
        else
            problems_.add(n->where, "unknown aggregation '" + n->text + "'",
                          unknown_name_hint(n->text, enum_names<aggregation>()));
    }
    if (const auto* n = node.find("impute"); n && text(*n, "impute")) {
        if (auto i = enum_named<imputation>(n->text))
            c.impute = *i;
        else
            problems_.add(n->where, "unknown imputation '" + n->text + "'",
                          unknown_name_hint(n->text, enum_names<imputation>()));
    }
    if (const auto* n = node.find("min_coverage")) {
        const auto value = number(*n, "min_coverage");
        if (value && (*value < 0 || *value > 1))
            problems_.add(n->where, "min_coverage must be a share from 0 to 1, found '" + n->text + "'",
                          "0.65 scores a town that has indicators worth 65 % of the weights");
        else if (value)
            c.min_coverage = *value;
    }
    if (const auto* n = node.find("weights"); n && is_mapping(*n, "weights", "e.g. weights: {ftth: 2}")) {
        for (const auto& [key, value] : n->entries) {
            const auto w = number(value, "weight of '" + key.text + "'");
            if (w && !(*w > 0)) problems_.add(value.where, "the weight of '" + key.text + "' must be positive");
            if (w) c.weights.emplace_back(key.text, *w);
        }
    }
    if (const auto* n = node.find("goalposts"); n && is_mapping(*n, "goalposts", "e.g. goalposts: {ftth: [0, 100]}")) {
        for (const auto& [key, value] : n->entries) {
            if (value.type != spec_node::kind::sequence || value.items.size() != 2) {
                problems_.add(value.where, "goalposts of '" + key.text + "' must be [low, high]", "e.g. [0, 100]");
                continue;
            }
            const auto low = number(value.items[0], "a goalpost"), high = number(value.items[1], "a goalpost");
            if (low && high && *low >= *high)
                problems_.add(value.where,
                              "goalposts of '" + key.text + "': the low goalpost must be below the high one");
            else if (low && high)
                c.goalposts.emplace_back(key.text, std::make_pair(*low, *high));
        }
    }
    if (const auto* n = node.find("axes");
        n && is_mapping(*n, "axes", "e.g. axes: {connectivite: {indicators: [ftth]}}")) {
        for (const auto& [key, value] : n->entries) {
            axis_spec axis;
            axis.id = key.text;
            axis.where = key.where;
            if (!is_identifier(axis.id))
                problems_.add(key.where, "axis id '" + axis.id + "' is not valid",
                              "use lower-case letters, digits and '_'");
            if (!mapping(value, "axis '" + axis.id + "'", {"label", "weight", "indicators"})) continue;
            axis.label = optional_text(value, "label", "label").value_or(axis.id);
            if (const auto* w = value.find("weight")) {
                const auto weight = number(*w, "axis weight");
                if (weight && !(*weight > 0))
                    problems_.add(w->where, "the weight of axis '" + axis.id + "' must be positive");
                else if (weight)
                    axis.weight = *weight;
            }
            if (const auto* list = required(value, "indicators", "axis '" + axis.id + "'")) {
                if (list->type != spec_node::kind::sequence || list->items.empty())
                    problems_.add(list->where, "indicators of axis '" + axis.id + "' must be a non-empty list of ids");
                else
                    for (const auto& item : list->items)
                        if (auto id = text(item, "an indicator id")) axis.indicators.push_back(*id);
            }
            c.axes.push_back(std::move(axis));
        }
    }
    if (const auto* n = node.find("robustness")) read_robustness(*n);
}

void spec_builder::read_robustness(const spec_node& node) {
    auto& r = spec_.composite.robustness;
    if (!mapping(node, "'composite.robustness'",
                 {"draws", "seed", "weight_variation", "normalisations", "aggregations"}))
        return;
    if (const auto* n = required(node, "draws", "'composite.robustness'")) {
        const auto draws = number(*n, "draws");
        if (draws && (*draws < 1 || *draws > 100000 || *draws != std::floor(*draws)))
            problems_.add(n->where, "draws must be a whole number from 1 to 100000", "1000 is usual");
        else if (draws)
            r.draws = static_cast<int>(*draws);
    }
    if (const auto* n = node.find("seed")) {
        const auto seed = number(*n, "seed");
        if (seed && (*seed < 0 || *seed != std::floor(*seed) || *seed > 9.0e15))
            problems_.add(n->where, "seed must be a whole number from 0", "any fixed number makes reruns identical");
        else if (seed)
            r.seed = static_cast<std::uint64_t>(*seed);
    }
    if (const auto* n = node.find("weight_variation")) {
        const auto v = number(*n, "weight_variation");
        if (v && (*v < 0 || *v >= 1))
            problems_.add(n->where, "weight_variation must be from 0 to less than 1",
                          "0.25 draws each weight within ±25 %");
        else if (v)
            r.weight_variation = *v;
    }
    const auto list_of = [&]<class Enum>(const char* key, std::vector<Enum>& out) {
        const auto* n = node.find(key);
        if (!n) return;
        const auto names = enum_names<Enum>();
        if (n->type != spec_node::kind::sequence || n->items.empty()) {
            problems_.add(n->where, std::string(key) + " must be a non-empty list",
                          "expected some of: " + enum_names_described<Enum>());
            return;
        }
        for (const auto& item : n->items) {
            auto name = text(item, key);
            if (!name) continue;
            if (const auto method = enum_named<Enum>(*name))
                out.push_back(*method);
            else
                problems_.add(item.where, "unknown method '" + *name + "'", unknown_name_hint(*name, names));
        }
    };
    list_of("normalisations", r.normalisations);
    list_of("aggregations", r.aggregations);
}

void spec_builder::check_composite() {
    auto& c = spec_.composite;
    std::vector<std::string> ids;
    for (const auto& ind : spec_.indicators) ids.push_back(ind.id);
    const auto known = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    for (const auto& [id, w] : c.weights)
        if (!known(id))
            problems_.add(c.where, "composite.weights names '" + id + "', which is not an indicator",
                          unknown_name_hint(id, ids));
    for (const auto& [id, g] : c.goalposts)
        if (!known(id))
            problems_.add(c.where, "composite.goalposts names '" + id + "', which is not an indicator",
                          unknown_name_hint(id, ids));
    std::set<std::string> in_axis;
    for (const auto& axis : c.axes)
        for (const auto& id : axis.indicators) {
            if (!known(id))
                problems_.add(axis.where, "axis '" + axis.id + "' names '" + id + "', which is not an indicator",
                              unknown_name_hint(id, ids));
            else if (!in_axis.insert(id).second)
                problems_.add(axis.where, "indicator '" + id + "' is in two axes", "an indicator belongs to one axis");
        }
    const auto uses = [&](normalisation m) {
        return c.method == m || std::find(c.robustness.normalisations.begin(), c.robustness.normalisations.end(), m) !=
                                    c.robustness.normalisations.end();
    };
    const auto geometric = c.aggregate == aggregation::geometric ||
                           std::find(c.robustness.aggregations.begin(), c.robustness.aggregations.end(),
                                     aggregation::geometric) != c.robustness.aggregations.end();
    if (geometric && uses(normalisation::zscore))
        problems_.add(c.where, "a geometric aggregation cannot take z-scores: they are negative for half the towns",
                      "normalise with minmax, rank, percentile, goalposts or index");
    if (uses(normalisation::goalposts))
        for (const auto& id : ids) {
            const bool in_composite = c.axes.empty() || in_axis.contains(id);
            const bool has =
                std::any_of(c.goalposts.begin(), c.goalposts.end(), [&](const auto& g) { return g.first == id; });
            if (in_composite && !has)
                problems_.add(c.where, "goalposts normalisation needs goalposts for '" + id + "'",
                              "add goalposts: {" + id + ": [low, high]}, e.g. [0, 100] for a percentage");
        }
}

}  // namespace munidash
