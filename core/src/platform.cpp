// The only file of the engine that makes POSIX calls for files, processes and signals.
#include "platform.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

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
    const auto path = tmpdir / (marker + std::to_string(::getpid()));
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
        while (sigwait(&signals, &received) != 0) {
        }
        // Held until _exit: no temporary file can be created, no writer can start or end, meanwhile.
        registry_lock.lock();
        // Writers parked first: libxlsxwriter, when its folder is gone, creates its files in TMPDIR,
        // /tmp or the working folder instead, and a file it has not yet unlinked there would stay.
        int signalled = 0;
        for (const auto thread : writers())
            if (pthread_kill(thread, park_signal()) == 0) ++signalled;
        for (int wait = 0; parked.load() < signalled && wait < 2000; ++wait) {
            struct timespec pause = {0, 1000 * 1000};
            ::nanosleep(&pause, nullptr);
        }
        int removed = 0;
        for (const auto& file : registry())
            if (::unlink(file.c_str()) == 0) ++removed;
        if (!own_folder().path.empty()) remove_folder_raw(own_folder().path.c_str());
        char message[256];
        const int length = std::snprintf(message, sizeof message,
                                         "munidash: interrupted by %s: removed %d temporary file(s); every workbook in "
                                         "place is either the previous one or a complete new one. Run again to finish.\n",
                                         received == SIGINT ? "SIGINT" : "SIGTERM", removed);
        if (length > 0) [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, static_cast<std::size_t>(length));
        ::_exit(128 + received);
    }).detach();
}

}  // namespace munidash::platform
