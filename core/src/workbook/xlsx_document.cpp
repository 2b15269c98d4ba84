// The only file that uses libxlsxwriter.
#include "workbook/xlsx_document.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <xlsxwriter.h>

#include "base/diagnostics.hpp"
#include "base/platform.hpp"
#include "base/utf8.hpp"
#include "workbook/zip_check.hpp"

namespace munidash {

namespace {

// libxlsxwriter 1.1.4 is not reentrant in two places, and munidash writes town workbooks from
// several threads: workbook_close() formats docProps/core.xml's dates with gmtime(), whose result is
// one static buffer for the whole process (another thread's gmtime overwrote it before strftime
// read it: ThreadSanitizer's report), and every temporary file it makes (tmpfileplus, from
// workbook_new_opt(), workbook_add_worksheet() in constant-memory mode and workbook_close()) seeds
// rand() from a static variable it reads and writes unguarded. Those three calls, and the
// destructor's close, hold this one lock; writing cells, which is most of the work, does not.
// (Its other calls into libc — time, strftime, rand, strerror, getenv — are thread-safe in glibc.)
std::mutex& libxlsxwriter_lock() {
    static std::mutex lock;
    return lock;
}

lxw_worksheet* ws(void* p) { return static_cast<lxw_worksheet*>(p); }
lxw_workbook* wb(void* p) { return static_cast<lxw_workbook*>(p); }

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw munidash_error(failure_kind::output,
                         diagnostic{{file, 0, 0},
                                    "cannot write the workbook: " + what,
                                    "check the free space and the permissions of the output folder"});
}

void check(lxw_error error, const std::filesystem::path& file, std::string_view call) {
    if (error != LXW_NO_ERROR) fail(file, std::string(call) + ": " + lxw_strerror(error));
}

// libxlsxwriter writes text as raw bytes: text that is not XML-safe UTF-8 would make a file Excel
// refuses to open, so it is refused here, with what it was meant for.
void check_text(std::string_view value, const std::filesystem::path& file, const std::string& what) {
    std::string problem;
    if (find_invalid_utf8(value))
        problem = "is not valid UTF-8";
    else if (find_xml_illegal(value))
        problem = "holds a control character that XML forbids";
    if (!problem.empty())
        fail(file, "the text for " + what + " " + problem + ": '" + xml_safe(value.substr(0, 60)) + "'");
}

// libxlsxwriter reads a chart name that starts with '=' as a formula: a town named
// =HYPERLINK("http://...") would become one in every series name. The name is given as a harmless
// placeholder, which takes the library's literal path, then the text replaces the placeholder.
void set_literal(char*& field, const std::string& text) {
    std::free(field);
    field = lxw_strdup(text.c_str());
}

}  // namespace

xlsx_document::xlsx_document(const std::filesystem::path& file, document_properties properties,
                             const std::filesystem::path& shown_as)
    : path_(file), file_(shown_as.empty() ? file : shown_as), properties_(std::move(properties)) {
    lxw_workbook_options options{};
    // Each sheet's rows go to disk as they are finished: a national sheet of 700,000 rows is not
    // held in memory, and text is written inline rather than in a shared table of every string.
    options.constant_memory = LXW_TRUE;
    // libxlsxwriter writes each part to a temporary file before zipping it: in the system's temporary
    // folder (TMPDIR), not beside the output, where creating and removing ~17 files per workbook in a
    // folder of thousands of workbooks made a batch of town workbooks 2 to 4 times slower.
    std::error_code ec;
    const auto system_temp = std::filesystem::temp_directory_path(ec);
    tmpdir_ = !ec ? system_temp : (file_.parent_path().empty() ? "." : file_.parent_path());
    // In a folder of this process: a killed run's files are then known as its own, and removed later.
    auto tmpdir = std::make_unique<std::string>(platform::process_temporary_folder(tmpdir_).string());
    options.tmpdir = tmpdir->data();
    kept_strings_.push_back(std::move(tmpdir));
    {
        const std::lock_guard guard(libxlsxwriter_lock());
        workbook_ = workbook_new_opt(file.c_str(), &options);
    }
    if (!workbook_) fail(file_, "libxlsxwriter could not start a workbook");

    const auto keep = [&](const std::string& s) -> char* {
        kept_strings_.push_back(std::make_unique<std::string>(s));
        return kept_strings_.back()->data();
    };
    for (const auto* text : {&properties_.title, &properties_.subject, &properties_.author, &properties_.company,
                             &properties_.keywords, &properties_.comments})
        check_text(*text, file_, "the document properties");
    lxw_doc_properties props{};
    props.title = keep(properties_.title);
    props.subject = keep(properties_.subject);
    props.author = keep(properties_.author);
    props.company = keep(properties_.company);
    props.keywords = keep(properties_.keywords);
    props.comments = keep(properties_.comments);
    // libxlsxwriter writes the time of the run for 0: SOURCE_DATE_EPOCH=0, the usual value for
    // reproducible builds, then gave different bytes at each run. One second later is written instead.
    props.created = properties_.created == 0 ? 1 : properties_.created;
    check(workbook_set_properties(wb(workbook_), &props), file_, "document properties");
}

