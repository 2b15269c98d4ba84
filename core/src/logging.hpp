// The engine's log: one line per event on standard error, never mixed with a command's output.
#pragma once

#include <string>

namespace munidash {

// How much the log says.
enum class log_level { debug, info, warning, error, off };

// Sets up the log: synchronous, flushed on warnings and errors, to standard error.
void configure_logging(log_level level);

// Writes one line; the text is never read as a format string.
void log_debug(const std::string& message);
void log_info(const std::string& message);
void log_warning(const std::string& message);
void log_error(const std::string& message);

}  // namespace munidash
