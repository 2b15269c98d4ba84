/* A fault-injection shim for the tests, loaded with LD_PRELOAD; never linked into munidash.
 *
 * Following SQLite's practice, it makes the Nth call of one kind fail, so that a harness can fail
 * every step of a run in turn. Only calls on files under the folders of MUNIDASH_FAULT_DIRS count
 * (the output folder and TMPDIR): reading the spec and the data files does not.
 *
 *   MUNIDASH_FAULT_DIRS=/a:/b        the folders watched (they must exist when the program starts)
 *   MUNIDASH_FAULT=KIND:N[:ERRNO[:sticky]]
 *        KIND   open | write | fsync | close | rename
 *        N      the Nth watched call of that kind fails (1-based)
 *        ERRNO  EIO (default), ENOSPC, EDQUOT, EMFILE, EACCES, EROFS
 *        sticky every later call of that kind fails too, as on a disk that stays full
 *   MUNIDASH_FAULT=KIND:N:pause      instead of failing, the Nth call creates the file named by
 *                                    MUNIDASH_FAULT_PAUSED and waits 30 s: the harness then sends a
 *                                    signal to a run that is surely in the middle of writing
 *   MUNIDASH_FAULT_REPORT=FILE       at exit, writes "KIND COUNT" lines and "fired COUNT" there
 *
 * What is covered, and how:
 *   - open, open64, openat, creat: files under the folders become watched file descriptors;
 *   - write, pwrite, fsync, fdatasync, close on watched descriptors; rename and renameat when
 *     either path is watched;
 *   - stdio: glibc's fwrite, fprintf and fflush reach the file through glibc's own internal write,
 *     which no LD_PRELOAD can replace. So fopen/fopen64 (for writing) and fdopen of a watched
 *     descriptor return a fopencookie() stream whose write and close functions go through the
 *     counting above: a stdio "write" is one buffer flush reaching the file, and fflush/fclose
 *     failures are write/close failures. This is how libxlsxwriter's temporary files (open +
 *     fdopen in TMPDIR) and minizip's output (fopen64) are reached.
 *   - not covered: allocation (malloc). Interposing malloc is delicate (dlsym itself allocates,
 *     and every library's allocation would count, making N huge); a failed allocation in the
 *     engine is a std::bad_alloc, which unwinds through the same clean-up as any other failure.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum kind { k_open, k_write, k_fsync, k_close, k_rename, k_count };
static const char* const kind_names[k_count] = {"open", "write", "fsync", "close", "rename"};

#define MAX_DIRS 8
#define MAX_FDS 65536
static char watched_dirs[MAX_DIRS][PATH_MAX];
static int watched_dir_count;
static unsigned char watched_fds[MAX_FDS];
static unsigned long counts[k_count];
static unsigned long fired;
static int fault_kind = -1;
static unsigned long fault_at;
static int fault_errno = EIO;
static int fault_sticky;
static int fault_pause;
static char paused_path[PATH_MAX];
static char report_path[PATH_MAX];

static int (*real_open)(const char*, int, ...);
static int (*real_openat)(int, const char*, int, ...);
static ssize_t (*real_write)(int, const void*, size_t);
static ssize_t (*real_pwrite)(int, const void*, size_t, off_t);
static ssize_t (*real_read)(int, void*, size_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);
static int (*real_rename)(const char*, const char*);
static int (*real_renameat)(int, const char*, int, const char*);
static FILE* (*real_fopen)(const char*, const char*);
static FILE* (*real_fopen64)(const char*, const char*);
static FILE* (*real_fdopen)(int, const char*);

static void resolve(void) {
    if (real_write) return;
    real_open = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, "open");
    real_openat = (int (*)(int, const char*, int, ...))dlsym(RTLD_NEXT, "openat");
    real_pwrite = (ssize_t(*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    real_read = (ssize_t(*)(int, void*, size_t))dlsym(RTLD_NEXT, "read");
    real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
    real_rename = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
    real_renameat = (int (*)(int, const char*, int, const char*))dlsym(RTLD_NEXT, "renameat");
    real_fopen = (FILE * (*)(const char*, const char*)) dlsym(RTLD_NEXT, "fopen");
    real_fopen64 = (FILE * (*)(const char*, const char*)) dlsym(RTLD_NEXT, "fopen64");
    real_fdopen = (FILE * (*)(int, const char*)) dlsym(RTLD_NEXT, "fdopen");
    __atomic_store_n(&real_write, (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write"), __ATOMIC_RELEASE);
}

static int errno_named(const char* name) {
    if (strcmp(name, "ENOSPC") == 0) return ENOSPC;
    if (strcmp(name, "EDQUOT") == 0) return EDQUOT;
    if (strcmp(name, "EMFILE") == 0) return EMFILE;
    if (strcmp(name, "EACCES") == 0) return EACCES;
    if (strcmp(name, "EROFS") == 0) return EROFS;
    return EIO;
}

__attribute__((constructor)) static void start(void) {
    resolve();
    const char* dirs = getenv("MUNIDASH_FAULT_DIRS");
    if (dirs) {
        char copy[4 * PATH_MAX];
        snprintf(copy, sizeof copy, "%s", dirs);
        for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && watched_dir_count < MAX_DIRS;
             dir = strtok_r(NULL, ":", &save))
            if (realpath(dir, watched_dirs[watched_dir_count])) ++watched_dir_count;
    }
    const char* fault = getenv("MUNIDASH_FAULT");
    if (fault && *fault) {
        char copy[128];
        snprintf(copy, sizeof copy, "%s", fault);
        char* save = NULL;
        const char* name = strtok_r(copy, ":", &save);
        const char* n = strtok_r(NULL, ":", &save);
        const char* error = strtok_r(NULL, ":", &save);
        const char* sticky = strtok_r(NULL, ":", &save);
        for (int k = 0; name && k < k_count; ++k)
            if (strcmp(name, kind_names[k]) == 0) fault_kind = k;
        fault_at = n ? strtoul(n, NULL, 10) : 0;
        if (error && strcmp(error, "pause") == 0)
            fault_pause = 1;
        else if (error)
            fault_errno = errno_named(error);
        fault_sticky = sticky && strcmp(sticky, "sticky") == 0;
    }
    const char* report = getenv("MUNIDASH_FAULT_REPORT");
    if (report) snprintf(report_path, sizeof report_path, "%s", report);
    const char* paused = getenv("MUNIDASH_FAULT_PAUSED");
    if (paused) snprintf(paused_path, sizeof paused_path, "%s", paused);
}

__attribute__((destructor)) static void finish(void) {
    if (!report_path[0]) return;
    const int fd = real_open(report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    char text[512];
    int length = 0;
    for (int k = 0; k < k_count; ++k)
        length += snprintf(text + length, sizeof text - (size_t)length, "%s %lu\n", kind_names[k], counts[k]);
    length += snprintf(text + length, sizeof text - (size_t)length, "fired %lu\n", fired);
    if (real_write(fd, text, (size_t)length) < 0) { /* nothing to do: the harness sees no report */
    }
    real_close(fd);
}