xlsx_document::~xlsx_document() {
    // An unclosed workbook is freed by closing it; the caller discards the temporary file.
    if (!workbook_) return;
    const std::lock_guard guard(libxlsxwriter_lock());
    workbook_close(wb(workbook_));
}

xlsx_sheet xlsx_document::add_sheet(const std::string& name) {
    check_text(name, file_, "a sheet name");
    lxw_worksheet* sheet = nullptr;
    {
        const std::lock_guard guard(libxlsxwriter_lock());
        sheet = workbook_add_worksheet(wb(workbook_), name.c_str());
    }
    if (!sheet) fail(file_, "libxlsxwriter refused the sheet name '" + name + "'");
    auto state = std::make_unique<sheet_state>();
    state->name = name;
    state->worksheet = sheet;
    sheets_.push_back(std::move(state));
    return xlsx_sheet(*this, sheet, *sheets_.back());
}

void xlsx_document::flush_streamed_rows() {
    // libxlsxwriter streams each sheet's finished rows to a temporary file with stdio, and never
    // looks at the result: a failed write there left a sheet without some of its rows, a workbook
    // that still opened, and a run that said it succeeded. So the last row is pushed out here and
    // the stream's error flag read, before libxlsxwriter copies the rows into the workbook.
    for (const auto& sheet : sheets_) {
        auto* worksheet = ws(sheet->worksheet);
        if (!worksheet->optimize || !worksheet->optimize_tmpfile) continue;
        lxw_worksheet_write_single_row(worksheet);
        errno = 0;
        if (std::fflush(worksheet->optimize_tmpfile) == 0 && !std::ferror(worksheet->optimize_tmpfile)) continue;
        const int system_error = errno;
        throw munidash_error(
            failure_kind::output,
            diagnostic{{file_, 0, 0},
                       std::string("cannot write the workbook: the rows of sheet '") + sheet->name +
                           "' could not be written to libxlsxwriter's temporary file, so TMPDIR is full or failing" +
                           (system_error != 0 ? " (" + platform::error_text(system_error) + ")" : std::string()) +
                           "; " + platform::describe_space("TMPDIR", tmpdir_),
                       "free space in TMPDIR, or set TMPDIR to a folder with room, and run again; the previous "
                       "workbook was kept"});
    }
}

