#include "workbook/atomic_workbook.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "base/diagnostics.hpp"
#include "base/logging.hpp"
#include "base/platform.hpp"
#include "workbook/zip_check.hpp"

namespace munidash {

namespace {

[[noreturn]] void output_failure(const std::filesystem::path& file, const std::string& what, const std::string& hint) {
    throw munidash_error(failure_kind::output, diagnostic{{file, 0, 0}, what, hint});
}

// "TMPDIR '/tmp': 0 B free now, of 64.0 MB", and the output folder's unless it is the same filesystem.
std::string spaces(const std::filesystem::path& tmpdir, const std::filesystem::path& folder) {
    const bool same = platform::space_of(tmpdir).device == platform::space_of(folder).device;
    return platform::describe_space("TMPDIR", tmpdir) +
           (same ? " (the output folder is on the same filesystem)"
                 : "; " + platform::describe_space("output folder", folder));
}

// Says what re-reading the new workbook found wrong, and which filesystem failed: the zip itself
// cut short is the output folder's; a part's XML cut short inside an intact zip is libxlsxwriter's
// temporary file of that part, in TMPDIR, whose failed writes libxlsxwriter does not report.
[[noreturn]] void damaged(const std::filesystem::path& target, const std::filesystem::path& folder,
                          const std::filesystem::path& tmpdir, const archive_check& check) {
    const std::string kept = "; the previous workbook was kept, unchanged";
    if (check.container_damaged)
        output_failure(
            target,
            "the new workbook is damaged: " + check.damage +
                "; the output folder's disk is full or failing: " + platform::describe_space("output folder", folder),
            "free space on the output folder's disk (or write elsewhere with --output) and run again" + kept);
    if (check.damage.find("cut short") != std::string::npos)
        output_failure(
            target,
            "the new workbook is incomplete: " + check.damage +
                " in libxlsxwriter's temporary file, so TMPDIR is full or failing: " + spaces(tmpdir, folder),
            "free space in TMPDIR, or point TMPDIR at a folder with room (TMPDIR=/var/tmp munidash run ...), "
            "and run again" +
                kept);
    output_failure(target, "the new workbook is incomplete: " + check.damage + "; " + spaces(tmpdir, folder),
                   "run again; report it if it happens again" + kept);
}

[[noreturn]] void system_failure(const std::filesystem::path& target, const std::filesystem::path& folder,
                                 const std::string& step, int error) {
    const bool full = platform::is_disk_full(error);
    output_failure(target,
                   (full ? "the output folder's disk is full: " : std::string()) + step + " failed: " +
                       platform::error_text(error) + "; " + platform::describe_space("output folder", folder),
                   std::string(full ? "free space on the output folder's disk (or write elsewhere with --output)"
                                    : "check the output folder's disk and permissions") +
                       " and run again; the previous workbook was kept, unchanged");
}

}  // namespace

void check_replaceable(const std::filesystem::path& target, bool force) {
    const auto mode = mode_of(target);
    if (!mode || !is_read_only(*mode) || force) return;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode->permissions);
    output_failure(target, std::string("the workbook is read-only (mode ") + octal + "): it was not replaced",
                   "give --force to replace it, keeping its mode, or make it writable with chmod u+w");
}

