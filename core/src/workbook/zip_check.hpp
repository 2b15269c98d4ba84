// Re-reads a written .xlsx before it replaces the previous file, and changes what libxlsxwriter cannot write.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace munidash {

// What re-reading a written workbook found.
struct archive_check {
    std::vector<std::string> parts;  // the names of the parts read
    // Empty when the archive is complete; else what is wrong, naming the part.
    std::string damage;
    // Whether the damage is in the zip container itself (unreadable, CRC wrong: the output file was
    // cut short) rather than in the XML of a part that the zip stores intact (libxlsxwriter's
    // temporary file of that part was cut short, in TMPDIR).
    bool container_damaged = false;
    bool complete() const noexcept { return damage.empty(); }
};

// What the writer put in one worksheet part, for the re-reading to find again.
struct sheet_census {
    std::string part;   // e.g. "xl/worksheets/sheet1.xml"
    std::string sheet;  // the sheet's name, for messages
    std::uint64_t rows = 0;
    std::uint64_t cells = 0;
};

// Reads every part of the zip archive to its end, so that each part's CRC is verified, streams each
// XML part (.xml, .rels) through an XML parser, and checks that `required_parts` are present.
// libxlsxwriter 1.1.4 reports success after a full disk truncated its temporary files, and then
// stores the cut XML in a valid zip: the XML parse is what catches it, and for a piece lost in the
// middle of a sheet, the order and the number of its rows and cells, compared with `sheets`.
archive_check check_xlsx_archive(const std::filesystem::path& file, std::span<const std::string> required_parts,
                                 std::span<const sheet_census> sheets = {});

// Sets the `state` attribute of sheet `sheet` in xl/workbook.xml of the .xlsx `file` (e.g.
// "veryHidden", which libxlsxwriter 1.1.4 cannot write), copying every other part byte for byte.
// Returns "" when done, else what went wrong.
std::string set_sheet_state(const std::filesystem::path& file, const std::string& sheet, const std::string& state);

}  // namespace munidash
