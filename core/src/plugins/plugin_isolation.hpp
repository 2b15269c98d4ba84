// Containment of a plugin's compute: in a child process with limits (time, memory, an optional
// seccomp filter), or, in the engine's own process, a guard that turns a crash or a hang into a
// message and the plugin exit code. All the POSIX calls of this (fork, setrlimit, pipes, signals)
// and libseccomp live in plugin_isolation.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <munidash/plugin.hpp>

#include "spec/isolation_settings.hpp"

namespace munidash {

// "2 s", "500 ms", "1.5 min": a limit as the messages and the spec write it.
std::string describe_duration(double seconds);

// "512 MB" (1 MB = 1,048,576 bytes), "2 GB": a memory limit as the messages and the spec write it.
std::string describe_memory(std::uint64_t bytes);

// What a compute run in a child process gave: the column, or why there is none.
struct isolated_outcome {
    bool ok = false;
    indicator_column column;  // when ok
    std::string failure;      // otherwise: what happened, worded to follow "indicator 'x' of plugin 'y' "
    std::string hint;         // what to do about it; empty for the caller's usual advice
};

// Runs `compute` in a child process forked from this one (so the child has the inputs already),
// under `settings`' limits, and brings its column back through a pipe. A crash, a call to exit(),
// a byte on standard output, a time or memory limit passed, a call the seccomp filter forbids or
// an exception becomes a failure naming the signal or the limit; this never throws for them.
isolated_outcome run_isolated(const std::function<indicator_column()>& compute, const isolation_settings& settings);

// While alive, in the engine's own process: a SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT, or
// running past `time_limit`, writes the message `message_for(what)` made in advance (the process
// may be in any state by then) to standard error and ends the process with `exit_code`.
class in_process_guard {
public:
    in_process_guard(const std::function<std::string(std::string_view what)>& message_for,
                     std::optional<double> time_limit, int exit_code);
    ~in_process_guard();
    in_process_guard(const in_process_guard&) = delete;
    in_process_guard& operator=(const in_process_guard&) = delete;

private:
    struct watchdog;
    std::unique_ptr<watchdog> watchdog_;  // only with a time limit
};

}  // namespace munidash
