// Plugin "opening_hours": hours open per week, from the free-text opening hours of a place.
//
// ANCT's France Services list writes each day's hours as text, in several shapes:
// "09:00 - 12:00 / 13:30 - 17:00", "09:00-12:00/13:30-17:00", "9h00 - 12h00", "-" (closed) or
// nothing (unknown). The plugin reads one text column per day and adds the hours up. A day
// whose text it cannot read makes the town's value missing rather than wrong.
#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include <munidash/opening_hours.hpp>
#include <munidash/plugin.hpp>

namespace {

constexpr std::array<std::string_view, 7> days{"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};

using munidash::hours_in_day;  // the SDK's parser, the one the engine checks returned answers with

class opening_hours final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        munidash::indicator_description d{
            .id = "opening_hours",
            .label = "Heures d'ouverture par semaine",
            .unit = "number",
            .better = munidash::direction::higher_is_better,
            .params = {},
            .definition =
                "Somme des heures d'ouverture de chaque jour, lues dans le texte des "
                "horaires (« 09:00 - 12:00 / 13:30 - 17:00 », « - » = fermé). Pas de "
                "valeur si un jour est illisible ou si aucun jour n'est renseigné.",
            .language = "fr",
            .translations = {{.language = "en",
                              .label = "Opening hours per week",
                              .definition = "The sum of each day's opening hours, read from the text of the hours "
                                            "(\"09:00 - 12:00 / 13:30 - 17:00\", \"-\" = closed). No value when a "
                                            "day cannot be read or no day is given."}}};
        for (const auto day : days)
            d.params.push_back({.name = std::string(day),
                                .type = munidash::param_type::text_column,
                                .required = false,
                                .description = "the " + std::string(day) + " opening hours, as text"});
        return d;
    }

    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        munidash::indicator_column out(in.town_count());
        out.flags.assign(in.town_count(), munidash::value_flag::missing);
        std::vector<std::span<const std::string>> columns;
        for (const auto day : days)
            if (in.has(day)) columns.push_back(in.text_column(day));
        if (columns.empty()) throw munidash::indicator_error("give at least one day, e.g. monday: fs.h_lundi");
        for (std::size_t i = 0; i < in.town_count(); ++i) {
            double total = 0;
            bool readable = true, any = false;
            for (const auto& column : columns) {
                if (column[i].empty()) continue;
                const auto hours = hours_in_day(column[i]);
                if (!hours)
                    readable = false;
                else
                    total += *hours;
                any = true;
            }
            if (readable && any) {
                out.values[i] = total;
                out.flags[i] = munidash::value_flag::none;
            }
        }
        return out;
    }
};

void register_opening_hours(munidash::registrar& registrar) { registrar.add(std::make_unique<opening_hours>()); }

}  // namespace

MUNIDASH_PLUGIN("opening_hours", "1.0.0", register_opening_hours)