/* Counts one watched call of `k`; returns the errno to fail it with, or 0 to let it through. */
static int count_call(enum kind k) {
    const unsigned long n = __atomic_add_fetch(&counts[k], 1, __ATOMIC_SEQ_CST);
    if ((int)k != fault_kind || fault_at == 0) return 0;
    if (fault_pause) {
        if (n == fault_at) {
            __atomic_add_fetch(&fired, 1, __ATOMIC_SEQ_CST);
            const int marker = paused_path[0] ? real_open(paused_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644) : -1;
            if (marker >= 0) real_close(marker);
            struct timespec wait = {30, 0};
            while (nanosleep(&wait, &wait) != 0 && errno == EINTR) {}
        }
        return 0;
    }
    if (n == fault_at || (fault_sticky && n > fault_at)) {
        __atomic_add_fetch(&fired, 1, __ATOMIC_SEQ_CST);
        return fault_errno;
    }
    return 0;
}

static int under_watched_dir(const char* full) {
    for (int d = 0; d < watched_dir_count; ++d) {
        const size_t length = strlen(watched_dirs[d]);
        if (strncmp(full, watched_dirs[d], length) == 0 && (full[length] == '/' || full[length] == '\0')) return 1;
    }
    return 0;
}

/* Whether `path` is, or would be created, under a watched folder; relative paths from the cwd. */
static int is_watched_path(const char* path) {
    if (!path || watched_dir_count == 0) return 0;
    char full[PATH_MAX];
    if (realpath(path, full)) return under_watched_dir(full);
    /* Not there yet: the folder that will hold it. */
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%s", path);
    char* slash = strrchr(folder, '/');
    if (slash == folder)
        folder[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(folder, sizeof folder, ".");
    return realpath(folder, full) ? under_watched_dir(full) : 0;
}

static int is_watched_fd(int fd) {
    return fd >= 0 && fd < MAX_FDS && __atomic_load_n(&watched_fds[fd], __ATOMIC_SEQ_CST);
}

static void watch_fd(int fd, int on) {
    if (fd >= 0 && fd < MAX_FDS) __atomic_store_n(&watched_fds[fd], (unsigned char)on, __ATOMIC_SEQ_CST);
}

static int opened(const char* path, int fd) {
    if (fd >= 0 && is_watched_path(path)) watch_fd(fd, 1);
    return fd;
}

/* Fails a watched open before it happens, so that no file is created. */
static int open_fault(const char* path) {
    if (!is_watched_path(path)) return 0;
    return count_call(k_open);
}

int open(const char* path, int flags, ...) {
    resolve();
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list args;
        va_start(args, flags);
        mode = (mode_t)va_arg(args, int);
        va_end(args);
    }
    const int error = open_fault(path);
    if (error) {
        errno = error;
        return -1;
    }
    return opened(path, real_open(path, flags, mode));
}

int open64(const char* path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list args;
        va_start(args, flags);
        mode = (mode_t)va_arg(args, int);
        va_end(args);
    }
    return open(path, flags, mode);
}

int creat(const char* path, mode_t mode) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

