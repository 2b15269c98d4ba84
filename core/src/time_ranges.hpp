// Opening hours written as text, "09:00 - 12:00 / 13:30 - 17:00": the syntax of the opening_hours
// plugin, which a time_range answer of a returned request must follow so that the plugin can read it.
#pragma once

#include <optional>
#include <string_view>

namespace munidash {

// The hours open in one day's text: 0 for "-" or "fermé" (closed), nullopt when empty or unreadable
// ("9h - 12h" and "09:00-12:00/13:30-17:00" are read; a range must end after it starts).
std::optional<double> hours_in_day(std::string_view text);

}  // namespace munidash