void xlsx_document::close() {
    flush_streamed_rows();
    lxw_error error = LXW_NO_ERROR;
    int system_error = 0;
    {
        const std::lock_guard guard(libxlsxwriter_lock());
        errno = 0;
        error = workbook_close(wb(workbook_));
        // libxlsxwriter returns its own codes; errno still holds the system's reason of the last failed call.
        system_error = errno;
    }
    workbook_ = nullptr;
    if (error == LXW_NO_ERROR) {
        if (!very_hidden_.empty()) mark_very_hidden();
        return;
    }
    const std::string reason =
        std::string(lxw_strerror(error)) + (system_error != 0 ? " (" + platform::error_text(system_error) + ")" : "");
    const auto output_folder = file_.parent_path().empty() ? std::filesystem::path(".") : file_.parent_path();
    std::string what, hint;
    if (error == LXW_ERROR_CREATING_TMPFILE || error == LXW_ERROR_READING_TMPFILE) {
        what = "libxlsxwriter cannot create or read back its temporary files in TMPDIR: " + reason + "; " +
               platform::describe_space("TMPDIR", tmpdir_);
        hint =
            "free space in TMPDIR, or set TMPDIR to a folder with room, and run again; the previous workbook was kept";
    } else if (error == LXW_ERROR_CREATING_XLSX_FILE) {
        what = "cannot create the workbook's temporary file in the output folder: " + reason + "; " +
               platform::describe_space("output folder", output_folder);
        hint = "check the permissions and the free space of the output folder; the previous workbook was kept";
    } else if (error >= LXW_ERROR_ZIP_FILE_OPERATION && error <= LXW_ERROR_ZIP_CLOSE) {
        // A failed write, seek or close of the zip file, in the output folder.
        const bool full = platform::is_disk_full(system_error);
        what = std::string(full ? "the output folder's disk is full: " : "") +
               "writing the zip file failed: " + reason + "; " +
               platform::describe_space("output folder", output_folder) + ", " +
               platform::describe_space("TMPDIR", tmpdir_);
        hint =
            "free space on the output folder's disk (or write elsewhere with --output), and run again; the "
            "previous workbook was kept";
    } else {
        what = "libxlsxwriter failed: " + reason + "; " + platform::describe_space("output folder", output_folder) +
               ", " + platform::describe_space("TMPDIR", tmpdir_);
        hint = "the previous workbook was kept; run again, and report it if it happens again";
    }
    throw munidash_error(failure_kind::output, diagnostic{{file_, 0, 0}, "cannot write the workbook: " + what, hint});
}

