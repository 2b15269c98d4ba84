// The POSIX calls of the engine and the CLI, in one place: locks on outputs, file modes, standard
// output kept for the output paths, a trap for exit() called by plugin code; flushing to disk, free
// space, processes, signals, and the temporary files that a failed, killed or interrupted run must
// not leave behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace munidash {

// A file's permission bits (e.g. 0640) and owner, as the operator left them.
struct file_mode {
    unsigned permissions = 0;  // the low 12 bits of st_mode
    unsigned owner = 0;
    unsigned group = 0;
};

// The mode of an existing regular file, or nothing when there is none at `file`.
std::optional<file_mode> mode_of(const std::filesystem::path& file);

// Whether the operator marked `file` read-only: its owner may not write it. Checked on the bits,
// not with access(): a run as root may write anything, and must still respect a chmod 0444.
bool is_read_only(const file_mode& mode);

// Gives `file` the permissions (and, when allowed, the owner and group) of `mode`. Returns the
// error's text, or "" when done.
std::string apply_mode(const std::filesystem::path& file, const file_mode& mode);

// The lock file of an output: ".NAME.lock" beside it.
std::filesystem::path lock_file_of(const std::filesystem::path& output);

// One run at a time per output: an flock on a lock file beside it, holding the pid and start time
// of the run that holds it. The kernel releases the lock when the process ends, however it ends,
// so a lock is never stale; the file is removed when the lock is released.
class output_lock {
public:
    // Takes the lock on `lock_file`, waiting up to `wait_seconds` (0: not at all). Throws
    // munidash_error(busy) naming `output` and the holder (pid, since when) when it is not free by
    // then, or (output) when the lock file cannot be made.
    output_lock(const std::filesystem::path& lock_file, const std::filesystem::path& output, double wait_seconds);
    ~output_lock();
    output_lock(const output_lock&) = delete;
    output_lock& operator=(const output_lock&) = delete;

private:
    std::filesystem::path file_;
    int fd_ = -1;
};

// Points the process's standard output at standard error, so that whatever plugin code prints
// cannot mix with the output paths a script reads; keeps the real standard output for those.
class stdout_for_results {
public:
    stdout_for_results();
    ~stdout_for_results();
    stdout_for_results(const stdout_for_results&) = delete;
    stdout_for_results& operator=(const stdout_for_results&) = delete;

    // Writes `text` as it is to the real standard output.
    void print(const std::string& text) const;
    // Writes one line to the real standard output.
    void print_line(const std::string& line) const { print(line + "\n"); }

private:
    int saved_ = -1;
};

// While alive, a call to exit() from code of this process (a plugin's compute) does not end the
// run with the plugin's status: `message` goes to standard error and the process ends with `code`.
class exit_trap {
public:
    exit_trap(std::string message, int code);
    ~exit_trap();
    exit_trap(const exit_trap&) = delete;
    exit_trap& operator=(const exit_trap&) = delete;
};

// Whether standard error is a terminal (a person watching) rather than a file or a pipe.
bool stderr_is_terminal();

}  // namespace munidash