int openat(int dirfd, const char* path, int flags, ...) {
    resolve();
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list args;
        va_start(args, flags);
        mode = (mode_t)va_arg(args, int);
        va_end(args);
    }
    /* Only paths the shim can resolve alone: absolute ones, or relative to the working folder. */
    const int resolvable = path[0] == '/' || dirfd == AT_FDCWD;
    const int error = resolvable ? open_fault(path) : 0;
    if (error) {
        errno = error;
        return -1;
    }
    const int fd = real_openat(dirfd, path, flags, mode);
    return resolvable ? opened(path, fd) : fd;
}

static ssize_t counted_write(int fd, const void* bytes, size_t size) {
    const int error = count_call(k_write);
    if (error) {
        errno = error;
        return -1;
    }
    return real_write(fd, bytes, size);
}

ssize_t write(int fd, const void* bytes, size_t size) {
    resolve();
    return is_watched_fd(fd) ? counted_write(fd, bytes, size) : real_write(fd, bytes, size);
}

ssize_t pwrite(int fd, const void* bytes, size_t size, off_t offset) {
    resolve();
    if (is_watched_fd(fd)) {
        const int error = count_call(k_write);
        if (error) {
            errno = error;
            return -1;
        }
    }
    return real_pwrite(fd, bytes, size, offset);
}

ssize_t pwrite64(int fd, const void* bytes, size_t size, off_t offset) { return pwrite(fd, bytes, size, offset); }

static int counted_sync(int fd, int (*real)(int)) {
    if (is_watched_fd(fd)) {
        const int error = count_call(k_fsync);
        if (error) {
            errno = error;
            return -1;
        }
    }
    return real(fd);
}

int fsync(int fd) {
    resolve();
    return counted_sync(fd, real_fsync);
}

int fdatasync(int fd) {
    resolve();
    return counted_sync(fd, real_fdatasync);
}

/* Like Linux, a failed close still releases the descriptor. */
static int counted_close(int fd) {
    watch_fd(fd, 0);
    const int error = count_call(k_close);
    const int result = real_close(fd);
    if (error) {
        errno = error;
        return -1;
    }
    return result;
}

int close(int fd) {
    resolve();
    return is_watched_fd(fd) ? counted_close(fd) : real_close(fd);
}

int rename(const char* from, const char* to) {
    resolve();
    if (is_watched_path(from) || is_watched_path(to)) {
        const int error = count_call(k_rename);
        if (error) {
            errno = error;
            return -1;
        }
    }
    return real_rename(from, to);
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
    resolve();
    const int resolvable = (from[0] == '/' || from_dir == AT_FDCWD) && (to[0] == '/' || to_dir == AT_FDCWD);
    if (resolvable && (is_watched_path(from) || is_watched_path(to))) {
        const int error = count_call(k_rename);
        if (error) {
            errno = error;
            return -1;
        }
    }
    return real_renameat(from_dir, from, to_dir, to);
}

/* stdio streams on watched files: a cookie holding the descriptor. */
static ssize_t cookie_read(void* cookie, char* buffer, size_t size) {
    return real_read((int)(intptr_t)cookie, buffer, size);
}

static ssize_t cookie_write(void* cookie, const char* buffer, size_t size) {
    const ssize_t written = counted_write((int)(intptr_t)cookie, buffer, size);
    /* fopencookie wants 0 for an error, not -1; errno is kept for the caller. */
    return written < 0 ? 0 : written;
}

static int cookie_seek(void* cookie, off64_t* offset, int whence) {
    const off64_t at = lseek64((int)(intptr_t)cookie, *offset, whence);
    if (at < 0) return -1;
    *offset = at;
    return 0;
}

static int cookie_close(void* cookie) { return counted_close((int)(intptr_t)cookie); }

static FILE* cookie_stream(int fd, const char* mode) {
    const cookie_io_functions_t functions = {cookie_read, cookie_write, cookie_seek, cookie_close};
    FILE* stream = fopencookie((void*)(intptr_t)fd, mode, functions);
    if (!stream) counted_close(fd);
    return stream;
}

static int writes(const char* mode) { return strpbrk(mode, "wa+") != NULL; }

static FILE* watched_fopen(const char* path, const char* mode, FILE* (*real)(const char*, const char*)) {
    resolve();
    if (!writes(mode) || !is_watched_path(path)) return real(path, mode);
    int flags = strchr(mode, '+') ? O_RDWR : O_WRONLY;
    if (mode[0] == 'w') flags |= O_CREAT | O_TRUNC;
    if (mode[0] == 'a') flags |= O_CREAT | O_APPEND;
    if (mode[0] == 'r' && !strchr(mode, '+')) flags = O_RDONLY;
    const int fd = open(path, flags | O_CLOEXEC, 0666);
    return fd < 0 ? NULL : cookie_stream(fd, mode);
}

FILE* fopen(const char* path, const char* mode) { return watched_fopen(path, mode, real_fopen); }

FILE* fopen64(const char* path, const char* mode) { return watched_fopen(path, mode, real_fopen64); }

FILE* fdopen(int fd, const char* mode) {
    resolve();
    return is_watched_fd(fd) ? cookie_stream(fd, mode) : real_fdopen(fd, mode);
}
