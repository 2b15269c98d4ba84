// Reads CSV files into rows of text, with the line each row starts on.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spec/report_spec.hpp"

namespace munidash {

// Where a cell's value comes from, for tables that are not one producer's file (returned requests).
// Ordered from the most to the least trusted: a value computed from several cells takes the last.
enum class cell_origin : unsigned char {
    published,  // the producer's file
    declared,   // a town's answer to a request
    prefilled,  // a value munidash pre-filled in a request, left unchanged and not confirmed by the town
};

// A CSV file's cells as text, exactly as written (quotes removed, no number parsing yet).
struct csv_table {
    std::filesystem::path file;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> row_lines;                     // the line each row starts on, 1-based
    std::vector<std::vector<cell_origin>> origins;  // per row and column; empty: every cell published
};

// Reads the whole file. Throws munidash_error(input) naming the file (and line) when it cannot be
// opened, is not UTF-8, has an empty or duplicated header, or has a row with the wrong number of
// fields. `asked_by` is the spec entry that named the file, added to the messages.
csv_table read_csv(const std::filesystem::path& file, const csv_dialect& dialect, const text_position& asked_by);

// The same, for a file's bytes already in memory; `file` is used in the messages.
csv_table read_csv_text(std::string text, const std::filesystem::path& file, const csv_dialect& dialect,
                        const text_position& asked_by);

// Receives a file's header, as read_csv checks it.
using csv_header_handler = std::function<void(const std::vector<std::string>& header)>;
// Receives a data row's cells (as many as the header's; valid until the call returns) and the
// line it starts on.
using csv_row_handler = std::function<void(std::span<const std::string_view> cells, int line)>;

// Reads the file as read_csv does, with the same checks and messages, but hands each row to
// `on_row` instead of keeping it, so that memory does not grow with the file. An encoding error
// anywhere in the file is reported before any other, as read_csv does.
void read_csv_rows(const std::filesystem::path& file, const csv_dialect& dialect, const text_position& asked_by,
                   const csv_header_handler& on_header, const csv_row_handler& on_row);

// Reads only the header line, so that a spec can be checked without reading data rows.
std::vector<std::string> read_csv_header(const std::filesystem::path& file, const csv_dialect& dialect,
                                         const text_position& asked_by);

// A source's file read with its dialect and encoding, its columns renamed as the spec says.
// Throws munidash_error(input) as read_csv does, and for a rename of a column the file lacks;
// munidash_error(spec), at the source's entry, when the key column is not on the header line but
// on a nearby line (a missing or wrong skip_lines) or found only with another separator.
csv_table read_source_csv(const source_spec& source);

// A source's file read row by row (read_csv_rows); `on_header` gets the header with the spec's
// renames applied where they can be. Throws what read_source_csv throws, once the whole file is
// read; returns the header after renaming.
std::vector<std::string> read_source_csv_rows(const source_spec& source, const csv_header_handler& on_header,
                                              const csv_row_handler& on_row);

// The same for the header alone, so that a spec can be checked without reading data rows.
std::vector<std::string> read_source_header(const source_spec& source);

// The error for `column`, which the source's header after renaming (`header`) lacks; `message`
// says what named it ("key column 'x' is not in 'f.csv'"). A spec names every column after
// renaming: when a rename turned `column` into another name, the error says so and gives
// `write(that name)` as the fix; otherwise it suggests the nearest column of `header`.
diagnostic missing_column_error(const source_spec& source, const text_position& where, std::string message,
                                std::string_view column, const std::vector<std::string>& header,
                                const std::function<std::string(const std::string&)>& write);

}  // namespace munidash