namespace munidash::platform {

// Flushes a file's data to its disk and closes it; returns 0, or the errno of the failed open, fsync
// or close (a close can report a write that failed late, on NFS for instance).
int sync_file(const std::filesystem::path& file);

// Asks the kernel to start writing these files' data to disk without waiting (sync_file_range), so
// that the sync_file calls after it find the writes under way; failures are left to sync_file to report.
void start_writeback(const std::vector<std::filesystem::path>& files);

// Flushes a folder's entries (a rename in it) to disk; returns 0 or the errno. Some filesystems
// refuse to fsync a folder with EINVAL: that is not reported as a failure.
int sync_folder(const std::filesystem::path& folder);

// What statvfs says of the filesystem holding `path`.
struct filesystem_space {
    bool known = false;            // false when statvfs failed
    std::uint64_t free_bytes = 0;  // available to this user
    std::uint64_t total_bytes = 0;
    std::uint64_t device = 0;  // st_dev of `path`, to tell whether two paths share a filesystem
};

// The free space of the filesystem that holds `path`.
filesystem_space space_of(const std::filesystem::path& path);

// "TMPDIR '/tmp': 0 B free now, of 64.0 MB": for messages that must say which disk filled up.
std::string describe_space(const std::string& label, const std::filesystem::path& path);

// How much memory this process holds, from /proc/self/status; zeros where the system does not say.
struct memory_use {
    std::uint64_t resident_bytes = 0;  // now (VmRSS)
    std::uint64_t peak_bytes = 0;      // the most since the process started (VmHWM)
};

// This process's memory now and at its peak.
memory_use process_memory();

// Whether errno `error` means a full disk or an exceeded quota.
bool is_disk_full(int error);

// strerror, with the errno name first: "ENOSPC: No space left on device".
std::string error_text(int error);

// The name this run gives the temporary file of `target`, beside it: ".NAME.tmp-HOST-PID-SEQ".
// Unique within the process (SEQ counts), and tells a later run whether its writer is dead.
std::filesystem::path temporary_name_for(const std::filesystem::path& target);

// Removes, in `folder`, the temporary files of runs on this host whose process no longer exists
// (killed by SIGKILL or a power cut). Returns how many were removed. Those of other hosts, which
// may share the folder (shards on NFS), and of live processes are left alone.
std::size_t remove_stale_temporaries(const std::filesystem::path& folder);

// Creates the temporary file `file` (it must not exist) and records it as one that SIGINT and SIGTERM
// remove, both under the lock those signals take: no temporary file can appear after they removed
// them. Returns the open descriptor, or -1 with errno set.
int create_temporary(const std::filesystem::path& file);

// A name by which a library can open the temporary file `fd` again without being able to create it
// anew once a signal has removed `file`: "/proc/self/fd/N", or `file` where /proc is not mounted.
std::filesystem::path reopening_name(int fd, const std::filesystem::path& file);

// Closes a descriptor; returns 0 or the errno (a late write error, on NFS for instance).
int close_descriptor(int fd);

// Writes all of `bytes` to `fd`, going on after short writes; returns 0 or the errno.
int write_all(int fd, std::string_view bytes);

// Replaces `target` with `bytes` atomically: a temporary file beside it (removed by SIGINT and
// SIGTERM, and by a later run if this one is killed), flushed to the disk, then renamed. Returns ""
// when done, else what failed ("writing it (ENOSPC: No space left on device)"); `target` is then
// as it was and no temporary file is left.
std::string replace_file(const std::filesystem::path& target, std::string_view bytes);

// A folder of this process inside `tmpdir`, ".munidash-HOST-PID", for libxlsxwriter's temporary files
// (which a kill can leave behind, under names that say nothing of their writer). Created on the first
// call, removed at exit and by SIGINT and SIGTERM, and by a later run once this process is dead.
// Returns `tmpdir` itself when the folder cannot be created.
std::filesystem::path process_temporary_folder(const std::filesystem::path& tmpdir);

// Forgets a temporary file once it has been renamed into place or removed.
void forget_temporary(const std::filesystem::path& file);

// Marks the calling thread, for its scope, as one running libxlsxwriter: SIGINT and SIGTERM park it
// before they remove the temporary files, so that it creates none after they were removed.
class writer_thread {
public:
    writer_thread();
    ~writer_thread();
    writer_thread(const writer_thread&) = delete;
    writer_thread& operator=(const writer_thread&) = delete;
};

// Blocks SIGINT and SIGTERM in every thread and starts a thread that waits for them: it parks the
// writer threads, removes the registered temporary files and this process's TMPDIR folder, says so
// on standard error and exits with 130 (SIGINT) or 143 (SIGTERM). Call first in main, before any
// thread starts, so that every thread inherits the mask.
void handle_interruptions();

}  // namespace munidash::platform
