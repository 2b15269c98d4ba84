// A thin RAII wrapper over libxlsxwriter in the engine's own types: sheets, cells, formats, charts.
#pragma once

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workbook/zip_check.hpp"

namespace munidash {

// How a cell looks. Equal formats share one format record in the file.
struct cell_format {
    enum class align { general, left, center, right };

    bool bold = false;
    bool italic = false;
    bool wrap = false;
    bool border = false;
    double font_size = 0;          // 0: the default size
    std::uint32_t font_color = 0;  // 0xRRGGBB, 0: automatic
    std::uint32_t fill_color = 0;  // 0xRRGGBB, 0: none
    std::string number_format;     // Excel number format, e.g. 0.0" %"
    align horizontal = align::general;
    bool vertical_top = false;
    bool unlocked = false;  // editable once the sheet is protected (a request's answers)

    // Equal formats are one record: compared field by field, which is cheaper than building a key per cell.
    bool operator==(const cell_format&) const = default;
};

// The document properties Excel shows under File > Info.
struct document_properties {
    std::string title;
    std::string subject;
    std::string author;
    std::string company;
    std::string keywords;
    std::string comments;
    std::time_t created = 0;  // fixed by SOURCE_DATE_EPOCH for reproducible files; 0 is written as 1 s later
};

// A range of cells on a named sheet, as charts refer to data.
struct cell_range {
    std::string sheet;
    std::uint32_t first_row = 0;
    std::uint16_t first_col = 0;
    std::uint32_t last_row = 0;
    std::uint16_t last_col = 0;
};

// One series of a chart: its name and its values, one per category.
struct chart_series {
    std::string name;
    cell_range values;
    std::uint32_t color = 0x4472C4;
};

// A chart over cells of the workbook.
struct chart_spec {
    enum class kind { column, bar, radar };

    kind type = kind::column;
    std::string title;
    cell_range categories;
    std::vector<chart_series> series;
    std::string value_axis_title;
    std::string number_format;
    bool value_axis_from_zero = true;  // bars that start elsewhere exaggerate differences
    std::optional<double> value_axis_max;
    bool legend = false;
    bool data_labels = true;
    std::string description;  // alternative text, read by screen readers in place of the chart
};

// Page set-up for printing a sheet on A4.
struct print_setup {
    bool landscape = true;
    std::uint16_t scale = 100;  // percent, 10 to 400; sheet writers choose it so that type prints at >= 8 pt
    std::vector<std::uint16_t> column_breaks;  // a new page starts at each of these columns
    std::vector<std::uint32_t> row_breaks;     // a new page starts at each of these rows
    bool across_then_down = false;             // page order: all columns of some rows, then the next rows
    std::int32_t repeat_first_row = -1;        // rows repeated on each page; -1: none
    std::int32_t repeat_last_row = -1;
    std::int32_t repeat_first_col = -1;  // columns repeated on each page; -1: none
    std::int32_t repeat_last_col = -1;
    std::string header;  // Excel header/footer codes, e.g. &L text &R page &P / &N
    std::string footer;
};

// Excel's own check of what is typed into a cell: the town's spreadsheet refuses a bad value as
// it is typed, with the message given.
struct cell_validation {
    enum class kind { whole, decimal, list, text_length };

