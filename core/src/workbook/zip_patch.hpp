// Changes made to a finished .xlsx file that libxlsxwriter 1.1.4 cannot make itself.
#pragma once

#include <filesystem>
#include <string>

namespace munidash {

// Sets the `state` attribute of sheet `sheet` in xl/workbook.xml of the .xlsx `file` (e.g.
// "veryHidden", which libxlsxwriter 1.1.4 cannot write), copying every other part byte for byte.
// Returns "" when done, else what went wrong.
std::string set_sheet_state(const std::filesystem::path& file, const std::string& sheet, const std::string& state);

}  // namespace munidash
