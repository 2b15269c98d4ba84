// The engine's log: one line per event on standard error, never mixed with a command's output.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/enum_table.hpp"

namespace munidash {

// How much the log says.
enum class log_level { debug, info, warning, error, off };

// How each line is written: text for a person (timestamped when standard error is not a terminal),
// or one JSON object per line for a scheduler ({"time", "level", "event", "message", "fields"}).
enum class log_format { text, json };

// The formats' names as --log-format takes them.
inline constexpr enum_entry<log_format> log_format_table[]{
    {log_format::text, "text", "for a person, timestamped when not on a terminal"},
    {log_format::json, "json", "one JSON object a line, for a scheduler"},
};
static_assert(is_enum_table(log_format_table));
constexpr const auto& entries_of(log_format) { return log_format_table; }

// Sets up the log: synchronous, flushed on warnings and errors, to standard error.
void configure_logging(log_level level, log_format format = log_format::text);

// Named values attached to an event, in order; in JSON they are the "fields" object.
using log_fields = std::vector<std::pair<std::string, std::string>>;

// Writes one event: `event` is a stable name for scripts (e.g. "workbook_written"), `message` the
// sentence a person reads. The text is never read as a format string.
void log_event(log_level level, const std::string& event, const std::string& message, const log_fields& fields = {});

// The warnings logged so far (the first 1,000), shown or not: a run's manifest records them.
std::vector<std::string> logged_warnings();

// Writes one line (event "message" in JSON); the text is never read as a format string.
void log_debug(const std::string& message);
void log_info(const std::string& message);
void log_warning(const std::string& message);
void log_error(const std::string& message);

}  // namespace munidash
