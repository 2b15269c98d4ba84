// The only file that uses libcsv (Debian's libcsv, an RFC 4180 parser that handles quoted fields
// with separators, doubled quotes and embedded newlines). Files are fed line by line so that each
// record knows the line it starts on.
#include "sources/csv_source.hpp"

#include <csv.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include "base/suggestions.hpp"
#include "base/utf8.hpp"

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
    for (int skipped = 0; skipped < dialect.skip_lines && start < text.size(); ++skipped) {
        const auto newline = text.find('\n', start);
        start = newline == std::string_view::npos ? text.size() : newline + 1;
        ++state.current_line;
    }
    state.record_start_line = state.current_line;
    while (start < text.size() && state.records.size() < max_records) {
        std::size_t end = text.find('\n', start);
        end = end == std::string_view::npos ? text.size() : end + 1;
        if (csv_parse(parser.get(), text.data() + start, end - start, on_field, on_record, &state) != end - start)
            throw munidash_error(failure_kind::input, diagnostic{{file, state.current_line, 0},
                                                                 std::string("cannot parse the CSV: ") +
                                                                     csv_strerror(csv_error(parser.get())),
                                                                 "asked for by " + to_string(asked_by)});
        ++state.current_line;
        start = end;
    }
    if (state.records.size() < max_records) csv_fini(parser.get(), on_field, on_record, &state);
    return state;
}

// Windows-1252's characters in 0x80-0x9F (euro sign, curly quotes, œ...); 0 where undefined.
constexpr char32_t windows1252_high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                           0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                           0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Converts a single-byte file to UTF-8. Windows-1252 leaves five bytes undefined: refuse them.
std::string to_utf8(std::string_view text, text_encoding encoding, const std::filesystem::path& file, int line = 1) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char byte : text) {
        const auto b = static_cast<unsigned char>(byte);
        if (byte == '\n') ++line;
        char32_t c = b;
        if (encoding == text_encoding::windows1252 && b >= 0x80 && b < 0xA0) {
            c = windows1252_high[b - 0x80];
            if (c == 0)
                throw munidash_error(
                    failure_kind::input,
                    diagnostic{{file, line, 0},
                               "byte " + std::to_string(b) + " (decimal) has no meaning in Windows-1252",
                               "is the file's encoding really windows-1252? try latin-1"});
        }
        append_utf8(out, c);
    }
    return out;
}

// A separator as a spec writes it: "\t" for a tab.
std::string separator_text(char separator) {
    return separator == '\t' ? std::string("\\t") : std::string(1, separator);
}

