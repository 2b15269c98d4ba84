// The engine's POSIX calls, in one place: flushing to disk, free space, processes, signals, and the
// temporary files that a failed, killed or interrupted run must not leave behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace munidash::platform {

// Flushes a file's data to its disk and closes it; returns 0, or the errno of the failed open, fsync
// or close (a close can report a write that failed late, on NFS for instance).
int sync_file(const std::filesystem::path& file);

// Flushes a folder's entries (a rename in it) to disk; returns 0 or the errno. Some filesystems
// refuse to fsync a folder with EINVAL: that is not reported as a failure.
int sync_folder(const std::filesystem::path& folder);

// What statvfs says of the filesystem holding `path`.
struct filesystem_space {
    bool known = false;             // false when statvfs failed
    std::uint64_t free_bytes = 0;   // available to this user
    std::uint64_t total_bytes = 0;
    std::uint64_t device = 0;       // st_dev of `path`, to tell whether two paths share a filesystem
};

// The free space of the filesystem that holds `path`.
filesystem_space space_of(const std::filesystem::path& path);

// "TMPDIR '/tmp': 0 B free now, of 64.0 MB": for messages that must say which disk filled up.
std::string describe_space(const std::string& label, const std::filesystem::path& path);

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
