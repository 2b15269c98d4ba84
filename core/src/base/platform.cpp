// The only file of the engine and the CLI that makes POSIX calls (flock, dup2, chmod, atexit/_exit,
// fsync, statvfs, signals) besides the plugin host's dlopen and plugin_isolation.cpp (fork, setrlimit,
// seccomp and the signals of a plugin's compute).
#include "base/platform.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/logging.hpp"

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
    struct stat open_file {};
    struct stat named {};
    return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 && open_file.st_dev == named.st_dev &&
           open_file.st_ino == named.st_ino;
}

}  // namespace

output_lock::output_lock(const std::filesystem::path& lock_file, const std::filesystem::path& output,
                         double wait_seconds)
    : file_(lock_file) {
    const auto cannot = [&](const std::string& what) {
        return munidash_error(failure_kind::output,
                              diagnostic{{file_, 0, 0},
                                         "cannot take the lock of " + output.string() + ": " + what,
                                         "check that the output folder exists and is writable; nothing was written, "
                                         "the previous workbook was kept"});
    };
    std::error_code ec;
    if (!file_.parent_path().empty()) std::filesystem::create_directories(file_.parent_path(), ec);
    if (ec)
        throw munidash_error(failure_kind::output, diagnostic{{file_.parent_path(), 0, 0},
                                                              "cannot create the output folder: " + ec.message(),
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

namespace munidash::platform {

namespace {

// The temporary files a signal must remove. A std::set under a mutex: the watcher thread that
// removes them runs outside any signal handler, so it may lock and allocate.
std::mutex registry_lock;
std::set<std::string>& registry() {
    static std::set<std::string> files;
    return files;
}

// libxlsxwriter's folder of this process; removed at exit by the destructor, or by the signal watcher.
struct process_folder {
    std::filesystem::path path;
    ~process_folder() {
        // Tried again after a failure (a transient EIO); what still stays, a later run removes.
        std::error_code ec;
        for (int attempt = 0; !path.empty() && attempt < 3 && std::filesystem::exists(path, ec); ++attempt)
            std::filesystem::remove_all(path, ec);
    }
};
process_folder& own_folder() {
    static process_folder folder;
    return folder;
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    std::string host(name);
    for (auto& c : host)
        if (c == '/' || c == '-') c = '_';  // '-' separates the fields of the temporary name
    return host;
}

// An existing folder at or above `path`: statvfs needs something that exists.
std::filesystem::path existing_ancestor(std::filesystem::path path) {
    std::error_code ec;
    if (path.empty()) path = ".";
    while (!std::filesystem::exists(path, ec) && path.has_parent_path() && path.parent_path() != path)
        path = path.parent_path();
    return path;
}

std::string human_bytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

bool parse_number(std::string_view text, long& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

}  // namespace

int sync_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int error = ::fsync(fd) == 0 ? 0 : errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    return error;
}

void start_writeback(const std::vector<std::filesystem::path>& files) {
    for (const auto& file : files) {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        ::close(fd);
    }
}

int sync_folder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    int error = ::fsync(fd) == 0 ? 0 : errno;
    if (error == EINVAL) error = 0;  // this filesystem cannot flush folders: nothing more can be done
    if (::close(fd) != 0 && error == 0) error = errno;
    return error;
}

filesystem_space space_of(const std::filesystem::path& path) {
    const auto existing = existing_ancestor(path);
    filesystem_space space;
    struct statvfs fs {};
    struct stat st {};
    if (::statvfs(existing.c_str(), &fs) != 0 || ::stat(existing.c_str(), &st) != 0) return space;
    space.known = true;
    space.free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    space.total_bytes = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
    space.device = static_cast<std::uint64_t>(st.st_dev);
    return space;
}

std::string describe_space(const std::string& label, const std::filesystem::path& path) {
    const auto space = space_of(path);
    std::string text = label + " '" + path.string() + "': ";
    if (!space.known) return text + "free space unknown";
    // "now": libxlsxwriter has freed its own temporary files by the time this is asked.
    return text + human_bytes(space.free_bytes) + " free now, of " + human_bytes(space.total_bytes);
}

memory_use process_memory() {
    memory_use use;
    std::ifstream status("/proc/self/status");
    std::string line;
    const auto kilobytes = [](const std::string& text) {
        std::uint64_t value = 0;
        for (const char c : text)
            if (c >= '0' && c <= '9') value = value * 10 + static_cast<std::uint64_t>(c - '0');
        return value * 1024;
    };
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:"))
            use.resident_bytes = kilobytes(line);
        else if (line.starts_with("VmHWM:"))
            use.peak_bytes = kilobytes(line);
    }
    return use;
}

bool is_disk_full(int error) { return error == ENOSPC || error == EDQUOT; }

std::string error_text(int error) {
    const char* name = ::strerrorname_np(error);
    return std::string(name ? name : "errno " + std::to_string(error)) + ": " + std::strerror(error);
}

std::filesystem::path temporary_name_for(const std::filesystem::path& target) {
    static std::atomic<unsigned long> sequence{0};
    const auto folder = target.parent_path();
    const std::string name = "." + target.filename().string() + ".tmp-" + host_name() + "-" +
                             std::to_string(::getpid()) + "-" + std::to_string(++sequence);
    return folder.empty() ? std::filesystem::path(name) : folder / name;
}

namespace {
// Removes the entries of `folder` named "...MARKER PID" or "...MARKER PID-SEQ" (with_sequence) whose
// process is dead. kill(pid, 0) fails with ESRCH only when no such process exists; EPERM means it lives.
std::size_t remove_dead(const std::filesystem::path& folder, const std::string& marker, bool with_sequence) {
    std::size_t removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder.empty() ? "." : folder, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto at = name.rfind(marker);
        if (name.empty() || name.front() != '.' || at == std::string::npos) continue;
        const std::string_view rest = std::string_view(name).substr(at + marker.size());
        const auto dash = with_sequence ? rest.find('-') : rest.size();
        long pid = 0, sequence = 0;
        if (dash == std::string_view::npos || !parse_number(rest.substr(0, dash), pid) || pid <= 0 ||
            (with_sequence && !parse_number(rest.substr(dash + 1), sequence)))
            continue;
        if (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code gone;
        if (std::filesystem::remove_all(it->path(), gone) > 0) ++removed;
    }
    return removed;
}
}  // namespace

std::size_t remove_stale_temporaries(const std::filesystem::path& folder) {
    return remove_dead(folder, ".tmp-" + host_name() + "-", true);
}

std::filesystem::path process_temporary_folder(const std::filesystem::path& tmpdir) {
    const std::lock_guard guard(registry_lock);
    auto& folder = own_folder();
    if (!folder.path.empty()) return folder.path;
    const std::string marker = ".munidash-" + host_name() + "-";
    remove_dead(tmpdir, marker, false);
    auto path = tmpdir / (marker + std::to_string(::getpid()));
    std::error_code ec;
    std::filesystem::remove_all(path, ec);  // a dead process's, whose pid this one now has
    if (::mkdir(path.c_str(), 0700) != 0) return tmpdir;
    folder.path = path;
    return path;
}

int create_temporary(const std::filesystem::path& file) {
    const std::lock_guard guard(registry_lock);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) registry().insert(file.string());
    return fd;
}

std::filesystem::path reopening_name(int fd, const std::filesystem::path& file) {
    const std::filesystem::path proc = "/proc/self/fd/" + std::to_string(fd);
    std::error_code ec;
    return std::filesystem::exists(proc, ec) ? proc : file;
}

int close_descriptor(int fd) { return ::close(fd) == 0 ? 0 : errno; }

void forget_temporary(const std::filesystem::path& file) {
    const std::lock_guard guard(registry_lock);
    registry().erase(file.string());
}

namespace {

// Threads inside libxlsxwriter, which creates files the engine cannot see: parked before the clean-up.
std::vector<pthread_t>& writers() {
    static std::vector<pthread_t> threads;
    return threads;
}
std::atomic<int> parked{0};
int park_signal() { return SIGRTMIN; }

// Runs in a writer thread that the watcher signalled: it stops there for good (pause is
// async-signal-safe), so that it creates nothing while and after the files are removed.
extern "C" void park(int) {
    parked.fetch_add(1);
    for (;;) ::pause();
}

// Empties and removes a folder of files with system calls only: after the writers were parked,
// one of them may hold the allocator's lock, so nothing here allocates.
void remove_folder_raw(const char* folder) {
    for (int pass = 0; pass < 3; ++pass) {
        const int fd = ::open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return;
        alignas(8) char buffer[4096];
        long size = 0;
        while ((size = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0)
            for (long at = 0; at < size;) {
                struct entry {
                    std::uint64_t inode;
                    std::int64_t offset;
                    unsigned short length;
                    unsigned char type;
                    char name[1];
                };
                const auto* e = reinterpret_cast<const entry*>(buffer + at);
                if (std::strcmp(e->name, ".") != 0 && std::strcmp(e->name, "..") != 0) ::unlinkat(fd, e->name, 0);
                at += e->length;
            }
        ::close(fd);
        if (::rmdir(folder) == 0) return;
    }
}

}  // namespace

writer_thread::writer_thread() {
    const std::lock_guard guard(registry_lock);
    writers().push_back(pthread_self());
}

writer_thread::~writer_thread() {
    const std::lock_guard guard(registry_lock);
    auto& threads = writers();
    for (auto it = threads.begin(); it != threads.end(); ++it)
        if (pthread_equal(*it, pthread_self())) {
            threads.erase(it);
            break;
        }
}

void handle_interruptions() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    // Blocked here, before any other thread exists, so that no thread ever runs a handler in the
    // middle of libxlsxwriter: the watcher alone receives them, with sigwait.
    if (pthread_sigmask(SIG_BLOCK, &signals, nullptr) != 0) return;
    struct sigaction action {};
    action.sa_handler = park;
    sigemptyset(&action.sa_mask);
    if (::sigaction(park_signal(), &action, nullptr) != 0) return;
    std::thread([signals] {
        int received = 0;
        while (sigwait(&signals, &received) != 0) {}
        // Held until _exit: no temporary file can be created, no writer can start or end, meanwhile.
        registry_lock.lock();
        // Writers parked first: libxlsxwriter, when its folder is gone, creates its files in TMPDIR,
        // /tmp or the working folder instead, and a file it has not yet unlinked there would stay.
        int signalled = 0;
        for (const auto thread : writers())
            if (pthread_kill(thread, park_signal()) == 0) ++signalled;
        for (int wait = 0; parked.load() < signalled && wait < 2000; ++wait) {
            struct timespec pause = {0, 1'000'000L};
            ::nanosleep(&pause, nullptr);
        }
        int removed = 0;
        for (const auto& file : registry())
            if (::unlink(file.c_str()) == 0) ++removed;
        if (!own_folder().path.empty()) remove_folder_raw(own_folder().path.c_str());
        char message[256];
        const int length =
            std::snprintf(message, sizeof message,
                          "munidash: interrupted by %s: removed %d temporary file(s); every workbook in "
                          "place is either the previous one or a complete new one. Run again to finish.\n",
                          received == SIGINT ? "SIGINT" : "SIGTERM", removed);
        if (length > 0) [[maybe_unused]]
            const auto written = ::write(STDERR_FILENO, message, static_cast<std::size_t>(length));
        ::_exit(128 + received);
    }).detach();
}

int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
}

std::string replace_file(const std::filesystem::path& target, std::string_view bytes) {
    const auto temporary = temporary_name_for(target);
    const auto failed = [&](const std::string& step, int error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        forget_temporary(temporary);
        return step + " (" + error_text(error) + ")";
    };
    const int fd = create_temporary(temporary);
    if (fd < 0) return failed("creating it", errno);
    if (const int error = write_all(fd, bytes); error != 0) {
        close_descriptor(fd);
        return failed("writing it", error);
    }
    if (const int error = close_descriptor(fd); error != 0) return failed("closing it", error);
    if (const int error = sync_file(temporary); error != 0) return failed("flushing it to disk", error);
    std::error_code ec;
    std::filesystem::rename(temporary, target, ec);
    if (ec) return failed("moving it into place", ec.value());
    forget_temporary(temporary);
    return {};
}

}  // namespace munidash::platform
