// The only file that uses spdlog.
#include "base/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "base/platform.hpp"

#include <mutex>

namespace munidash {

namespace {
std::shared_ptr<spdlog::logger> logger() {
    static const auto instance = [] {
        auto made = spdlog::stderr_color_mt("munidash");
        made->set_pattern("%^[%l]%$ %v");
        made->flush_on(spdlog::level::warn);
        made->set_level(spdlog::level::warn);
        return made;
    }();
    return instance;
}

log_format current_format = log_format::text;

// Warnings are also kept for the run's manifest, whatever the level shown (-q hides them).
std::mutex warnings_lock;
std::vector<std::string> warnings_kept;
constexpr std::size_t max_warnings_kept = 1000;

// A switch, not an array indexed by the enum: the compiler names a level added without its match.
spdlog::level::level_enum spdlog_level(log_level level) {
    switch (level) {
        case log_level::debug: return spdlog::level::debug;
        case log_level::info: return spdlog::level::info;
        case log_level::warning: return spdlog::level::warn;
        case log_level::error: return spdlog::level::err;
        case log_level::off: return spdlog::level::off;
    }
    return spdlog::level::off;
}
}  // namespace

void configure_logging(log_level level, log_format format) {
    current_format = format;
    auto& log = *logger();
    log.set_level(spdlog_level(level));
    if (format == log_format::json) {
        // spdlog stamps the time and level; the rest of the object is the message, built below.
        log.set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
    } else if (!stderr_is_terminal()) {
        // A file or a scheduler's capture: each line says when, since nobody watched it happen.
        log.set_pattern("%Y-%m-%dT%H:%M:%S%z [%l] %v");
    } else {
        log.set_pattern("%^[%l]%$ %v");
    }
}

void log_event(log_level level, const std::string& event, const std::string& message, const log_fields& fields) {
    auto& log = *logger();
    const auto lvl = spdlog_level(level);
    if (level == log_level::warning) {
        const std::lock_guard guard(warnings_lock);
        if (warnings_kept.size() < max_warnings_kept) warnings_kept.push_back(message);
    }
    if (!log.should_log(lvl)) return;
    if (current_format == log_format::text) {
        log.log(lvl, "{}", message);
        return;
    }
    nlohmann::ordered_json object{{"event", event}, {"message", message}, {"fields", nlohmann::ordered_json::object()}};
    for (const auto& [name, value] : fields) object["fields"][name] = value;
    // A town name read from a file may not be UTF-8: replaced, never a reason to lose the line.
    auto text = object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    log.log(lvl, "{}", std::string_view(text).substr(1, text.size() - 2));  // without the braces
}

std::vector<std::string> logged_warnings() {
    const std::lock_guard guard(warnings_lock);
    return warnings_kept;
}

void log_debug(const std::string& message) { log_event(log_level::debug, "message", message); }
void log_info(const std::string& message) { log_event(log_level::info, "message", message); }
void log_warning(const std::string& message) { log_event(log_level::warning, "message", message); }
void log_error(const std::string& message) { log_event(log_level::error, "message", message); }

}  // namespace munidash