void* xlsx_document::format(const cell_format& f) {
    for (const auto& [known, record] : formats_)
        if (known == f) return record;
    lxw_format* format = workbook_add_format(wb(workbook_));
    if (f.bold) format_set_bold(format);
    if (f.italic) format_set_italic(format);
    if (f.wrap) format_set_text_wrap(format);
    if (f.border) {
        format_set_border(format, LXW_BORDER_THIN);
        format_set_border_color(format, 0xBFBFBF);
    }
    if (f.font_size > 0) format_set_font_size(format, f.font_size);
    if (f.font_color) format_set_font_color(format, f.font_color);
    if (f.fill_color) {
        format_set_pattern(format, LXW_PATTERN_SOLID);
        format_set_bg_color(format, f.fill_color);
    }
    if (!f.number_format.empty()) format_set_num_format(format, f.number_format.c_str());
    switch (f.horizontal) {
        case cell_format::align::left: format_set_align(format, LXW_ALIGN_LEFT); break;
        case cell_format::align::center: format_set_align(format, LXW_ALIGN_CENTER); break;
        case cell_format::align::right: format_set_align(format, LXW_ALIGN_RIGHT); break;
        case cell_format::align::general: break;
    }
    format_set_align(format, f.vertical_top ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
    if (f.unlocked) format_set_unlocked(format);
    formats_.emplace_back(f, format);
    return format;
}

void* xlsx_document::chart(int type) { return workbook_add_chart(wb(workbook_), static_cast<uint8_t>(type)); }

namespace {
// libxlsxwriter writes text as raw bytes: anything that is not XML-safe UTF-8 would make a file
// Excel refuses to open, so it is refused here with the cell it was meant for.
void check_cell_text(std::string_view value, const std::filesystem::path& file, const std::string& sheet,
                     std::uint32_t row, std::uint16_t col) {
    std::string problem;
    if (value.size() > 32767)
        problem = "is longer than Excel's 32,767 characters";
    else if (find_invalid_utf8(value))
        problem = "is not valid UTF-8";
    else if (find_xml_illegal(value))
        problem = "holds a control character that XML forbids";
    if (problem.empty()) return;
    char cell[32];
    lxw_rowcol_to_cell(cell, row, col);
    fail(file, "the text for sheet '" + sheet + "' cell " + cell + " " + problem + ": '" +
                   xml_safe(value.substr(0, 60)) + "'");
}
}  // namespace

void xlsx_sheet::check_call(int error, const char* what) const {
    if (error != LXW_NO_ERROR)
        fail(document_->file_,
             std::string(what) + " in sheet '" + state_->name + "': " + lxw_strerror(static_cast<lxw_error>(error)));
}

void xlsx_sheet::reach_row(std::uint32_t row, std::uint16_t col, const char* what) {
    if (state_->started && row < state_->row) {
        char cell[32];
        lxw_rowcol_to_cell(cell, row, col);
        // A program error, not the user's: said loudly rather than leaving the cell out.
        throw munidash_error(failure_kind::output,
                             diagnostic{{document_->file_, 0, 0},
                                        std::string("internal error: ") + what + " at sheet '" + state_->name +
                                            "' cell " + cell + " after row " + std::to_string(state_->row + 1) +
                                            " was written: sheets are written top to bottom",
                                        "this is a defect of munidash, not of the spec; the previous workbook was "
                                        "kept; please report it with the spec"});
    }
    if (!state_->started || row != state_->row) {
        ++state_->rows;
        state_->row_columns.clear();
    }
    state_->started = true;
    state_->row = row;
}

void xlsx_sheet::count_cell(std::uint16_t col) {
    auto& columns = state_->row_columns;
    // Cells mostly come left to right: the search is for the rare cell written twice.
    if (!columns.empty() && col <= columns.back() && std::find(columns.begin(), columns.end(), col) != columns.end())
        return;
    columns.push_back(col);
    if (columns.size() > 1 && col < columns[columns.size() - 2]) std::sort(columns.begin(), columns.end());
    ++state_->cells;
}

std::vector<sheet_census> xlsx_document::census() const {
    std::vector<sheet_census> out;
    for (std::size_t k = 0; k < sheets_.size(); ++k)
        out.push_back({"xl/worksheets/sheet" + std::to_string(k + 1) + ".xml", sheets_[k]->name, sheets_[k]->rows,
                       sheets_[k]->cells});
    return out;
}

void xlsx_sheet::text(std::uint32_t row, std::uint16_t col, std::string_view value, const cell_format& f) {
    check_cell_text(value, document_->file_, state_->name, row, col);
    reach_row(row, col, "writing text");
    count_cell(col);
    const std::string copy(value);
    check_call(
        worksheet_write_string(ws(worksheet_), row, col, copy.c_str(), static_cast<lxw_format*>(document_->format(f))),
        "writing text");
}

void xlsx_sheet::number(std::uint32_t row, std::uint16_t col, double value, const cell_format& f) {
    if (std::isnan(value)) return blank(row, col, f);
    reach_row(row, col, "writing a number");
    count_cell(col);
    check_call(worksheet_write_number(ws(worksheet_), row, col, value, static_cast<lxw_format*>(document_->format(f))),
               "writing a number");
}

void xlsx_sheet::blank(std::uint32_t row, std::uint16_t col, const cell_format& f) {
    reach_row(row, col, "writing a cell");
    count_cell(col);
    check_call(worksheet_write_blank(ws(worksheet_), row, col, static_cast<lxw_format*>(document_->format(f))),
               "writing a cell");
}

void xlsx_sheet::merge(std::uint32_t first_row, std::uint16_t first_col, std::uint32_t last_row, std::uint16_t last_col,
                       std::string_view value, const cell_format& f) {
    check_cell_text(value, document_->file_, state_->name, first_row, first_col);
    // libxlsxwriter ignores a first cell it could not write, and pads the range with blanks down
    // to its last row: the range's rows are reached here, in order.
    reach_row(first_row, first_col, "merging cells");
    const std::string copy(value);
    check_call(worksheet_merge_range(ws(worksheet_), first_row, first_col, last_row, last_col, copy.c_str(),
                                     static_cast<lxw_format*>(document_->format(f))),
               "merging cells");
    for (auto row = first_row; row <= last_row; ++row) {
        reach_row(row, first_col, "merging cells");
        for (auto col = first_col; col <= last_col; ++col) count_cell(col);
    }
}

void xlsx_sheet::column_width(std::uint16_t first, std::uint16_t last, double width) {
    check(worksheet_set_column(ws(worksheet_), first, last, width, nullptr), document_->file_, "setting column widths");
}

void xlsx_sheet::row_height(std::uint32_t row, double height) {
    reach_row(row, 0, "setting a row height");
    check_call(worksheet_set_row(ws(worksheet_), row, height, nullptr), "setting a row height");
}

void xlsx_sheet::freeze(std::uint32_t row, std::uint16_t col) { worksheet_freeze_panes(ws(worksheet_), row, col); }

void xlsx_sheet::autofilter(std::uint32_t first_row, std::uint16_t first_col, std::uint32_t last_row,
                            std::uint16_t last_col) {
    check(worksheet_autofilter(ws(worksheet_), first_row, first_col, last_row, last_col), document_->file_,
          "adding a filter");
}

void xlsx_sheet::color_scale(std::uint32_t first_row, std::uint32_t last_row, std::uint16_t col, std::uint32_t low,
                             std::uint32_t middle, std::uint32_t high) {
    lxw_conditional_format scale{};
    scale.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    scale.min_color = low;
    scale.mid_color = middle;
    scale.max_color = high;
    check(worksheet_conditional_format_range(ws(worksheet_), first_row, col, last_row, col, &scale), document_->file_,
          "adding a colour scale");
}

void xlsx_sheet::insert_chart(std::uint32_t row, std::uint16_t col, const chart_spec& spec, double width_scale,
                              double height_scale) {
    const int type = spec.type == chart_spec::kind::radar ? LXW_CHART_RADAR_WITH_MARKERS
                     : spec.type == chart_spec::kind::bar ? LXW_CHART_BAR
                                                          : LXW_CHART_COLUMN;
    auto* chart = static_cast<lxw_chart*>(document_->chart(type));
    for (const auto& s : spec.series) {
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(series, spec.categories.sheet.c_str(), spec.categories.first_row,
                                    spec.categories.first_col, spec.categories.last_row, spec.categories.last_col);
        chart_series_set_values(series, s.values.sheet.c_str(), s.values.first_row, s.values.first_col,
                                s.values.last_row, s.values.last_col);
        check_text(s.name, document_->file_, "a chart series of sheet '" + state_->name + "'");
        chart_series_set_name(series, "-");
        set_literal(series->title.name, s.name);
        lxw_chart_fill fill{};
        fill.color = s.color;
        lxw_chart_line line{};
        line.color = s.color;
        if (spec.type == chart_spec::kind::radar)
            chart_series_set_line(series, &line);
        else
            chart_series_set_fill(series, &fill);
        if (spec.data_labels) {
            chart_series_set_labels(series);
            chart_series_set_labels_num_format(series, spec.number_format.c_str());
            lxw_chart_font label_font{};
            label_font.size = 11;
            chart_series_set_labels_font(series, &label_font);
        }
    }
    check_text(spec.title, document_->file_, "a chart title of sheet '" + state_->name + "'");
    chart_title_set_name(chart, "-");
    set_literal(chart->title.name, spec.title);
    lxw_chart_font title_font{};
    title_font.size = 11;
    title_font.bold = LXW_TRUE;
    chart_title_set_name_font(chart, &title_font);
    // Excel's charts write in 10 points: printed at the sheets' 74 % that is 7.4. At 11, as the cells.
    lxw_chart_font text_font{};
    text_font.size = 11;
    chart_axis_set_num_font(chart->x_axis, &text_font);
    chart_axis_set_num_font(chart->y_axis, &text_font);
    chart_legend_set_font(chart, &text_font);
    // A bar chart lies on its side: its values run along the x axis.
    lxw_chart_axis* values_axis = spec.type == chart_spec::kind::bar ? chart->x_axis : chart->y_axis;
    if (!spec.value_axis_title.empty()) {
        check_text(spec.value_axis_title, document_->file_, "a chart axis of sheet '" + state_->name + "'");
        chart_axis_set_name(values_axis, "-");
        set_literal(values_axis->title.name, spec.value_axis_title);
        lxw_chart_font axis_font{};
        axis_font.size = 11;
        axis_font.bold = LXW_TRUE;
        chart_axis_set_name_font(values_axis, &axis_font);
    }
    chart_axis_set_num_format(values_axis, spec.number_format.c_str());
    if (spec.value_axis_from_zero) chart_axis_set_min(values_axis, 0);
    if (spec.value_axis_max) chart_axis_set_max(values_axis, *spec.value_axis_max);
    chart_legend_set_position(chart, spec.legend ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
    lxw_chart_options options{};
    options.x_scale = width_scale;
    options.y_scale = height_scale;
    check_text(spec.description, document_->file_, "a chart's alternative text on sheet '" + state_->name + "'");
    if (!spec.description.empty()) {
        // Kept with the document: whether libxlsxwriter copies it before close() is not documented.
        document_->kept_strings_.push_back(std::make_unique<std::string>(spec.description));
        options.description = document_->kept_strings_.back()->data();
    }
    check(worksheet_insert_chart_opt(ws(worksheet_), row, col, chart, &options), document_->file_, "inserting a chart");
}

void xlsx_sheet::sheet_link(std::uint32_t row, std::uint16_t col, const std::string& sheet, std::string_view text,
                            const cell_format& f) {
    check_cell_text(text, document_->file_, state_->name, row, col);
    reach_row(row, col, "writing a link");
    count_cell(col);
    // Inside the quotes of a sheet reference, a quote is doubled.
    std::string quoted;
    for (const char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    const std::string url = "internal:'" + quoted + "'!A1";
    const std::string shown(text);
    check(worksheet_write_url_opt(ws(worksheet_), row, col, url.c_str(), static_cast<lxw_format*>(document_->format(f)),
                                  shown.c_str(), nullptr),
          document_->file_, "writing a link in sheet '" + state_->name + "'");
}

void xlsx_sheet::web_link(std::uint32_t row, std::uint16_t col, const std::string& url, std::string_view text,
                          const cell_format& f) {
    if (!(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:")))
        fail(document_->file_, "the link '" + url + "' for sheet '" + state_->name +
                                   "' is not http(s) or mailto: other kinds could open files or run programs");
    check_cell_text(text, document_->file_, state_->name, row, col);
    reach_row(row, col, "writing a link");
    count_cell(col);
    const std::string shown(text);
    check(worksheet_write_url_opt(ws(worksheet_), row, col, url.c_str(), static_cast<lxw_format*>(document_->format(f)),
                                  shown.c_str(), nullptr),
          document_->file_, "writing a link in sheet '" + state_->name + "'");
}

void xlsx_sheet::set_print(const print_setup& setup) {
    if (setup.landscape) worksheet_set_landscape(ws(worksheet_));
    worksheet_set_paper(ws(worksheet_), 9);  // A4
    // A chosen scale, never fit-to-page: fitting a wide sheet to the page shrinks its type below reading size.
    worksheet_set_print_scale(ws(worksheet_), setup.scale);
    if (setup.across_then_down) worksheet_print_across(ws(worksheet_));
    // libxlsxwriter reads both lists up to a 0, and copies them.
    if (!setup.column_breaks.empty()) {
        std::vector<lxw_col_t> breaks(setup.column_breaks.begin(), setup.column_breaks.end());
        breaks.push_back(0);
        check(worksheet_set_v_pagebreaks(ws(worksheet_), breaks.data()), document_->file_, "column page breaks");
    }
    if (!setup.row_breaks.empty()) {
        std::vector<lxw_row_t> breaks(setup.row_breaks.begin(), setup.row_breaks.end());
        breaks.push_back(0);
        check(worksheet_set_h_pagebreaks(ws(worksheet_), breaks.data()), document_->file_, "row page breaks");
    }
    if (setup.repeat_first_row >= 0)
        check(worksheet_repeat_rows(ws(worksheet_), static_cast<lxw_row_t>(setup.repeat_first_row),
                                    static_cast<lxw_row_t>(setup.repeat_last_row)),
              document_->file_, "repeating header rows");
    if (setup.repeat_first_col >= 0)
        check(worksheet_repeat_columns(ws(worksheet_), static_cast<lxw_col_t>(setup.repeat_first_col),
                                       static_cast<lxw_col_t>(setup.repeat_last_col)),
              document_->file_, "repeating columns");
    check_text(setup.header, document_->file_, "the page header of sheet '" + state_->name + "'");
    check_text(setup.footer, document_->file_, "the page footer of sheet '" + state_->name + "'");
    if (!setup.header.empty())
        check(worksheet_set_header(ws(worksheet_), setup.header.c_str()), document_->file_, "page header");
    if (!setup.footer.empty())
        check(worksheet_set_footer(ws(worksheet_), setup.footer.c_str()), document_->file_, "page footer");
}

void xlsx_sheet::activate() { worksheet_activate(ws(worksheet_)); }

void xlsx_sheet::validate(std::uint32_t row, std::uint16_t col, const cell_validation& v) {
    for (const auto* text : {&v.input_title, &v.input_message, &v.error_title, &v.error_message})
        check_text(*text, document_->file_, "a data validation of sheet '" + state_->name + "'");
    // libxlsxwriter copies every text and list while adding the validation: locals are enough.
    std::vector<std::string> titles{v.input_title, v.input_message, v.error_title, v.error_message};
    std::vector<char*> items;
    std::vector<std::string> item_texts(v.items.begin(), v.items.end());
    for (auto& item : item_texts) {
        check_text(item, document_->file_, "a drop-down list of sheet '" + state_->name + "'");
        items.push_back(item.data());
    }
    items.push_back(nullptr);
    lxw_data_validation dv{};
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.show_input = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    if (!titles[0].empty()) dv.input_title = titles[0].data();
    if (!titles[1].empty()) dv.input_message = titles[1].data();
    if (!titles[2].empty()) dv.error_title = titles[2].data();
    if (!titles[3].empty()) dv.error_message = titles[3].data();
    // Without a bound, the widest range Excel writes plainly: any number a town could mean.
    constexpr double widest = 1e15;
    switch (v.type) {
        case cell_validation::kind::whole:
        case cell_validation::kind::decimal:
            dv.validate =
                v.type == cell_validation::kind::whole ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = v.min.value_or(-widest);
            dv.maximum_number = v.max.value_or(widest);
            break;
        case cell_validation::kind::list:
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = items.data();
            break;
        case cell_validation::kind::text_length:
            dv.validate = LXW_VALIDATION_TYPE_LENGTH;
            dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            dv.value_number = v.max.value_or(32767);
            break;
    }
    check(worksheet_data_validation_cell(ws(worksheet_), row, col, &dv), document_->file_,
          "adding a data validation to sheet '" + state_->name + "'");
}

void xlsx_sheet::comment(std::uint32_t row, std::uint16_t col, std::string_view text, const std::string& author) {
    check_cell_text(text, document_->file_, state_->name, row, col);
    check_text(author, document_->file_, "a comment's author in sheet '" + state_->name + "'");
    std::string copy(text), signed_by(author);
    lxw_comment_options options{};
    options.author = signed_by.data();
    options.x_scale = 2;
    options.y_scale = 1.5;
    check(worksheet_write_comment_opt(ws(worksheet_), row, col, copy.c_str(), &options), document_->file_,
          "writing a comment in sheet '" + state_->name + "'");
}

void xlsx_sheet::hide_row(std::uint32_t row) {
    reach_row(row, 0, "hiding a row");
    lxw_row_col_options options{};
    options.hidden = LXW_TRUE;
    check(worksheet_set_row_opt(ws(worksheet_), row, LXW_DEF_ROW_HEIGHT, nullptr, &options), document_->file_,
          "hiding a row");
}

void xlsx_sheet::hide_columns(std::uint16_t first, std::uint16_t last) {
    lxw_row_col_options options{};
    options.hidden = LXW_TRUE;
    check(worksheet_set_column_opt(ws(worksheet_), first, last, LXW_DEF_COL_WIDTH, nullptr, &options), document_->file_,
          "hiding columns");
}

void xlsx_sheet::protect() {
    lxw_protection options{};  // zero: selecting cells, locked or not, is the only thing allowed
    worksheet_protect(ws(worksheet_), nullptr, &options);
}

void xlsx_sheet::hide_completely() {
    worksheet_hide(ws(worksheet_));
    document_->very_hidden_.push_back(state_->name);
}

void xlsx_document::mark_very_hidden() {
    std::string problem;
    for (const auto& name : very_hidden_)
        if (!(problem = set_sheet_state(path_, name, "veryHidden")).empty())
            fail(file_, "cannot make sheet '" + name + "' very hidden: " + problem);
}

}  // namespace munidash
