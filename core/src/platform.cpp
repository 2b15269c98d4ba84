// The only file of the engine and the CLI that makes POSIX calls (flock, dup2, chmod, atexit/_exit)
// besides the workbook writer's open/fsync and the plugin host's dlopen.
#include "platform.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "diagnostics.hpp"
#include "logging.hpp"

namespace munidash {

std::optional<file_mode> mode_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return file_mode{static_cast<unsigned>(st.st_mode & 07777), st.st_uid, st.st_gid};
}

bool is_read_only(const file_mode& mode) { return (mode.permissions & S_IWUSR) == 0; }

std::string apply_mode(const std::filesystem::path& file, const file_mode& mode) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::strerror(errno);
    // Only root may give a file away; anyone else keeps their own ownership, as with any new file.
    if ((st.st_uid != mode.owner || st.st_gid != mode.group) && ::chown(file.c_str(), mode.owner, mode.group) != 0 &&
        errno != EPERM)
        return std::strerror(errno);
    if (::chmod(file.c_str(), static_cast<mode_t>(mode.permissions)) != 0) return std::strerror(errno);
    return {};
}

std::filesystem::path lock_file_of(const std::filesystem::path& output) {
    return output.parent_path() / ("." + output.filename().string() + ".lock");
}

namespace {

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    ::gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// "pid 1234, since 2024-05-01T10:00:00Z", from the lock file's first line "1234 2024-05-01T10:00:00Z".
std::string holder_of(const std::filesystem::path& lock_file) {
    std::ifstream in(lock_file);
    std::string line;
    std::getline(in, line);
    std::istringstream fields(line);
    long pid = 0;
    std::string since;
    if (!(fields >> pid) || pid <= 0) return "a process that has not written its pid yet";
    fields >> since;
    return "pid " + std::to_string(pid) + (since.empty() ? "" : ", since " + since);
}

// Whether `fd` is still the file at `path`: a holder removes the lock file as it releases it, and a
// run that opened the old file in between must not believe it holds the lock.
bool still_at(int fd, const std::filesystem::path& path) {
    struct stat open_file {}, named {};
    return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 && open_file.st_dev == named.st_dev &&
           open_file.st_ino == named.st_ino;
}

}  // namespace

output_lock::output_lock(const std::filesystem::path& lock_file, const std::filesystem::path& output,
                         double wait_seconds)
    : file_(lock_file) {
    const auto cannot = [&](const std::string& what) {
        return munidash_error(failure_kind::output,
                              diagnostic{{file_, 0, 0}, "cannot take the lock of " + output.string() + ": " + what,
                                         "check that the output folder exists and is writable"});
    };
    std::error_code ec;
    if (!file_.parent_path().empty()) std::filesystem::create_directories(file_.parent_path(), ec);
    if (ec)
        throw munidash_error(failure_kind::output,
                             diagnostic{{file_.parent_path(), 0, 0}, "cannot create the output folder: " + ec.message(),
                                        "check output.workbook in the spec, or give --output"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    bool told = false;
    for (;;) {
        const int fd = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) throw cannot(std::strerror(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (still_at(fd, file_)) {
                fd_ = fd;
                break;
            }
            ::close(fd);
            continue;
        }
        const int error = errno;
        ::close(fd);
        if (error != EWOULDBLOCK && error != EINTR) throw cannot(std::strerror(error));
        if (std::chrono::steady_clock::now() >= deadline) {
            const auto holder = holder_of(file_);
            throw munidash_error(
                failure_kind::busy,
                diagnostic{{output, 0, 0},
                           "another run is writing this output and holds its lock " + file_.string() + ": " + holder,
                           wait_seconds > 0
                               ? "it was still running after " + std::to_string(static_cast<long>(wait_seconds)) +
                                     " s of --wait; try again later, or give a longer --wait"
                               : "try again when it has finished, or give --wait SECONDS to wait for it"});
        }
        if (!told) {
            log_info("waiting for the other run writing " + output.string() + " (" + holder_of(file_) + ")");
            told = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string line = std::to_string(::getpid()) + " " + utc_now() + "\n";
    // The lock is held whatever the text says: a failed write only makes the holder anonymous.
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, line.data(), line.size(), 0) < 0)
        log_warning("cannot write the pid into " + file_.string() + ": " + std::strerror(errno));
}

output_lock::~output_lock() {
    // Removed while still held, so that a run waiting on the old file sees it is gone.
    ::unlink(file_.c_str());
    ::close(fd_);
}

stdout_for_results::stdout_for_results() {
    std::fflush(stdout);
    saved_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (saved_ >= 0) ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

stdout_for_results::~stdout_for_results() {
    if (saved_ < 0) return;
    std::fflush(stdout);  // what plugins printed goes to standard error before stdout is restored
    ::dup2(saved_, STDOUT_FILENO);
    ::close(saved_);
}

void stdout_for_results::print(const std::string& text) const {
    const int fd = saved_ >= 0 ? saved_ : STDOUT_FILENO;
    for (std::size_t done = 0; done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // a closed pipe: the reader is gone, nobody to tell
        done += static_cast<std::size_t>(n);
    }
}

namespace {

// What the atexit handler needs; a plain array so that the handler does not allocate.
std::atomic<bool> trap_armed{false};
int trap_code = 1;
char trap_message[4096];

void on_exit_while_trapped() {
    if (!trap_armed.load()) return;
    std::fflush(stdout);
    const auto length = std::strlen(trap_message);
    if (::write(STDERR_FILENO, trap_message, length) < 0) {
        // Nothing left to tell it to: the exit code alone says what happened.
    }
    ::_exit(trap_code);
}

}  // namespace

exit_trap::exit_trap(std::string message, int code) {
    static std::once_flag registered;
    std::call_once(registered, [] { std::atexit(on_exit_while_trapped); });
    message += '\n';
    const auto length = std::min(message.size(), sizeof trap_message - 1);
    std::memcpy(trap_message, message.data(), length);
    trap_message[length] = '\0';
    trap_code = code;
    trap_armed.store(true);
}

exit_trap::~exit_trap() { trap_armed.store(false); }

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace munidash
