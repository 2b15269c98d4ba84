// A copy of the opening_hours plugin's parser (plugins/opening_hours/opening_hours.cpp): the plugin
// sees only the SDK, and a parser in the SDK would make it public API for one helper. The unit tests
// check both on the same texts.
#include "time_ranges.hpp"

#include <charconv>

namespace munidash {

namespace {

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
    if (hours_text.empty() ||
        std::from_chars(hours_text.data(), hours_text.data() + hours_text.size(), hours).ptr != hours_text.data() + hours_text.size())
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

}  // namespace

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

}  // namespace munidash
