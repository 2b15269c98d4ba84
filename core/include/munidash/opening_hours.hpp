// Opening hours written as text, as ANCT's France Services list and the towns' returned requests
// write them: "09:00 - 12:00 / 13:30 - 17:00", "09:00-12:00/13:30-17:00", "9h00 - 12h00", "-"
// (closed). One parser for the opening_hours plugin and the engine's check of a returned
// time_range answer, so that an answer the engine accepts is one the plugin can read.
// Header-only, standard library only: a plugin includes it without linking anything more.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace munidash {

namespace opening_hours_detail {

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "09:00" or "9h00" or "9h" -> minutes since midnight; nullopt for anything else.
inline std::optional<int> read_time(std::string_view s) {
    s = trim(s);
    const auto separator = s.find_first_of(":h");
    int hours = 0, minutes = 0;
    const auto hours_text = s.substr(0, separator);
    if (hours_text.empty() || std::from_chars(hours_text.data(), hours_text.data() + hours_text.size(), hours).ptr !=
                                  hours_text.data() + hours_text.size())
        return std::nullopt;
    if (separator != std::string_view::npos && separator + 1 < s.size()) {
        const auto minutes_text = s.substr(separator + 1);
        if (std::from_chars(minutes_text.data(), minutes_text.data() + minutes_text.size(), minutes).ptr !=
            minutes_text.data() + minutes_text.size())
            return std::nullopt;
    }
    if (hours < 0 || minutes < 0 || hours > 24 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

}  // namespace opening_hours_detail

// The hours open in one day's text: 0 for "-" or "fermé" (closed), nullopt when empty or unreadable
// (a range must end after it starts).
inline std::optional<double> hours_in_day(std::string_view text) {
    using namespace opening_hours_detail;
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

}  // namespace munidash
