// Plugin "fibre_coverage": the share of premises that can get FTTH, capped at 100 %.
//
// ARCEP's counts of premises that can get fibre and INSEE-based counts of premises come from
// different registers, so the quotient exceeds 100 % in some towns. The value is capped at 100 %
// and flagged `capped`, so the workbook shows it and says why, instead of ranking a town above
// full coverage.
#include <algorithm>
#include <cmath>

#include <munidash/plugin.hpp>

namespace {

class fibre_coverage final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        return {.id = "fibre_coverage",
                .label = "Locaux raccordables à la fibre (FTTH)",
                .unit = "percent",
                .better = munidash::direction::higher_is_better,
                .params = {{.name = "premises_ftth",
                            .type = munidash::param_type::column,
                            .description = "premises that can get fibre to the home",
                            .counts = true},
                           {.name = "premises",
                            .type = munidash::param_type::column,
                            .description = "all premises (homes and businesses)",
                            .counts = true}},
                .definition =
                    "Part des locaux raccordables à la fibre optique jusqu'à l'abonné : "
                    "locaux raccordables ÷ locaux × 100, plafonnée à 100 % (valeur "
                    "signalée) quand les deux décomptes divergent.",
                .language = "fr",
                .translations = {{.language = "en",
                                  .label = "Premises that can get fibre (FTTH)",
                                  .definition = "Share of premises that can get fibre to the home: premises that "
                                                "can get it ÷ premises × 100, capped at 100 % (and flagged) when the "
                                                "two counts disagree."}}};
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        const auto ftth = in.column("premises_ftth");
        const auto premises = in.column("premises");
        munidash::indicator_column out(in.town_count());
        out.flags.assign(in.town_count(), munidash::value_flag::none);
        out.scale = 100.0;
        out.numerators.assign(in.town_count(), munidash::missing_value);
        out.denominators.assign(premises.begin(), premises.end());
        for (std::size_t i = 0; i < in.town_count(); ++i) {
            if (std::isnan(ftth[i]) || !(premises[i] > 0) || ftth[i] < 0) {
                out.flags[i] = munidash::value_flag::missing;
                continue;
            }
            const double share = 100.0 * ftth[i] / premises[i];
            out.values[i] = std::min(share, 100.0);
            // A group's coverage counts a capped town's premises as all covered, as its value does.
            out.numerators[i] = std::min(ftth[i], premises[i]);
            if (share > 100.0) out.flags[i] = munidash::value_flag::capped;
        }
        return out;
    }
};

void register_fibre_coverage(munidash::registrar& registrar) { registrar.add(std::make_unique<fibre_coverage>()); }

}  // namespace

MUNIDASH_PLUGIN("fibre_coverage", "1.0.0", register_fibre_coverage)
