// How an indicator's compute is contained, as the spec, the indicator and the command line set it;
// plugins/plugin_isolation.cpp carries it out.
#pragma once

#include <cstdint>
#include <optional>

#include "base/enum_table.hpp"

namespace munidash {

// Where an indicator's compute runs.
enum class isolation_mode {
    none,     // in the engine's process (the default: no cost, but a crash or a hang ends the run)
    process,  // in a child process: a crash, exit(), output on stdout or a limit is a failure of the indicator
};

// The modes' names as the spec writes them (isolation: NAME).
inline constexpr enum_entry<isolation_mode> isolation_mode_table[]{
    {isolation_mode::none, "none", "computes in munidash's own process (the default)"},
    {isolation_mode::process, "process",
     "computes in a child process, where a crash, exit() or a limit is a failure of the indicator alone"},
};
static_assert(is_enum_table(isolation_mode_table));
constexpr const auto& entries_of(isolation_mode) { return isolation_mode_table; }

// How one indicator's compute is run, once the spec, the indicator and the command line are combined.
struct isolation_settings {
    isolation_mode mode = isolation_mode::none;
    std::optional<double> time_limit;           // seconds of wall-clock time; both modes
    std::optional<std::uint64_t> memory_limit;  // bytes the plugin may allocate on top of what the engine
                                                // holds; enforced (setrlimit) only with isolation_mode::process
    bool seccomp = false;                       // process only: forbid network, writing files and running programs
};

}  // namespace munidash
