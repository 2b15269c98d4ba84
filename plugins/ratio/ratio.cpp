// Plugin "ratio": a numerator column over a denominator column, as a percentage by default.
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

class ratio final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "ratio",
                .label = "Ratio",
                .unit = "percent",
                .better = munidash::direction::higher_is_better,
                .params = {{.name = "numerator",
                            .type = munidash::param_type::column,
                            .description = "the column counted, e.g. premises that can get fibre"},
                           {.name = "denominator",
                            .type = munidash::param_type::column,
                            .description = "the column it is divided by, e.g. all premises"},
                           {.name = "scale",
                            .type = munidash::param_type::number,
                            .required = false,
                            .default_value = "100",
                            .description = "multiplier of the quotient: 100 for a percentage"}},
                .definition = "Numérateur divisé par le dénominateur, multiplié par l'échelle (100 : "
                              "pourcentage). Pas de valeur si le dénominateur est nul ou absent."};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto numerator = in.column("numerator");
        const auto denominator = in.column("denominator");
        const double scale = in.number("scale");
        munidash::indicator_column out(in.town_count());
        out.flags.assign(in.town_count(), munidash::value_flag::none);
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
