// Plugin "opening_hours": hours open per week, from the free-text opening hours of a place.
//
// ANCT's France Services list writes each day's hours as text, in several shapes:
// "09:00 - 12:00 / 13:30 - 17:00", "09:00-12:00/13:30-17:00", "9h00 - 12h00", "-" (closed) or
// nothing (unknown). The plugin reads one text column per day and adds the hours up. A day
// whose text it cannot read makes the town's value missing rather than wrong.
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include <munidash/plugin.hpp>

namespace {

constexpr std::array<std::string_view, 7> days{"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "09:00" or "9h00" or "9h" -> minutes since midnight.
std::optional<int> read_time(std::string_view s) {
    s = trim(s);
    const auto separator = s.find_first_of(":h");
    int hours = 0, minutes = 0;
    const auto hours_text = s.substr(0, separator);
    if (std::from_chars(hours_text.data(), hours_text.data() + hours_text.size(), hours).ptr !=
        hours_text.data() + hours_text.size() || hours_text.empty())
        return std::nullopt;
    if (separator != std::string_view::npos && separator + 1 < s.size()) {
        const auto minutes_text = s.substr(separator + 1);
        if (std::from_chars(minutes_text.data(), minutes_text.data() + minutes_text.size(), minutes).ptr !=
            minutes_text.data() + minutes_text.size())
            return std::nullopt;
    }
    if (hours > 24 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

// Hours open in one day's text: 0 for "-" (closed), nullopt when unknown or unreadable.
std::optional<double> hours_in_day(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (text == "-" || text == "fermé" || text == "Fermé") return 0.0;
    double total = 0;
    while (!text.empty()) {
        const auto slash = text.find('/');
        const auto range = text.substr(0, slash);
        const auto dash = range.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        const auto open = read_time(range.substr(0, dash));
        const auto close = read_time(range.substr(dash + 1));
        if (!open || !close || *close <= *open) return std::nullopt;
        total += (*close - *open) / 60.0;
        text = slash == std::string_view::npos ? std::string_view{} : text.substr(slash + 1);
    }
    return total;
}

class opening_hours final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        munidash::indicator_description d{
            .id = "opening_hours",
            .label = "Heures d'ouverture par semaine",
            .unit = "number",
            .better = munidash::direction::higher_is_better,
            .params = {},
            .definition = "Somme des heures d'ouverture de chaque jour, lues dans le texte des "
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
                if (!hours) readable = false;
                else total += *hours;
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

void register_opening_hours(munidash::registrar& registrar) {
    registrar.add(std::make_unique<opening_hours>());
}

}  // namespace

MUNIDASH_PLUGIN("opening_hours", "1.0.0", register_opening_hours)
