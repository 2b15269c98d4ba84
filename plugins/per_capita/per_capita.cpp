// Plugin "per_capita": a count per N inhabitants (10,000 by default).
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

class per_capita final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "per_capita",
                .label = "Nombre pour 10 000 habitants",
                .unit = "per_10000",
                .better = munidash::direction::higher_is_better,
                .params = {{.name = "count",
                            .type = munidash::param_type::column,
                            .description = "the column counted, e.g. France Services sites",
                            .counts = true},
                           {.name = "population",
                            .type = munidash::param_type::column,
                            .required = false,
                            .default_value = "towns.population",
                            .description = "the inhabitants; the reference list's population by default",
                            .counts = true},
                           {.name = "per",
                            .type = munidash::param_type::number,
                            .required = false,
                            .default_value = "10000",
                            .description = "the number of inhabitants the count is given for"}},
                .definition =
                    "Nombre rapporté à la population : nombre ÷ population × N habitants. "
                    "Pas de valeur si la population est nulle ou absente.",
                .language = "fr",
                .translations = {{.language = "en",
                                  .label = "Count per 10,000 inhabitants",
                                  .definition = "A count relative to the population: count ÷ population × N "
                                                "inhabitants. No value when the population is zero or missing."}}};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto count = in.column("count");
        const auto population = in.column("population");
        const double per = in.number("per");
        if (!(per > 0)) throw munidash::indicator_error("'per' must be a positive number of inhabitants");
        munidash::indicator_column out(in.town_count());
        out.numerators.assign(count.begin(), count.end());
        out.denominators.assign(population.begin(), population.end());
        out.scale = per;
        for (std::size_t i = 0; i < in.town_count(); ++i)
            if (!std::isnan(count[i]) && population[i] > 0) out.values[i] = count[i] / population[i] * per;
        return out;
    }
};

void register_per_capita(munidash::registrar& registrar) { registrar.add(std::make_unique<per_capita>()); }

}  // namespace

MUNIDASH_PLUGIN("per_capita", "1.0.0", register_per_capita)