    kind type = kind::decimal;
    std::optional<double> min;       // whole, decimal: bounds (none: any number); text_length: ignored
    std::optional<double> max;       // text_length: the most characters
    std::vector<std::string> items;  // list: the values offered (at most 255 characters together)
    std::string input_title;         // shown when the cell is selected: at most 32 characters
    std::string input_message;       // at most 255 characters
    std::string error_title;
    std::string error_message;
};

class xlsx_document;

// What the document knows of one of its sheets while it is written.
struct sheet_state {
    std::string name;
    void* worksheet = nullptr;  // libxlsxwriter's
    std::uint32_t row = 0;      // the row being written: libxlsxwriter has flushed every row above it
    bool started = false;
    std::uint64_t rows = 0;  // rows and cells written, for the re-reading to count again
    std::uint64_t cells = 0;
    std::vector<std::uint16_t> row_columns;  // the columns written in the current row
};

// One worksheet; valid while its document is open. Rows are written in order, top to bottom:
// the document streams each finished row to disk (libxlsxwriter's constant-memory mode), so
// a cell, height or merge for a row above the current one is refused, never dropped.
class xlsx_sheet {
public:
    // Writes text; never a formula, whatever it starts with.
    void text(std::uint32_t row, std::uint16_t col, std::string_view value, const cell_format& format = {});
    // Writes a number, or a formatted blank when `value` is NaN.
    void number(std::uint32_t row, std::uint16_t col, double value, const cell_format& format = {});
    // Writes an empty cell with a format.
    void blank(std::uint32_t row, std::uint16_t col, const cell_format& format);
    // Merges a range and writes text into it.
    void merge(std::uint32_t first_row, std::uint16_t first_col, std::uint32_t last_row, std::uint16_t last_col,
               std::string_view value, const cell_format& format);
    // Sets the width (in characters) of a range of columns.
    void column_width(std::uint16_t first, std::uint16_t last, double width);
    // Sets the height (in points) of a row.
    void row_height(std::uint32_t row, double height);
    // Keeps rows above `row` and columns left of `col` in view while scrolling.
    void freeze(std::uint32_t row, std::uint16_t col);
    // Adds filter buttons on the header row of a range; call it before any row below `last_row` is written.
    void autofilter(std::uint32_t first_row, std::uint16_t first_col, std::uint32_t last_row, std::uint16_t last_col);
    // A three-colour scale over one column: `low` for the smallest values, `high` for the largest.
    void color_scale(std::uint32_t first_row, std::uint32_t last_row, std::uint16_t col, std::uint32_t low,
                     std::uint32_t middle, std::uint32_t high);
    // Inserts a chart with its top-left corner at a cell.
    void insert_chart(std::uint32_t row, std::uint16_t col, const chart_spec& chart, double width_scale = 1.0,
                      double height_scale = 1.0);
    // A link to cell A1 of another sheet of the workbook, shown as `text`.
    void sheet_link(std::uint32_t row, std::uint16_t col, const std::string& sheet, std::string_view text,
                    const cell_format& format = {});
    // A link to a web page or an e-mail address; only http://, https:// and mailto: are written.
    void web_link(std::uint32_t row, std::uint16_t col, const std::string& url, std::string_view text,
                  const cell_format& format = {});
    // Sets how the sheet prints.
    void set_print(const print_setup& setup);
    // Adds Excel's check of what can be typed into a cell.
    void validate(std::uint32_t row, std::uint16_t col, const cell_validation& validation);
    // A note on a cell, shown when pointed at, signed by `author`.
    void comment(std::uint32_t row, std::uint16_t col, std::string_view text, const std::string& author);
    // Hides a row (it stays in the file for programs to read).
    void hide_row(std::uint32_t row);
    // Hides a range of columns.
    void hide_columns(std::uint16_t first, std::uint16_t last);
    // Protects the sheet without a password: only cells with an unlocked format can be changed;
    // every cell can still be selected, so that a screen reader can read the questions.
    void protect();
    // Hides the sheet from Excel's list of sheets to unhide: state "veryHidden" in the workbook.
    void hide_completely();
    // Makes this the sheet shown when the file opens.
    void activate();

private:
    friend class xlsx_document;
    xlsx_sheet(xlsx_document& document, void* worksheet, sheet_state& state)
        : document_(&document), worksheet_(worksheet), state_(&state) {}
    // Refuses a row above the one being written; `what` names the call in the message.
    void reach_row(std::uint32_t row, std::uint16_t col, const char* what);
    // Counts a cell of the current row (once, however often it is written).
    void count_cell(std::uint16_t col);
    // Throws with libxlsxwriter's reason when `error` is not LXW_NO_ERROR (0).
    void check_call(int error, const char* what) const;
    xlsx_document* document_;
    void* worksheet_;
    sheet_state* state_;
};

// An .xlsx file being written. Nothing is on disk until close() succeeds.
class xlsx_document {
public:
    // Starts a workbook that close() writes to `file`; messages name `shown_as` when given (the
    // target that a temporary `file` will replace). Throws munidash_error(output).
    xlsx_document(const std::filesystem::path& file, document_properties properties,
                  const std::filesystem::path& shown_as = {});
    ~xlsx_document();
    xlsx_document(const xlsx_document&) = delete;
    xlsx_document& operator=(const xlsx_document&) = delete;

    // Adds a worksheet; the name must already follow Excel's rules (see sheet_names.hpp).
    xlsx_sheet add_sheet(const std::string& name);
    // Writes the file. Throws munidash_error(output) with libxlsxwriter's reason on failure, and
    // which filesystem was full when the reason is a full disk.
    void close();
    // The rows and cells written in each sheet, by the name of its part in the file.
    std::vector<sheet_census> census() const;
    // The folder of libxlsxwriter's temporary files: TMPDIR, or the output's folder without one.
    const std::filesystem::path& temporary_folder() const noexcept { return tmpdir_; }

private:
    friend class xlsx_sheet;
    void* format(const cell_format& format);
    void* chart(int type);

    // Writes out each sheet's last row and throws if any streamed row failed to reach the disk.
    void flush_streamed_rows();
    // Rewrites xl/workbook.xml in the closed file: libxlsxwriter 1.1.4 knows "hidden" only.
    void mark_very_hidden();

    std::filesystem::path path_;            // where libxlsxwriter writes
    std::filesystem::path file_;            // named in messages
    std::vector<std::string> very_hidden_;  // sheets whose state becomes veryHidden
    std::filesystem::path tmpdir_;          // libxlsxwriter's temporary files
    document_properties properties_;
    void* workbook_ = nullptr;
    // The formats made so far, in the order they were made; a workbook has a few dozen, so a scan is
    // quicker than hashing or ordering for every cell written.
    std::vector<std::pair<cell_format, void*>> formats_;
    std::vector<std::unique_ptr<sheet_state>> sheets_;
    std::vector<std::unique_ptr<std::string>> kept_strings_;  // libxlsxwriter keeps char pointers
};

}  // namespace munidash
