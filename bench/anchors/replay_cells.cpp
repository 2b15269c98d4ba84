// The floor of the national benchmark: the same cells as munidash's workbook (dumped by
// dump_cells.py), written by bare libxlsxwriter in constant-memory mode, with no engine around it:
// no computation, no checks, no temporary file renamed, no fsync.
// Usage: replay_cells CELLS.tsv OUT.xlsx      writes the workbook
//        replay_cells CELLS.tsv --parse-only  only reads the dump: the bench subtracts its time
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <xlsxwriter.h>

namespace {

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\t') {
            fields.emplace_back();
        } else if (c == '\\' && i + 1 < line.size()) {
            const char next = line[++i];
            fields.back() += next == 't' ? '\t' : next == 'n' ? '\n' : next;
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

std::uint32_t colour(const std::string& hex) {
    return hex == "-" ? 0 : static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: replay_cells CELLS.tsv OUT.xlsx|--parse-only\n";
        return 2;
    }
    if (std::string(argv[2]) == "--parse-only") {
        std::ifstream in(argv[1]);
        std::string line;
        std::size_t fields = 0;
        while (std::getline(in, line)) {
            const auto f = fields_of(line);
            fields += f.size();
            if (f[0] == "N") fields += std::strtod(f[4].c_str(), nullptr) > 0;
        }
        std::printf("%zu\n", fields);
        return 0;
    }
    std::ifstream in(argv[1]);
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(argv[2], &options);
    std::map<std::string, lxw_format*> formats;
    lxw_worksheet* sheet = nullptr;
    std::string line;
    while (std::getline(in, line)) {
        const auto f = fields_of(line);
        const auto row = [&] { return static_cast<lxw_row_t>(std::strtoul(f[1].c_str(), nullptr, 10)); };
        const auto col = [&] { return static_cast<lxw_col_t>(std::strtoul(f[2].c_str(), nullptr, 10)); };
        if (f[0] == "F") {
            lxw_format* format = workbook_add_format(book);
            if (!f[2].empty()) format_set_num_format(format, f[2].c_str());
            if (f[3] == "1") format_set_bold(format);
            if (f[4] == "1") format_set_italic(format);
            if (f[5] != "0") format_set_font_size(format, std::strtod(f[5].c_str(), nullptr));
            if (f[6] != "-") format_set_font_color(format, colour(f[6]));
            if (f[7] != "-") {
                format_set_pattern(format, LXW_PATTERN_SOLID);
                format_set_bg_color(format, colour(f[7]));
            }
            if (f[8] == "1") format_set_border(format, LXW_BORDER_THIN);
            if (f[9] == "1") format_set_text_wrap(format);
            if (f[10] == "left") format_set_align(format, LXW_ALIGN_LEFT);
            if (f[10] == "center") format_set_align(format, LXW_ALIGN_CENTER);
            if (f[10] == "right") format_set_align(format, LXW_ALIGN_RIGHT);
            format_set_align(format, f[11] == "1" ? LXW_ALIGN_VERTICAL_TOP : LXW_ALIGN_VERTICAL_CENTER);
            formats[f[1]] = format;
        } else if (f[0] == "S") {
            sheet = workbook_add_worksheet(book, f[1].c_str());
        } else if (f[0] == "N") {
            worksheet_write_number(sheet, row(), col(), std::strtod(f[4].c_str(), nullptr), formats[f[3]]);
        } else if (f[0] == "T") {
            worksheet_write_string(sheet, row(), col(), f[4].c_str(), formats[f[3]]);
        } else if (f[0] == "B") {
            worksheet_write_blank(sheet, row(), col(), formats[f[3]]);
        }
    }
    const lxw_error error = workbook_close(book);
    if (error != LXW_NO_ERROR) {
        std::cerr << "replay_cells: " << lxw_strerror(error) << "\n";
        return 1;
    }
    return 0;
}
