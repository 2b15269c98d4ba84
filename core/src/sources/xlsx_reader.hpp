// Reads the cells of an .xlsx workbook that someone else wrote (a town's returned request): sheet
// names and states, each cell's text or number, and the file's own modification date. Bounded, so
// that a hostile or broken file is refused with a reason, never a crash or an exhausted memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace munidash {

// What a cell holds, as the workbook typed it.
enum class xlsx_cell_kind { text, number, boolean, error };

// One cell with a value; row and column are 1-based (A1 is row 1, column 1).
struct xlsx_cell {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    xlsx_cell_kind kind = xlsx_cell_kind::text;
    std::string text;   // the text, or the number, boolean (0/1) or error as written in the file
    double number = 0;  // for number and boolean cells
};

// Whether a sheet is shown: hidden sheets can be unhidden by the user, very hidden ones only by code.
enum class sheet_state { visible, hidden, very_hidden };

// One worksheet: its name as shown on its tab, and its cells sorted by row then column.
struct xlsx_sheet {
    std::string name;
    sheet_state state = sheet_state::visible;
    std::vector<xlsx_cell> cells;

    // The cell at (row, column), or nullptr when it is empty or absent.
    const xlsx_cell* find(std::uint32_t row, std::uint32_t column) const;
};

// A workbook's worksheets in tab order, and docProps/core.xml's dcterms:modified ("" when absent).
struct xlsx_workbook {
    std::vector<xlsx_sheet> sheets;
    std::string modified;
};

// How much a workbook may hold before it is refused as absurd (a zip bomb, a generated monster).
struct xlsx_limits {
    std::uint64_t file_bytes = 64u << 20;    // the .xlsx itself
    std::uint64_t part_bytes = 64u << 20;    // one part, uncompressed
    std::uint64_t total_bytes = 256u << 20;  // all parts read, uncompressed
    std::size_t cells = 1'000'000;           // all sheets together
    std::size_t sheets = 256;
};

// The workbook in `bytes`. Throws munidash_error(input) at `file` (used in messages only) saying
// what is wrong (not a zip, truncated, a part missing or not well-formed, over a limit) and what to do.
xlsx_workbook read_xlsx_bytes(std::string_view bytes, const std::filesystem::path& file,
                              const xlsx_limits& limits = {});

// The workbook in `file`; throws munidash_error(input) as read_xlsx_bytes, and when it cannot be read.
xlsx_workbook read_xlsx_file(const std::filesystem::path& file, const xlsx_limits& limits = {});

// "B7" for row 7, column 2: how a spreadsheet user finds a cell.
std::string cell_reference(std::uint32_t row, std::uint32_t column);

}  // namespace munidash
