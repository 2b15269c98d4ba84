// Reads CSV files into rows of text, with the line each row starts on.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report_spec.hpp"

namespace munidash {

// A CSV file's cells as text, exactly as written (quotes removed, no number parsing yet).
struct csv_table {
    std::filesystem::path file;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> row_lines;  // the line each row starts on, 1-based
};

// Reads the whole file. Throws munidash_error(input) naming the file (and line) when it cannot be
// opened, is not UTF-8, has an empty or duplicated header, or has a row with the wrong number of
// fields. `asked_by` is the spec entry that named the file, added to the messages.
csv_table read_csv(const std::filesystem::path& file, const csv_dialect& dialect,
                   const text_position& asked_by);

// Reads only the header line, so that a spec can be checked without reading data rows.
std::vector<std::string> read_csv_header(const std::filesystem::path& file,
                                         const csv_dialect& dialect,
                                         const text_position& asked_by);

}  // namespace munidash
