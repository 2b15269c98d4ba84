// The only file that uses libcsv (Debian's libcsv, an RFC 4180 parser that handles quoted fields
// with separators, doubled quotes and embedded newlines). Files are fed line by line so that each
// record knows the line it starts on.
#include "csv_source.hpp"

#include <csv.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include "utf8.hpp"

namespace munidash {

namespace {

std::string read_file_text(const std::filesystem::path& file, const text_position& asked_by,
                           std::size_t max_bytes = std::string::npos) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw munidash_error(failure_kind::input,
                             diagnostic{asked_by, "cannot open data file '" + file.string() + "'",
                                        "check the path; paths in a spec are relative to the spec's folder"});
    std::string text;
    char buffer[1 << 16];
    while (text.size() < max_bytes && in.read(buffer, sizeof buffer).gcount() > 0)
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    return text;
}

struct parse_state {
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> records;
    std::vector<int> record_lines;
    int current_line = 1;
    int record_start_line = 1;
    std::size_t max_records = static_cast<std::size_t>(-1);
};

void on_field(void* data, std::size_t length, void* state_ptr) {
    auto& state = *static_cast<parse_state*>(state_ptr);
    if (state.fields.empty() && state.record_lines.size() == state.records.size())
        state.record_lines.push_back(state.record_start_line);
    state.fields.emplace_back(static_cast<const char*>(data), length);
}

void on_record(int, void* state_ptr) {
    auto& state = *static_cast<parse_state*>(state_ptr);
    if (state.fields.empty()) return;
    state.records.push_back(std::move(state.fields));
    state.fields.clear();
    state.record_start_line = state.current_line + 1;
}

struct csv_parser_deleter {
    void operator()(csv_parser* p) const {
        csv_free(p);
        delete p;
    }
};

parse_state parse(std::string_view text, const csv_dialect& dialect, const std::filesystem::path& file,
                  const text_position& asked_by, std::size_t max_records) {
    std::unique_ptr<csv_parser, csv_parser_deleter> parser(new csv_parser);
    if (csv_init(parser.get(), 0) != 0) throw std::bad_alloc();
    csv_set_delim(parser.get(), static_cast<unsigned char>(dialect.separator));
    parse_state state;
    state.max_records = max_records;
    std::size_t start = 0;
    while (start < text.size() && state.records.size() < max_records) {
        std::size_t end = text.find('\n', start);
        end = end == std::string_view::npos ? text.size() : end + 1;
        if (csv_parse(parser.get(), text.data() + start, end - start, on_field, on_record, &state) !=
            end - start)
            throw munidash_error(failure_kind::input,
                                 diagnostic{{file, state.current_line, 0},
                                            std::string("cannot parse the CSV: ") +
                                                csv_strerror(csv_error(parser.get())),
                                            "asked for by " + to_string(asked_by)});
        ++state.current_line;
        start = end;
    }
    if (state.records.size() < max_records) csv_fini(parser.get(), on_field, on_record, &state);
    return state;
}

csv_table parse_table(std::string text, const std::filesystem::path& file, const csv_dialect& dialect,
                      const text_position& asked_by, std::size_t max_records) {
    std::string_view body = strip_utf8_bom(text);
    if (const auto bad = find_invalid_utf8(body)) {
        const auto line = 1 + std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
        throw munidash_error(failure_kind::input,
                             diagnostic{{file, static_cast<int>(line), 0},
                                        "the data file is not valid UTF-8",
                                        "convert it to UTF-8 (Latin-1 files: iconv -f latin1 -t utf-8); "
                                        "asked for by " + to_string(asked_by)});
    }
    auto state = parse(body, dialect, file, asked_by, max_records);
    csv_table table;
    table.file = file;
    if (state.records.empty())
        throw munidash_error(failure_kind::input,
                             diagnostic{{file, 1, 0}, "the data file is empty: it has no header line",
                                        "asked for by " + to_string(asked_by)});
    table.header = std::move(state.records.front());
    std::set<std::string> seen;
    for (const auto& name : table.header) {
        if (!seen.insert(name).second)
            throw munidash_error(failure_kind::input,
                                 diagnostic{{file, state.record_lines.front(), 0},
                                            "column '" + name + "' appears twice in the header",
                                            "rename one of them; asked for by " + to_string(asked_by)});
    }
    if (table.header.size() == 1 && table.header.front().find_first_of(",;\t|") != std::string::npos)
        throw munidash_error(failure_kind::input,
                             diagnostic{{file, 1, 0},
                                        std::string("the header has one column with the separator '") +
                                            dialect.separator + "': '" + table.header.front() + "'",
                                        "set 'separator:' for this source in the spec (" +
                                            to_string(asked_by) + ")"});
    for (std::size_t r = 1; r < state.records.size(); ++r) {
        auto& record = state.records[r];
        if (record.size() != table.header.size())
            throw munidash_error(failure_kind::input,
                                 diagnostic{{file, state.record_lines[r], 0},
                                            "this row has " + std::to_string(record.size()) +
                                                " fields, the header has " + std::to_string(table.header.size()),
                                            "check the separator and the quotes on this line"});
        table.rows.push_back(std::move(record));
        table.row_lines.push_back(state.record_lines[r]);
    }
    return table;
}

}  // namespace

csv_table read_csv(const std::filesystem::path& file, const csv_dialect& dialect,
                   const text_position& asked_by) {
    return parse_table(read_file_text(file, asked_by), file, dialect, asked_by, static_cast<std::size_t>(-1));
}

std::vector<std::string> read_csv_header(const std::filesystem::path& file, const csv_dialect& dialect,
                                         const text_position& asked_by) {
    // A header line is short; 64 KiB holds any real one.
    std::string text = read_file_text(file, asked_by, 1 << 16);
    if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline + 1);
    return parse_table(std::move(text), file, dialect, asked_by, 1).header;
}

}  // namespace munidash