csv_table parse_table(std::string text, const std::filesystem::path& file, const csv_dialect& dialect,
                      const text_position& asked_by, std::size_t max_records) {
    if (dialect.encoding != text_encoding::utf8) text = to_utf8(text, dialect.encoding, file);
    std::string_view body = strip_utf8_bom(text);
    if (const auto bad = find_invalid_utf8(body)) {
        const auto line = 1 + std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
        throw munidash_error(failure_kind::input, diagnostic{{file, static_cast<int>(line), 0},
                                                             "the data file is not valid UTF-8",
                                                             "declare its encoding in the spec (" +
                                                                 to_string(asked_by) + "), e.g. encoding: latin-1"});
    }
    auto state = parse(body, dialect, file, asked_by, max_records);
    csv_table table;
    table.file = file;
    if (state.records.empty())
        throw munidash_error(failure_kind::input, diagnostic{{file, 1, 0},
                                                             "the data file is empty: it has no header line",
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
    // Either a note above the header or another separator: a source's reader tells which when
    // it can (see misplaced_header); here, say both.
    if (table.header.size() == 1 && table.header.front().find_first_of(",;\t|") != std::string::npos)
        throw munidash_error(failure_kind::input,
                             diagnostic{{file, state.record_lines.front(), 0},
                                        "the header line is one column with the separator '" +
                                            separator_text(dialect.separator) + "': '" + table.header.front() + "'",
                                        "if it is a note above the header, set 'skip_lines:'; if the file uses "
                                        "another separator, set 'separator:' (" +
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

// Reads a file in blocks of whole lines and hands each record on as it completes, so that memory
// stays at one block whatever the file's size. Lines are fed to libcsv one at a time, as parse
// does, so that each record knows the line it starts on.
class row_streamer {
public:
    row_streamer(const std::filesystem::path& file, const csv_dialect& dialect, const text_position& asked_by,
                 const csv_header_handler& on_header, const csv_row_handler& on_row)
        : file_(file),
          dialect_(dialect),
          asked_by_(asked_by),
          on_header_(on_header),
          on_row_(on_row),
          to_skip_(dialect.skip_lines) {}

    void run() {
        std::ifstream in(file_, std::ios::binary);
        if (!in)
            throw munidash_error(failure_kind::input,
                                 diagnostic{asked_by_, "cannot open data file '" + file_.string() + "'",
                                            "check the path; paths in a spec are relative to the spec's folder"});
        std::unique_ptr<csv_parser, csv_parser_deleter> parser(new csv_parser);
        if (csv_init(parser.get(), 0) != 0) throw std::bad_alloc();
        csv_set_delim(parser.get(), static_cast<unsigned char>(dialect_.separator));
        parser_ = parser.get();
        // read_csv checks the whole file's encoding before parsing it: after a parse error, the rest
        // is still decoded so that an encoding error further on is the one reported.
        std::exception_ptr failed;
        const auto parse_block = [&](std::string_view block, int first_line) {
            const auto text = decode(block, first_line);
            if (failed) return;
            try {
                parse(text);
            } catch (const munidash_error&) {
                failed = std::current_exception();
            }
        };
        constexpr std::size_t block_size = 4 << 20;
        std::string pending;  // bytes read after the last complete line
        int line = 1;         // the line pending starts on
        while (in) {
            const auto kept = pending.size();
            pending.resize(kept + block_size);
            in.read(pending.data() + kept, static_cast<std::streamsize>(block_size));
            pending.resize(kept + static_cast<std::size_t>(in.gcount()));
            const auto last = pending.rfind('\n');
            if (last == std::string::npos || last < kept) continue;
            const std::string_view block(pending.data(), last + 1);
            parse_block(block, line);
            line += static_cast<int>(std::count(block.begin(), block.end(), '\n'));
            pending.erase(0, last + 1);
        }
        if (!pending.empty()) parse_block(pending, line);
        if (!failed) {
            try {
                csv_fini(parser_, on_field, on_record, this);
                if (!header_seen_)
                    throw munidash_error(failure_kind::input,
                                         diagnostic{{file_, 1, 0},
                                                    "the data file is empty: it has no header line",
                                                    "asked for by " + to_string(asked_by_)});
            } catch (const munidash_error&) {
                failed = std::current_exception();
            }
        }
        if (failed) std::rethrow_exception(failed);
    }

private:
    // The block as UTF-8, its encoding checked; `first_line` is the line the block starts on.
    std::string_view decode(std::string_view block, int first_line) {
        std::string_view text = block;
        if (dialect_.encoding != text_encoding::utf8) {
            converted_ = to_utf8(block, dialect_.encoding, file_, first_line);
            text = converted_;
        }
        if (first_block_) text = strip_utf8_bom(text);
        first_block_ = false;
        if (const auto bad = find_invalid_utf8(text)) {
            const auto line =
                first_line + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n');
            throw munidash_error(
                failure_kind::input,
                diagnostic{{file_, static_cast<int>(line), 0},
                           "the data file is not valid UTF-8",
                           "declare its encoding in the spec (" + to_string(asked_by_) + "), e.g. encoding: latin-1"});
        }
        return text;
    }

    void parse(std::string_view text) {
        std::size_t start = 0;
        for (; to_skip_ > 0 && start < text.size(); --to_skip_) {
            const auto newline = text.find('\n', start);
            start = newline == std::string_view::npos ? text.size() : newline + 1;
            ++current_line_;
            record_start_line_ = current_line_;
        }
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            end = end == std::string_view::npos ? text.size() : end + 1;
            if (csv_parse(parser_, text.data() + start, end - start, on_field, on_record, this) != end - start)
                throw munidash_error(failure_kind::input, diagnostic{{file_, current_line_, 0},
                                                                     std::string("cannot parse the CSV: ") +
                                                                         csv_strerror(csv_error(parser_)),
                                                                     "asked for by " + to_string(asked_by_)});
            ++current_line_;
            start = end;
        }
    }

    static void on_field(void* data, std::size_t length, void* self_ptr) {
        auto& self = *static_cast<row_streamer*>(self_ptr);
        if (self.ends_.empty()) self.record_line_ = self.record_start_line_;
        self.chars_.append(static_cast<const char*>(data), length);
        self.ends_.push_back(self.chars_.size());
    }

    static void on_record(int, void* self_ptr) {
        auto& self = *static_cast<row_streamer*>(self_ptr);
        if (self.ends_.empty()) return;
        self.record_start_line_ = self.current_line_ + 1;
        self.cells_.clear();
        std::size_t begin = 0;
        for (const auto end : self.ends_) {
            self.cells_.emplace_back(self.chars_.data() + begin, end - begin);
            begin = end;
        }
        self.deliver();
        self.chars_.clear();
        self.ends_.clear();
    }

    // The checks parse_table makes, on the header and then on each row.
    void deliver() {
        if (!header_seen_) {
            header_seen_ = true;
            const std::vector<std::string> header(cells_.begin(), cells_.end());
            std::set<std::string_view> seen;
            for (const auto& name : header)
                if (!seen.insert(name).second)
                    throw munidash_error(failure_kind::input,
                                         diagnostic{{file_, record_line_, 0},
                                                    "column '" + name + "' appears twice in the header",
                                                    "rename one of them; asked for by " + to_string(asked_by_)});
            if (header.size() == 1 && header.front().find_first_of(",;\t|") != std::string::npos)
                throw munidash_error(failure_kind::input,
                                     diagnostic{{file_, record_line_, 0},
                                                "the header line is one column with the separator '" +
                                                    separator_text(dialect_.separator) + "': '" + header.front() + "'",
                                                "if it is a note above the header, set 'skip_lines:'; if the file uses "
                                                "another separator, set 'separator:' (" +
                                                    to_string(asked_by_) + ")"});
            header_size_ = header.size();
            on_header_(header);
            return;
        }
        if (cells_.size() != header_size_)
            throw munidash_error(failure_kind::input,
                                 diagnostic{{file_, record_line_, 0},
                                            "this row has " + std::to_string(cells_.size()) +
                                                " fields, the header has " + std::to_string(header_size_),
                                            "check the separator and the quotes on this line"});
        on_row_(cells_, record_line_);
    }

    const std::filesystem::path& file_;
    const csv_dialect& dialect_;
    const text_position& asked_by_;
    const csv_header_handler& on_header_;
    const csv_row_handler& on_row_;
    csv_parser* parser_ = nullptr;
    int to_skip_ = 0;
    int current_line_ = 1;
    int record_start_line_ = 1;
    int record_line_ = 1;
    bool first_block_ = true;
    bool header_seen_ = false;
    std::size_t header_size_ = 0;
    std::string converted_;
    std::string chars_;              // the current record's fields, end to end
    std::vector<std::size_t> ends_;  // where each field ends in chars_
    std::vector<std::string_view> cells_;
};

}  // namespace

void read_csv_rows(const std::filesystem::path& file, const csv_dialect& dialect, const text_position& asked_by,
                   const csv_header_handler& on_header, const csv_row_handler& on_row) {
    row_streamer(file, dialect, asked_by, on_header, on_row).run();
}

csv_table read_csv(const std::filesystem::path& file, const csv_dialect& dialect, const text_position& asked_by) {
    return read_csv_text(read_file_text(file, asked_by), file, dialect, asked_by);
}

csv_table read_csv_text(std::string text, const std::filesystem::path& file, const csv_dialect& dialect,
                        const text_position& asked_by) {
    return parse_table(std::move(text), file, dialect, asked_by, static_cast<std::size_t>(-1));
}

std::vector<std::string> read_csv_header(const std::filesystem::path& file, const csv_dialect& dialect,
                                         const text_position& asked_by) {
    // A header line is short; 64 KiB holds any real one.
    std::string text = read_file_text(file, asked_by, 1 << 16);
    // Keep the skipped lines and the header line.
    std::size_t kept = 0;
    for (int line = 0; line <= dialect.skip_lines && kept < text.size(); ++line) {
        const auto newline = text.find('\n', kept);
        kept = newline == std::string::npos ? text.size() : newline + 1;
    }
    text.resize(kept);
    return parse_table(std::move(text), file, dialect, asked_by, 1).header;
}

namespace {

// `header` with the spec's renames applied where they can be; never throws (see apply_renames).
std::vector<std::string> renamed(std::vector<std::string> header, const source_spec& source) {
    for (const auto& rename : source.renames)
        if (const auto from = std::find(header.begin(), header.end(), rename.from); from != header.end())
            *from = rename.to;
    return header;
}

bool holds_key(const std::vector<std::string>& fields, const source_spec& source) {
    const auto after = renamed(fields, source);
    return std::find(after.begin(), after.end(), source.key) != after.end();
}

// How the spec would write `separator`, quoted as YAML wants it.
std::string separator_setting(char separator) { return "separator: \"" + separator_text(separator) + "\""; }

// What to do to the spec so that line `header_line` is read as the header.
std::string skip_lines_fix(int header_line) {
    return header_line == 1 ? "remove 'skip_lines' (the header is the file's first line)"
                            : "write 'skip_lines: " + std::to_string(header_line - 1) + "'";
}

// When the line read as the header does not hold the key column, looks for the line and the
// separator that would: the lines before it and the ten after it, split on the declared
// separator, then on the other common ones. A disclaimer above the header must not be reported
// as a wrong separator, and a separator only blamed when another one finds the key.
std::optional<diagnostic> misplaced_header(const source_spec& source) {
    constexpr int lines_after = 10;
    if (source.key.empty()) return std::nullopt;
    std::string text;
    try {
        text = read_file_text(source.file, source.file_where, 1 << 16);
        if (source.dialect.encoding != text_encoding::utf8) text = to_utf8(text, source.dialect.encoding, source.file);
    } catch (const munidash_error&) {
        return std::nullopt;  // the reader's own error says what is wrong
    }
    const std::string_view body = strip_utf8_bom(text);
    const int header_line = source.dialect.skip_lines + 1;
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < body.size() && static_cast<int>(lines.size()) < header_line + lines_after;) {
        auto end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        auto line = body.substr(start, end - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    const auto fields = [&](std::string_view line, char separator) -> std::vector<std::string> {
        csv_dialect dialect;
        dialect.separator = separator;
        try {
            auto state = parse(line, dialect, source.file, source.file_where, 1);
            return state.records.empty() ? std::vector<std::string>{} : std::move(state.records.front());
        } catch (const munidash_error&) {
            return {};
        }
    };
    const auto line_holds_key = [&](int number, char separator) {
        return number >= 1 && number <= static_cast<int>(lines.size()) &&
               holds_key(fields(lines[static_cast<std::size_t>(number - 1)], separator), source);
    };
    const char declared = source.dialect.separator;
    if (line_holds_key(header_line, declared)) return std::nullopt;

    const auto file = "'" + source.file.string() + "'";
    const auto not_a_header = "line " + std::to_string(header_line) + " of " + file +
                              " is not a header: the key column '" + source.key + "' is on line ";
    for (int line = 1; line <= static_cast<int>(lines.size()); ++line)
        if (line != header_line && line_holds_key(line, declared))
            return diagnostic{source.where, not_a_header + std::to_string(line),
                              source.dialect.skip_lines == 0
                                  ? "did you forget 'skip_lines: " + std::to_string(line - 1) + "'?"
                                  : skip_lines_fix(line)};
    for (const char other : std::string_view(",;\t|")) {
        if (other == declared) continue;
        if (line_holds_key(header_line, other))
            return diagnostic{source.where,
                              "the header of " + file + " (line " + std::to_string(header_line) +
                                  ") is not separated by '" + separator_text(declared) + "': split on '" +
                                  separator_text(other) + "', it holds the key column '" + source.key + "'",
                              "write " + separator_setting(other)};
        for (int line = 1; line <= static_cast<int>(lines.size()); ++line)
            if (line != header_line && line_holds_key(line, other))
                return diagnostic{
                    source.where,
                    not_a_header + std::to_string(line) + ", separated by '" + separator_text(other) + "'",
                    skip_lines_fix(line) + ", and write " + separator_setting(other)};
    }
    return std::nullopt;
}

// Throws what misplaced_header finds, if anything (exit 2: the fix is in the spec).
void check_header_line(const source_spec& source) {
    if (auto problem = misplaced_header(source)) throw munidash_error(failure_kind::spec, std::move(*problem));
}

void apply_renames(std::vector<std::string>& header, const source_spec& source) {
    for (const auto& rename : source.renames) {
        const auto from = std::find(header.begin(), header.end(), rename.from);
        if (from == header.end())
            throw munidash_error(failure_kind::input, diagnostic{rename.where,
                                                                 "rename: column '" + rename.from + "' is not in '" +
                                                                     source.file.string() + "'",
                                                                 unknown_name_hint(rename.from, header)});
        if (std::find(header.begin(), header.end(), rename.to) != header.end())
            throw munidash_error(failure_kind::input, diagnostic{rename.where,
                                                                 "rename: '" + source.file.string() +
                                                                     "' already has a column '" + rename.to + "'",
                                                                 "choose another new name"});
        *from = rename.to;
    }
}

}  // namespace

csv_table read_source_csv(const source_spec& source) {
    csv_table table;
    try {
        table = read_csv(source.file, source.dialect, source.file_where);
    } catch (const munidash_error& e) {
        // A note above the header makes a one-column header, or rows longer than the header.
        if (e.kind() == failure_kind::input) check_header_line(source);
        throw;
    }
    if (!holds_key(table.header, source)) check_header_line(source);
    apply_renames(table.header, source);
    return table;
}

std::vector<std::string> read_source_csv_rows(const source_spec& source, const csv_header_handler& on_header,
                                              const csv_row_handler& on_row) {
    std::vector<std::string> header;
    try {
        read_csv_rows(
            source.file, source.dialect, source.file_where,
            [&](const std::vector<std::string>& read) {
                header = read;
                on_header(renamed(read, source));
            },
            on_row);
    } catch (const munidash_error& e) {
        if (e.kind() == failure_kind::input) check_header_line(source);
        throw;
    }
    if (!holds_key(header, source)) check_header_line(source);
    apply_renames(header, source);
    return header;
}

std::vector<std::string> read_source_header(const source_spec& source) {
    std::vector<std::string> header;
    try {
        header = read_csv_header(source.file, source.dialect, source.file_where);
    } catch (const munidash_error& e) {
        if (e.kind() == failure_kind::input) check_header_line(source);
        throw;
    }
    if (!holds_key(header, source)) check_header_line(source);
    apply_renames(header, source);
    return header;
}

diagnostic missing_column_error(const source_spec& source, const text_position& where, std::string message,
                                std::string_view column, const std::vector<std::string>& header,
                                const std::function<std::string(const std::string&)>& write) {
    std::string name(column);
    for (const auto& rename : source.renames)  // in order, as apply_renames does
        if (rename.from == name) name = rename.to;
    if (name == column) return {where, std::move(message), unknown_name_hint(column, header)};
    return {where,
            std::move(message) + " after renaming: 'rename' turned '" + std::string(column) + "' into '" + name + "'",
            "a spec names columns after renaming: write " + write(name)};
}

}  // namespace munidash
