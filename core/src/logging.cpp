// The only file that uses spdlog.
#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

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
}  // namespace

void configure_logging(log_level level) {
    static constexpr spdlog::level::level_enum levels[] = {
        spdlog::level::debug, spdlog::level::info, spdlog::level::warn, spdlog::level::err,
        spdlog::level::off};
    logger()->set_level(levels[static_cast<int>(level)]);
}

// "{}" with the message as an argument: user text in a log line is data, never a format string.
void log_debug(const std::string& message) { logger()->debug("{}", message); }
void log_info(const std::string& message) { logger()->info("{}", message); }
void log_warning(const std::string& message) { logger()->warn("{}", message); }
void log_error(const std::string& message) { logger()->error("{}", message); }

}  // namespace munidash