void write_workbook_atomically(const std::filesystem::path& target, const document_properties& properties,
                               bool replace_read_only, const std::vector<std::string>& required_parts,
                               const std::function<void(xlsx_document&)>& build, replacement_batch* batch) {
    const auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    check_replaceable(target, replace_read_only);
    // The replaced workbook's mode and owner are the operator's choice: the new one keeps them.
    const auto previous_mode = mode_of(target);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        output_failure(folder, "cannot create the output folder: " + ec.message(),
                       "check output.workbook in the spec, or give --output");
    const platform::writer_thread writing;  // SIGINT and SIGTERM park this thread before cleaning up
    const auto temporary = platform::temporary_name_for(target);
    // Created and registered at once: SIGINT and SIGTERM remove it whenever they come.
    const int fd = platform::create_temporary(temporary);
    if (fd < 0) system_failure(target, folder, "creating the temporary file " + temporary.filename().string(), errno);
    int open_fd = fd;
    try {
        std::filesystem::path tmpdir;
        std::vector<sheet_census> written;
        {
            // libxlsxwriter opens it again by its /proc name, which cannot re-create it after a signal removed it.
            xlsx_document doc(platform::reopening_name(fd, temporary), properties, target);
            tmpdir = doc.temporary_folder();
            build(doc);
            doc.close();
            written = doc.census();
        }
        open_fd = -1;
        if (const int error = platform::close_descriptor(fd); error != 0)
            system_failure(target, folder, "closing the new workbook", error);
        if (const auto check = check_xlsx_archive(temporary, required_parts, written); !check.complete())
            damaged(target, folder, tmpdir, check);
        if (previous_mode)
            if (const auto problem = apply_mode(temporary, *previous_mode); !problem.empty())
                output_failure(target, "cannot give the new workbook the mode of the one it replaces: " + problem,
                               "check the permissions of the output folder; the previous workbook is unchanged");
        if (batch) {
            batch->add(temporary, target);  // flushed and renamed with the rest of its chunk
            return;
        }
        if (const int error = platform::sync_file(temporary); error != 0)
            system_failure(target, folder, "flushing the new workbook to disk", error);
        std::filesystem::rename(temporary, target, ec);
        if (ec) system_failure(target, folder, "moving the new workbook into place (rename)", ec.value());
    } catch (...) {
        if (open_fd >= 0) platform::close_descriptor(open_fd);
        std::filesystem::remove(temporary, ec);
        platform::forget_temporary(temporary);
        throw;
    }
    platform::forget_temporary(temporary);
    // The new workbook is complete and in place: a folder that cannot be flushed only means that a
    // power cut could bring the previous one back. Said, but not a failure of the run.
    if (const int error = platform::sync_folder(folder); error != 0)
        log_warning(target.string() + ": the workbook is written, but its folder could not be flushed to disk (" +
                    platform::error_text(error) + "): after a power cut the previous workbook may come back");
}

replacement_batch::~replacement_batch() { discard(); }

void replacement_batch::add(const std::filesystem::path& temporary, const std::filesystem::path& target) {
    const std::lock_guard guard(lock_);
    pending_.push_back({temporary, target});
}

std::size_t replacement_batch::size() const {
    const std::lock_guard guard(lock_);
    return pending_.size();
}

void replacement_batch::discard() noexcept {
    const std::lock_guard guard(lock_);
    for (const auto& p : pending_) {
        std::error_code ec;
        std::filesystem::remove(p.temporary, ec);
        platform::forget_temporary(p.temporary);
    }
    pending_.clear();
}

void replacement_batch::commit(const std::function<void(const std::filesystem::path&)>& renamed) {
    try {
        commit_all(renamed);
    } catch (...) {
        discard();  // the ones not renamed: their targets stay the previous files
        throw;
    }
}

void replacement_batch::commit_all(const std::function<void(const std::filesystem::path&)>& renamed) {
    std::vector<pending> files;
    {
        const std::lock_guard guard(lock_);
        files = pending_;
    }
    const auto folder_of = [](const std::filesystem::path& target) {
        return target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    };
    // Every file's writeback is started first, so that the fsyncs after it wait for writes already
    // under way together rather than one file after the other.
    platform::start_writeback([&] {
        std::vector<std::filesystem::path> temporaries;
        for (const auto& p : files) temporaries.push_back(p.temporary);
        return temporaries;
    }());
    for (const auto& p : files)
        if (const int error = platform::sync_file(p.temporary); error != 0)
            system_failure(p.target, folder_of(p.target), "flushing the new workbook to disk", error);
    std::vector<std::filesystem::path> folders;
    for (std::size_t k = 0; k < files.size(); ++k) {
        const auto& p = files[k];
        std::error_code ec;
        std::filesystem::rename(p.temporary, p.target, ec);
        if (ec)
            system_failure(p.target, folder_of(p.target), "moving the new workbook into place (rename)", ec.value());
        platform::forget_temporary(p.temporary);
        {
            // Renamed: no longer the batch's to remove if a later one fails.
            const std::lock_guard guard(lock_);
            pending_.erase(pending_.begin());
        }
        if (std::find(folders.begin(), folders.end(), folder_of(p.target)) == folders.end())
            folders.push_back(folder_of(p.target));
        renamed(p.target);
    }
    // The new workbooks are complete and in place: a folder that cannot be flushed only means that a
    // power cut could bring previous ones back. Said, but not a failure of the run.
    for (const auto& folder : folders)
        if (const int error = platform::sync_folder(folder); error != 0)
            log_warning(folder.string() +
                        ": the workbooks are written, but their folder could not be flushed to disk (" +
                        platform::error_text(error) + "): after a power cut previous workbooks may come back");
}

}  // namespace munidash
