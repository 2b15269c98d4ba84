// The only file that forks, sets resource limits and installs seccomp filters (the only user of
// libseccomp): a plugin's compute in a child process, and the guard of a compute in the engine's
// own process (fatal signals, a watchdog for the time limit).
#include "plugins/plugin_isolation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <new>
#include <thread>

namespace munidash {

namespace {

std::string decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// "signal 11 (SIGSEGV, Segmentation fault)".
std::string describe_signal(int signal) {
    const char* abbreviation = ::sigabbrev_np(signal);
    const char* description = ::strsignal(signal);
    std::string out = "signal " + std::to_string(signal) + " (";
    if (abbreviation) out += std::string("SIG") + abbreviation + ", ";
    out += description ? description : "unknown signal";
    return out + ")";
}

// "EPERM: Operation not permitted".
std::string errno_text(int error) {
    const char* name = ::strerrorname_np(error);
    return std::string(name ? name : "?") + ": " + std::strerror(error);
}

}  // namespace

std::string describe_duration(double seconds) {
    if (seconds < 1) return decimal(seconds * 1000) + " ms";
    if (seconds >= 3600 && std::fmod(seconds, 3600) == 0) return decimal(seconds / 3600) + " h";
    if (seconds >= 60 && std::fmod(seconds, 60) == 0) return decimal(seconds / 60) + " min";
    return decimal(seconds) + " s";
}

std::string describe_memory(std::uint64_t bytes) {
    constexpr std::uint64_t kib = 1024, mib = kib * 1024, gib = mib * 1024;
    if (bytes >= gib && bytes % gib == 0) return std::to_string(bytes / gib) + " GB";
    if (bytes >= mib) return decimal(static_cast<double>(bytes) / static_cast<double>(mib)) + " MB";
    if (bytes >= kib) return decimal(static_cast<double>(bytes) / static_cast<double>(kib)) + " KB";
    return std::to_string(bytes) + " bytes";
}

// ---- The child process ---------------------------------------------------------------------

namespace {

// What the child sends on its result pipe: one record, a tag byte then its fields.
enum class record : char {
    column = 'R',             // the indicator_column
    exception = 'E',          // compute threw a std::exception: its what()
    foreign_exception = 'U',  // compute threw something else
    out_of_memory = 'M',      // compute threw std::bad_alloc
    exit_called = 'X',        // the plugin called exit(): its status (int32)
    forbidden_call = 'S',     // the seccomp filter stopped a system call: its number (int32)
    setup_failed = 'F',       // the child could not set its limits or filter: why
};

// The descriptor the child writes its record to (moved there so that the seccomp filter can allow
// writes to descriptors 0-3 only, whatever the parent had open).
constexpr int result_fd = 3;

// The system calls the seccomp filter stops, and what a person would call them.
struct forbidden_syscall {
    const char* name;
    const char* what;
};
constexpr std::array forbidden_syscalls{
    forbidden_syscall{"socket", "open a network socket"},
    forbidden_syscall{"connect", "connect to the network"},
    forbidden_syscall{"bind", "listen on the network"},
    forbidden_syscall{"listen", "listen on the network"},
    forbidden_syscall{"accept", "accept a network connection"},
    forbidden_syscall{"accept4", "accept a network connection"},
    forbidden_syscall{"sendto", "send on the network"},
    forbidden_syscall{"sendmsg", "send on the network"},
    forbidden_syscall{"sendmmsg", "send on the network"},
    forbidden_syscall{"open", "open a file for writing"},  // only with a writing flag: see install_filter
    forbidden_syscall{"openat", "open a file for writing"},
    forbidden_syscall{"openat2", "open a file with openat2"},
    forbidden_syscall{"creat", "create a file"},
    forbidden_syscall{"write", "write to a file other than standard output and error"},  // descriptors past 3
    forbidden_syscall{"writev", "write to a file other than standard output and error"},
    forbidden_syscall{"pwrite64", "write to a file"},
    forbidden_syscall{"pwritev", "write to a file"},
    forbidden_syscall{"pwritev2", "write to a file"},
    forbidden_syscall{"truncate", "truncate a file"},
    forbidden_syscall{"ftruncate", "truncate a file"},
    forbidden_syscall{"unlink", "remove a file"},
    forbidden_syscall{"unlinkat", "remove a file"},
    forbidden_syscall{"rmdir", "remove a folder"},
    forbidden_syscall{"rename", "rename a file"},
    forbidden_syscall{"renameat", "rename a file"},
    forbidden_syscall{"renameat2", "rename a file"},
    forbidden_syscall{"mkdir", "create a folder"},
    forbidden_syscall{"mkdirat", "create a folder"},
    forbidden_syscall{"link", "create a link"},
    forbidden_syscall{"linkat", "create a link"},
    forbidden_syscall{"symlink", "create a link"},
    forbidden_syscall{"symlinkat", "create a link"},
    forbidden_syscall{"mknod", "create a device or pipe file"},
    forbidden_syscall{"mknodat", "create a device or pipe file"},
    forbidden_syscall{"chmod", "change a file's mode"},
    forbidden_syscall{"fchmod", "change a file's mode"},
    forbidden_syscall{"fchmodat", "change a file's mode"},
    forbidden_syscall{"chown", "change a file's owner"},
    forbidden_syscall{"fchown", "change a file's owner"},
    forbidden_syscall{"fchownat", "change a file's owner"},
    forbidden_syscall{"lchown", "change a file's owner"},
    forbidden_syscall{"execve", "run another program"},
    forbidden_syscall{"execveat", "run another program"},
};

// Writes all of `bytes`; async-signal-safe. Returns whether it was all written.
bool send(const void* bytes, std::size_t size) {
    const auto* p = static_cast<const char*>(bytes);
    while (size > 0) {
        const auto n = ::write(result_fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// A tag and a 32-bit number: the records the signal and exit handlers send.
void send_number(record tag, std::int32_t number) {
    char bytes[1 + sizeof number];
    bytes[0] = static_cast<char>(tag);
    std::memcpy(bytes + 1, &number, sizeof number);
    send(bytes, sizeof bytes);
}

void send_text(record tag, const char* text) {
    const auto t = static_cast<char>(tag);
    send(&t, 1);
    send(text, std::strlen(text));
}

template <typename T>
bool send_vector(const std::vector<T>& items) {
    const std::uint64_t count = items.size();
    return send(&count, sizeof count) && send(items.data(), items.size() * sizeof(T));
}

constexpr int exit_after_record = 0;

// The plugin called exit(): registered last, so it runs before the atexit handlers and static
// destructors that the child inherited from the engine (they would remove the engine's files).
void on_child_exit(int status, void*) {
    send_number(record::exit_called, status);
    ::_exit(exit_after_record);
}

// The seccomp filter trapped a system call: say which, and stop.
void on_forbidden_call(int, siginfo_t* info, void*) {
    send_number(record::forbidden_call, info->si_syscall);
    ::_exit(exit_after_record);
}

// The size of this process's address space in bytes, or 0 when /proc cannot say.
std::uint64_t address_space_size() {
    const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char text[128] = {};
    const auto n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (n <= 0) return 0;
    return std::strtoull(text, nullptr, 10) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Installs the seccomp filter: the calls of forbidden_syscalls trap (SIGSYS, caught by
// on_forbidden_call); open and openat only with a flag that writes or creates, the write calls
// only on descriptors other than standard input, output, error and the result pipe. Returns ""
// or why it could not.
std::string install_filter() {
    struct sigaction action {};
    action.sa_sigaction = on_forbidden_call;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    if (::sigaction(SIGSYS, &action, nullptr) != 0) return "sigaction(SIGSYS): " + errno_text(errno);
    scmp_filter_ctx filter = ::seccomp_init(SCMP_ACT_ALLOW);
    if (filter == nullptr) return "seccomp_init failed";
    std::string problem;
    const auto add = [&](const char* name, unsigned count, const scmp_arg_cmp* comparisons) {
        const int number = ::seccomp_syscall_resolve_name(name);
        if (number == __NR_SCMP_ERROR) return;  // not a call of this architecture
        const int error = ::seccomp_rule_add_array(filter, SCMP_ACT_TRAP, number, count, comparisons);
        if (error != 0 && problem.empty())
            problem = std::string("seccomp_rule_add(") + name + "): " + errno_text(-error);
    };
    constexpr unsigned writing_flags[] = {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC};
    for (const auto& call : forbidden_syscalls) {
        const std::string_view name = call.name;
        if (name == "open" || name == "openat") {
            const unsigned flags_argument = name == "open" ? 1 : 2;
            for (const auto flag : writing_flags) {  // several rules for one call: any of them traps
                const scmp_arg_cmp comparison{flags_argument, SCMP_CMP_MASKED_EQ, flag, flag};
                add(call.name, 1, &comparison);
            }
        } else if (name == "write" || name == "writev") {
            const scmp_arg_cmp comparison{0, SCMP_CMP_GT, static_cast<scmp_datum_t>(result_fd), 0};
            add(call.name, 1, &comparison);
        } else {
            add(call.name, 0, nullptr);
        }
    }
    if (problem.empty())
        if (const int error = ::seccomp_load(filter); error != 0) problem = "seccomp_load: " + errno_text(-error);
    ::seccomp_release(filter);
    return problem;
}

// The child: limits, then compute, then its record; never returns, never runs the engine's
// atexit handlers or static destructors.
[[noreturn]] void child_main(const std::function<indicator_column()>& compute, const isolation_settings& settings,
                             int result_write, int stdout_write, pid_t parent) {
    // The child dies with the engine (Ctrl-C, SIGTERM, a kill): it must not compute on unwatched.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::dup2(stdout_write, STDOUT_FILENO);
    if (stdout_write != STDOUT_FILENO && stdout_write != result_fd) ::close(stdout_write);
    if (result_write != result_fd) {
        ::dup2(result_write, result_fd);
        ::close(result_write);
    }
    // The engine may have handlers of its own; in the child a fatal signal must kill it plainly.
    for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU}) ::signal(signal, SIG_DFL);
    const auto fail_setup = [](const std::string& why) {
        send_text(record::setup_failed, why.c_str());
        ::_exit(exit_after_record);
    };
    if (settings.memory_limit) {
        // On top of what the engine already holds: the child starts with all of its address space.
        const auto base = address_space_size();
        const rlimit limit{base + *settings.memory_limit, base + *settings.memory_limit};
        if (::setrlimit(RLIMIT_AS, &limit) != 0) fail_setup("setrlimit(RLIMIT_AS): " + errno_text(errno));
    }
    if (settings.time_limit) {
        // A backstop: the parent kills the child at the time limit; this stops a child the parent
        // could not (SIGXCPU), counting processor time only.
        const auto seconds = static_cast<rlim_t>(std::ceil(*settings.time_limit)) + 1;
        const rlimit limit{seconds, seconds + 1};
        if (::setrlimit(RLIMIT_CPU, &limit) != 0) fail_setup("setrlimit(RLIMIT_CPU): " + errno_text(errno));
    }
    ::on_exit(on_child_exit, nullptr);
    if (settings.seccomp)
        if (const auto problem = install_filter(); !problem.empty()) fail_setup("the seccomp filter: " + problem);
    try {
        const indicator_column column = compute();
        // What the plugin left in stdio's buffers reaches the watched pipe now.
        std::fflush(stdout);
        std::cout.flush();
        static_assert(sizeof(value_flag) == 1);
        const auto tag = static_cast<char>(record::column);
        if (send(&tag, 1) && send_vector(column.values) && send_vector(column.flags) &&
            send_vector(column.numerators) && send_vector(column.denominators))
            send(&column.scale, sizeof column.scale);
    } catch (const std::bad_alloc&) {
        send_text(record::out_of_memory, "");
    } catch (const std::exception& e) {
        send_text(record::exception, e.what());
    } catch (...) {
        send_text(record::foreign_exception, "");
    }
    std::fflush(stdout);
    ::_exit(exit_after_record);
}

// ---- The parent ------------------------------------------------------------------------------

// Reads what `fd` holds now into `into` (at most `limit` bytes kept). Returns false at end of file.
bool drain(int fd, std::string& into, std::size_t limit) {
    char buffer[65536];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            const auto keep = std::min(static_cast<std::size_t>(n), limit - std::min(limit, into.size()));
            into.append(buffer, keep);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0;  // EAGAIN: open, nothing more for now; 0: the end
    }
}

// The bytes a plugin wrote on standard output, quoted for a message.
std::string quoted(const std::string& bytes) {
    std::string out = "\"";
    for (const char c : bytes.substr(0, 60)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '"' || c == '\\')
            out += std::string("\\") + c;
        else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            out += '?';
        else
            out += c;
    }
    return out + (bytes.size() > 60 ? "...\"" : "\"");
}

// Reads a record's fields back.
class record_reader {
public:
    explicit record_reader(std::string_view bytes) : bytes_(bytes) {}
    template <typename T>
    bool read(T& value) {
        if (bytes_.size() < sizeof value) return false;
        std::memcpy(&value, bytes_.data(), sizeof value);
        bytes_.remove_prefix(sizeof value);
        return true;
    }
    template <typename T>
    bool read(std::vector<T>& items) {
        std::uint64_t count = 0;
        if (!read(count) || count > bytes_.size() / sizeof(T)) return false;
        items.resize(count);
        // An empty vector's data() may be null, which memcpy may not be given even for 0 bytes (UBSan).
        if (count > 0) std::memcpy(items.data(), bytes_.data(), count * sizeof(T));
        bytes_.remove_prefix(count * sizeof(T));
        return true;
    }
    bool finished() const { return bytes_.empty(); }

private:
    std::string_view bytes_;
};

const char* forbidden_call_description(int number, std::string& name) {
    for (const auto& call : forbidden_syscalls)
        if (::seccomp_syscall_resolve_name(call.name) == number) {
            name = call.name;
            return call.what;
        }
    name = "system call " + std::to_string(number);
    return "make a forbidden system call";
}

// What the child's record says, once it ended by itself.
isolated_outcome read_record(const std::string& bytes, const isolation_settings& settings) {
    isolated_outcome out;
    if (bytes.empty()) return out;
    const auto tag = static_cast<record>(bytes.front());
    const std::string_view fields(bytes.data() + 1, bytes.size() - 1);
    record_reader reader(fields);
    switch (tag) {
        case record::column: {
            auto& c = out.column;
            if (reader.read(c.values) && reader.read(c.flags) && reader.read(c.numerators) &&
                reader.read(c.denominators) && reader.read(c.scale) && reader.finished())
                out.ok = true;
            else
                out.failure = "sent back a column munidash cannot read (" + std::to_string(bytes.size()) + " bytes)";
            return out;
        }
        case record::exception: out.failure = "failed: " + std::string(fields); return out;
        case record::foreign_exception:
            out.failure = "failed with an exception that is not a std::exception";
            return out;
        case record::out_of_memory:
            if (settings.memory_limit) {
                out.failure = "ran past its memory limit of " + describe_memory(*settings.memory_limit) +
                              " (an allocation failed: std::bad_alloc)";
                out.hint = "raise limits.memory if the plugin needs more, or report this to the plugin's author";
            } else {
                out.failure = "ran out of memory (std::bad_alloc)";
            }
            return out;
        case record::exit_called: {
            std::int32_t status = 0;
            reader.read(status);
            out.failure = "called exit(" + std::to_string(status) + ") while computing";
            return out;
        }
        case record::forbidden_call: {
            std::int32_t number = 0;
            reader.read(number);
            std::string name;
            const std::string what = forbidden_call_description(number, name);
            out.failure = "tried to " + what + " (system call '" + name + "'), which its seccomp filter forbids";
            out.hint = "a plugin computes from its inputs only; remove seccomp: true if this plugin truly needs it";
            return out;
        }
        case record::setup_failed:
            out.failure = "could not be given its limits in a child process: " + std::string(fields);
            out.hint = "run without isolation: process, or without seccomp: true, on this system";
            return out;
    }
    out.failure = "sent back a record munidash does not know (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

}  // namespace

namespace {

// A child process computing an indicator, and the ends of its pipes this process reads.
struct child_process {
    pid_t pid = -1;
    int result_fd = -1;  // the child's record
    int stdout_fd = -1;  // what the plugin printed on standard output
    int pidfd = -1;      // readable once the child ended; -1 when the kernel has no pidfd_open
};

// How a child ended: what it sent and printed, and why it stopped.
struct child_ending {
    std::string result;
    std::string printed;
    bool timed_out = false;
    int watch_error = 0;  // errno of a poll() that failed: the child was killed
    int status = 0;       // as waitpid() gives it
};

// Forks a child that computes and sends its record; on failure, `why` says what failed.
std::optional<child_process> start_child(const std::function<indicator_column()>& compute,
                                         const isolation_settings& settings, isolated_outcome& why) {
    // Bytes still in this process's stdio buffers would be written again by the child.
    std::cout.flush();
    std::fflush(nullptr);
    int result_pipe[2];
    int stdout_pipe[2];
    if (::pipe2(result_pipe, O_CLOEXEC) != 0) {
        why.failure = "could not be started in a child process (pipe: " + errno_text(errno) + ")";
        return std::nullopt;
    }
    if (::pipe2(stdout_pipe, O_CLOEXEC) != 0) {
        why.failure = "could not be started in a child process (pipe: " + errno_text(errno) + ")";
        ::close(result_pipe[0]);
        ::close(result_pipe[1]);
        return std::nullopt;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) child_main(compute, settings, result_pipe[1], stdout_pipe[1], parent);
    ::close(result_pipe[1]);
    ::close(stdout_pipe[1]);
    if (pid < 0) {
        const int error = errno;
        ::close(result_pipe[0]);
        ::close(stdout_pipe[0]);
        why.failure = "could not be started in a child process (fork: " + errno_text(error) + ")";
        why.hint = "the system is short of processes or memory; try again, or run without isolation: process";
        return std::nullopt;
    }
    for (const int fd : {result_pipe[0], stdout_pipe[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
#ifdef SYS_pidfd_open
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    const int pidfd = -1;
#endif
    return child_process{pid, result_pipe[0], stdout_pipe[0], pidfd};
}

// Reads the child's pipes until it ends or its time runs out (then kills it), reaps it and closes the pipes.
child_ending watch_child(const child_process& child, const isolation_settings& settings,
                         std::chrono::steady_clock::time_point started) {
    child_ending out;
    constexpr std::size_t result_limit = std::size_t{1} << 32;  // 4 GB: far more than a column of every commune
    bool reaped = false;
    pollfd watched[3] = {{child.result_fd, POLLIN, 0}, {child.stdout_fd, POLLIN, 0}, {child.pidfd, POLLIN, 0}};
    for (;;) {
        int timeout = -1;
        if (settings.time_limit) {
            const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const double left = *settings.time_limit - elapsed;
            if (left <= 0) {
                out.timed_out = true;
                break;
            }
            timeout = static_cast<int>(std::ceil(left * 1000));
        }
        if (child.pidfd < 0) timeout = timeout < 0 ? 10 : std::min(timeout, 10);  // no pidfd: look at the child often
        if (::poll(watched, 3, timeout) < 0 && errno != EINTR) {
            out.watch_error = errno;  // the child cannot be watched: it must not run on unbounded
            ::kill(child.pid, SIGKILL);
            break;
        }
        if (watched[0].fd >= 0 && !drain(watched[0].fd, out.result, result_limit)) watched[0].fd = -1;
        if (watched[1].fd >= 0 && !drain(watched[1].fd, out.printed, 4096)) watched[1].fd = -1;
        const bool ended = child.pidfd >= 0 ? (watched[2].revents & POLLIN) != 0
                                            : ::waitpid(child.pid, &out.status, WNOHANG) == child.pid;
        if (child.pidfd < 0 && ended) reaped = true;
        if (ended) {
            // Whatever it wrote before it ended is in the pipes now.
            if (watched[0].fd >= 0) drain(watched[0].fd, out.result, result_limit);
            if (watched[1].fd >= 0) drain(watched[1].fd, out.printed, 4096);
            break;
        }
    }
    if (out.timed_out) ::kill(child.pid, SIGKILL);
    while (!reaped && ::waitpid(child.pid, &out.status, 0) < 0 && errno == EINTR) {}
    for (const int fd : {child.result_fd, child.stdout_fd, child.pidfd})
        if (fd >= 0) ::close(fd);
    return out;
}

// What the way a child ended means for its indicator.
isolated_outcome outcome_of(const child_ending& ending, const isolation_settings& settings) {
    isolated_outcome out;
    const int status = ending.status;
    const auto limit_hint = "raise limits.time if the plugin needs longer, or report this to the plugin's author";
    if (ending.timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) {
        out.failure =
            "ran past its time limit of " + describe_duration(settings.time_limit.value_or(0)) +
            (ending.timed_out ? " and was stopped (SIGKILL)" : " of processor time and was stopped (SIGXCPU)");
        out.hint = limit_hint;
        return out;
    }
    if (ending.watch_error != 0) {
        out.failure = "could not be watched in its child process (poll: " + errno_text(ending.watch_error) +
                      "), which was stopped (SIGKILL)";
        return out;
    }
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        out.failure = "was killed by " + describe_signal(signal) + " while computing";
        if (signal == SIGKILL)
            out.failure += ", perhaps by the kernel's out-of-memory killer";
        else if (signal == SIGSEGV && settings.memory_limit)
            out.failure += " (with a memory limit of " + describe_memory(*settings.memory_limit) +
                           ", which a stack that could not grow also ends this way)";
        return out;
    }
    out = read_record(ending.result, settings);
    if (ending.result.empty())
        out.failure = "ended its process (status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                      ") without sending back a column: a call to _exit() or quick_exit()";
    if (out.ok && !ending.printed.empty()) {
        out.ok = false;
        out.failure = "wrote " + quoted(ending.printed) +
                      " to standard output, which belongs to munidash's results "
                      "(the paths of the files written)";
        out.hint = "a plugin writes nothing: throw munidash::indicator_error to report a problem";
    }
    return out;
}

}  // namespace

isolated_outcome run_isolated(const std::function<indicator_column()>& compute, const isolation_settings& settings) {
    isolated_outcome failed;
    const auto started = std::chrono::steady_clock::now();
    const auto child = start_child(compute, settings, failed);
    if (!child) return failed;
    return outcome_of(watch_child(*child, settings, started), settings);
}

// ---- The in-process guard --------------------------------------------------------------------

namespace {

constexpr std::array guarded_signals{SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
// Made before the plugin runs: a handler may neither allocate nor format.
char guard_messages[guarded_signals.size()][4096];
std::size_t guard_lengths[guarded_signals.size()];
int guard_exit_code = 3;
struct sigaction previous_actions[guarded_signals.size()];
// A stack of its own for the handler, so that a plugin that overflowed its stack is still reported.
alignas(16) char guard_stack[64 * 1024];
stack_t previous_stack;

void on_fatal_signal(int signal) {
    for (std::size_t i = 0; i < guarded_signals.size(); ++i)
        if (guarded_signals[i] == signal)
            if (::write(STDERR_FILENO, guard_messages[i], guard_lengths[i]) < 0) {
                // Nothing left to tell it to: the exit code alone says what happened.
            }
    ::_exit(guard_exit_code);
}

void keep(char* into, std::size_t& length, std::string message) {
    message += '\n';
    length = std::min(message.size(), sizeof guard_messages[0] - 1);
    std::memcpy(into, message.data(), length);
}

}  // namespace

struct in_process_guard::watchdog {
    std::mutex lock;
    std::condition_variable wake;
    bool done = false;
    std::string message;
    std::thread thread;
};

in_process_guard::in_process_guard(const std::function<std::string(std::string_view what)>& message_for,
                                   std::optional<double> time_limit, int exit_code) {
    guard_exit_code = exit_code;
    for (std::size_t i = 0; i < guarded_signals.size(); ++i)
        keep(guard_messages[i], guard_lengths[i],
             message_for("was killed by " + describe_signal(guarded_signals[i]) +
                         " while computing: the run is stopped, no workbook was written"));
    stack_t stack{};
    stack.ss_sp = guard_stack;
    stack.ss_size = sizeof guard_stack;
    ::sigaltstack(&stack, &previous_stack);
    struct sigaction action {};
    action.sa_handler = on_fatal_signal;
    action.sa_flags = static_cast<int>(SA_ONSTACK | SA_RESETHAND);
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < guarded_signals.size(); ++i)
        ::sigaction(guarded_signals[i], &action, &previous_actions[i]);
    if (!time_limit) return;
    watchdog_ = std::make_unique<watchdog>();
    watchdog_->message = message_for("ran past its time limit of " + describe_duration(*time_limit) +
                                     " while computing: the run is stopped, no workbook was written") +
                         "\n";
    auto* dog = watchdog_.get();
    const auto limit = std::chrono::duration<double>(*time_limit);
    dog->thread = std::thread([dog, limit, exit_code] {
        std::unique_lock hold(dog->lock);
        if (dog->wake.wait_for(hold, limit, [dog] { return dog->done; })) return;
        // The plugin's thread cannot be stopped from here, and the run cannot go on without it.
        if (::write(STDERR_FILENO, dog->message.data(), dog->message.size()) < 0) {}
        ::_exit(exit_code);
    });
}

in_process_guard::~in_process_guard() {
    if (watchdog_) {
        {
            const std::lock_guard hold(watchdog_->lock);
            watchdog_->done = true;
        }
        watchdog_->wake.notify_one();
        watchdog_->thread.join();
    }
    for (std::size_t i = 0; i < guarded_signals.size(); ++i)
        ::sigaction(guarded_signals[i], &previous_actions[i], nullptr);
    ::sigaltstack(&previous_stack, nullptr);
}

}  // namespace munidash
