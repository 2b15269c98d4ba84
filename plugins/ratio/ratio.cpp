// Plugin "ratio": a numerator column over a denominator column, as a percentage by default.
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

// Town by town, the sum of the columns; NaN when any of them is missing.
std::vector<double> sum(const std::vector<std::span<const double>>& columns, std::size_t towns) {
    std::vector<double> total(towns, 0.0);
    for (const auto& column : columns)
        for (std::size_t i = 0; i < towns; ++i) total[i] += column[i];
    return total;
}

class ratio final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "ratio",
                .label = "Ratio",
                .unit = "percent",
                .better = munidash::direction::higher_is_better,
                .params = {{.name = "numerator",
                            .type = munidash::param_type::columns,
                            .description = "the column counted, or a list of columns added up, e.g. "
                                           "[arcep.elig_thd30, arcep.elig_thd100, arcep.elig_thd1g]",
                            .counts = true},
                           {.name = "denominator",
                            .type = munidash::param_type::columns,
                            .description = "the column it is divided by (or a list added up), e.g. all premises",
                            .counts = true},
                           {.name = "scale",
                            .type = munidash::param_type::number,
                            .required = false,
                            .default_value = "100",
                            .description = "multiplier of the quotient: 100 for a percentage"}},
                .definition =
                    "Numérateur divisé par le dénominateur, multiplié par l'échelle (100 : "
                    "pourcentage) ; une liste de colonnes est additionnée. Pas de valeur si une "
                    "donnée manque ou si le dénominateur est nul.",
                .language = "fr",
                .translations = {{.language = "en",
                                  .label = "Ratio",
                                  .definition = "The numerator divided by the denominator, times the scale (100: a "
                                                "percentage); a list of columns is added up. No value when a figure "
                                                "is missing or the denominator is zero."}}};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto numerator = sum(in.columns("numerator"), in.town_count());
        const auto denominator = sum(in.columns("denominator"), in.town_count());
        const double scale = in.number("scale");
        munidash::indicator_column out(in.town_count());
        out.flags.assign(in.town_count(), munidash::value_flag::none);
        out.numerators = numerator;
        out.denominators = denominator;
        out.scale = scale;
        for (std::size_t i = 0; i < in.town_count(); ++i) {
            if (std::isnan(numerator[i]) || std::isnan(denominator[i]) || denominator[i] <= 0) {
                out.flags[i] = munidash::value_flag::missing;
                continue;
            }
            out.values[i] = scale * numerator[i] / denominator[i];
        }
        return out;
    }
};

void register_ratio(munidash::registrar& registrar) { registrar.add(std::make_unique<ratio>()); }

}  // namespace

MUNIDASH_PLUGIN("ratio", "1.0.0", register_ratio)
