// Re-reads a written .xlsx before it replaces the previous file.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace munidash {

// Reads every part of the zip archive to its end, so that each part's CRC is verified, and checks
// that `required_parts` are present. Returns the names of all parts. Throws munidash_error(output)
// naming the file and the damaged or missing part. libxlsxwriter 1.1.4 can report success after
// a full disk truncated its temporary files: this is what catches it.
std::vector<std::string> check_xlsx_archive(const std::filesystem::path& file,
                                            std::span<const std::string> required_parts);

}  // namespace munidash
