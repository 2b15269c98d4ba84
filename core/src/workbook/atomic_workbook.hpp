// A workbook written whole or not at all: a temporary file beside the target, re-read, flushed,
// renamed. Every kind of workbook (the report's, a town's, a request) goes through it.
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "workbook/xlsx_document.hpp"

namespace munidash {

// Throws munidash_error(output) when `target` is a read-only file and `force` is false: a file the
// operator protected is not replaced unless asked to.
void check_replaceable(const std::filesystem::path& target, bool force);

// Complete, checked temporary workbooks waiting to replace their targets, so that a batch of
// thousands pays for durability once per chunk rather than once per file: commit() flushes them all,
// then renames each over its target, then flushes each folder once. A temporary is renamed only once
// flushed: a kill at any moment leaves each target the previous file or the complete new one.
class replacement_batch {
public:
    replacement_batch() = default;
    // Removes the temporaries still waiting: a batch dropped after a failure replaces nothing more.
    ~replacement_batch();
    replacement_batch(const replacement_batch&) = delete;
    replacement_batch& operator=(const replacement_batch&) = delete;

    // Queues `temporary` (complete, checked, registered for the signals' clean-up) to replace `target`;
    // thread-safe. The batch owns it from now on.
    void add(const std::filesystem::path& temporary, const std::filesystem::path& target);
    // How many temporaries wait.
    std::size_t size() const;
    // Flushes every waiting temporary, then renames each over its target in the order added, calling
    // `renamed(target)` after each rename, then flushes each folder once (a folder that cannot be flushed
    // is a warning: the files are in place). Throws munidash_error(output) at the first failure; the
    // temporaries not renamed are removed and their targets left as they were.
    void commit(const std::function<void(const std::filesystem::path&)>& renamed);

private:
    void commit_all(const std::function<void(const std::filesystem::path&)>& renamed);
    void discard() noexcept;

    struct pending {
        std::filesystem::path temporary;
        std::filesystem::path target;
    };
    mutable std::mutex lock_;
    std::vector<pending> pending_;
};

// Writes the workbook that `build` fills to `target` atomically: a temporary file beside it is
// written, re-read (every zip part with its CRC, every XML part parsed, each of `required_parts`
// present), given the mode of the file it replaces, flushed, then renamed over `target`; with a
// `batch`, flushing and renaming are left to the batch's commit(). On any failure the temporary file
// is removed, `target` is left as it was, and munidash_error(output) is thrown.
void write_workbook_atomically(const std::filesystem::path& target, const document_properties& properties,
                               bool replace_read_only, const std::vector<std::string>& required_parts,
                               const std::function<void(xlsx_document&)>& build, replacement_batch* batch = nullptr);

}  // namespace munidash
