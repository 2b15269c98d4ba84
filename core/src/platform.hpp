// The POSIX calls of the engine and the CLI, in one place: locks on outputs, file modes, standard
// output kept for the output paths, and a trap for exit() called by plugin code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

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
