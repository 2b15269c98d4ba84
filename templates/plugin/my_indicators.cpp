// A template for a munidash plugin: copy this folder, rename, and replace the indicator.
// The guide is docs/writing-a-plugin.md; the SDK is <munidash/plugin.hpp> (and <munidash/testing.hpp>).
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

// "difference": one column minus another, e.g. the town hall's procedures still done on paper
// (all procedures minus those done online). Values below `minimum` are raised to it and flagged.
class difference final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "difference",
                .label = "Difference",
                .unit = "count",
                .better = munidash::direction::lower_is_better,
                .params = {{.name = "from",
                            .type = munidash::param_type::column,
                            .description = "the column to subtract from, e.g. services.demarches_total",
                            .counts = true},
                           {.name = "subtract",
                            .type = munidash::param_type::column,
                            .description = "the column subtracted, e.g. services.demarches_en_ligne",
                            .counts = true},
                           {.name = "minimum",
                            .type = munidash::param_type::number,
                            .required = false,
                            .default_value = "0",
                            .description = "smaller differences are raised to this value and flagged 'capped'"}},
                .definition = "from − subtract, raised to the minimum when smaller (flagged).",
                // The label and definition above are English; a French report shows the translation.
                .language = "en",
                .translations = {{.language = "fr",
                                  .label = "Différence",
                                  .definition = "from − subtract, relevée au minimum quand elle est plus petite "
                                                "(valeur signalée)."}}};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto from = in.column("from");
        const auto subtract = in.column("subtract");
        const double minimum = in.number("minimum");
        munidash::indicator_column out(in.town_count());  // every value starts missing (NaN)
        out.flags.assign(in.town_count(), munidash::value_flag::none);
        for (std::size_t i = 0; i < in.town_count(); ++i) {
            if (std::isnan(from[i]) || std::isnan(subtract[i])) {
                out.flags[i] = munidash::value_flag::missing;
                continue;
            }
            const double value = from[i] - subtract[i];
            out.values[i] = value < minimum ? minimum : value;
            if (value < minimum) out.flags[i] = munidash::value_flag::capped;
        }
        return out;
    }
};

void register_indicators(munidash::registrar& registrar) { registrar.add(std::make_unique<difference>()); }

}  // namespace

// The plugin's name (as in munidash_add_plugin), its version, and its registration function.
MUNIDASH_PLUGIN("my_indicators", "0.1.0", register_indicators)
