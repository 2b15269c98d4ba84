// Plugin "value": a source's column as it is, for files that already publish the indicator
// (a coverage rate, a share of people aged 65 or more), optionally multiplied (0-1 fractions
// to percentages).
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

class value final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "value",
                .label = "Valeur publiée",
                .unit = "number",
                .better = munidash::direction::higher_is_better,
                .params = {{.name = "column",
                            .type = munidash::param_type::column,
                            .description = "the column that holds the indicator, e.g. thd.TAUX_COUVERTURE_THD"},
                           {.name = "multiply",
                            .type = munidash::param_type::number,
                            .required = false,
                            .default_value = "1",
                            .description = "a factor, e.g. 100 for a fraction from 0 to 1 shown as a percentage"}},
                .definition =
                    "Valeur publiée par la source, telle quelle (ou multipliée par un facteur "
                    "déclaré, par exemple 100 pour passer d'une fraction à un pourcentage).",
                .language = "fr",
                .translations = {{.language = "en",
                                  .label = "Published value",
                                  .definition = "The value the source publishes, as it is (or multiplied by a declared "
                                                "factor, e.g. 100 to turn a fraction into a percentage)."}}};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto column = in.column("column");
        const double factor = in.number("multiply");
        munidash::indicator_column out(in.town_count());
        for (std::size_t i = 0; i < in.town_count(); ++i)
            if (!std::isnan(column[i])) out.values[i] = column[i] * factor;
        return out;
    }
};

void register_value(munidash::registrar& registrar) { registrar.add(std::make_unique<value>()); }

}  // namespace

MUNIDASH_PLUGIN("value", "1.0.0", register_value)
