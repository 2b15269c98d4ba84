// A workbook written whole or not at all: a temporary file beside the target, re-read, flushed,
// renamed. Every kind of workbook (the report's, a town's, a request) goes through it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "xlsx_document.hpp"

namespace munidash {

// Throws munidash_error(output) when `target` is a read-only file and `force` is false: a file the
// operator protected is not replaced unless asked to.
void check_replaceable(const std::filesystem::path& target, bool force);

// Writes the workbook that `build` fills to `target` atomically: a temporary file beside it is
// written, re-read (every zip part with its CRC, every XML part parsed, each of `required_parts`
// present), given the mode of the file it replaces, flushed, then renamed over `target`. On any
// failure the temporary file is removed, `target` is left as it was, and munidash_error(output) is thrown.
void write_workbook_atomically(const std::filesystem::path& target, const document_properties& properties,
                               bool replace_read_only, const std::vector<std::string>& required_parts,
                               const std::function<void(xlsx_document&)>& build);

}  // namespace munidash
