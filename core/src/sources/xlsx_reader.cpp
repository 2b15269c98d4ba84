// The only file that reads .xlsx workbooks written by others: minizip for the zip container (from
// memory, through minizip's own I/O callbacks) and expat for each XML part. workbook/zip_check.cpp
// and workbook/xml_check.cpp only check the workbooks munidash writes.
#include "sources/xlsx_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>

#include <expat.h>
#include <minizip/unzip.h>

#include "base/diagnostics.hpp"

namespace munidash {

namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, std::string what, std::string hint) {
    throw munidash_error(failure_kind::input, diagnostic{{file, 0, 0}, std::move(what), std::move(hint)});
}

const char* const resave_hint =
    "open it in Excel or LibreOffice and save it again as .xlsx, or ask the town for it again";

// minizip reads the archive through these callbacks, from bytes already in memory: the file is
// read once, its size checked first, and the fuzz target reaches the same code without a file.
struct memory_stream {
    std::string_view bytes;
    ZPOS64_T at = 0;
};

voidpf ZCALLBACK memory_open(voidpf opaque, const void*, int mode) {
    if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ) return nullptr;
    static_cast<memory_stream*>(opaque)->at = 0;
    return opaque;
}

uLong ZCALLBACK memory_read(voidpf, voidpf stream, void* buffer, uLong size) {
    auto& s = *static_cast<memory_stream*>(stream);
    const auto left = s.bytes.size() - std::min<ZPOS64_T>(s.at, s.bytes.size());
    const auto n = std::min<ZPOS64_T>(size, left);
    if (n > 0) std::memcpy(buffer, s.bytes.data() + s.at, static_cast<std::size_t>(n));
    s.at += n;
    return static_cast<uLong>(n);
}

uLong ZCALLBACK memory_write(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK memory_tell(voidpf, voidpf stream) { return static_cast<memory_stream*>(stream)->at; }

long ZCALLBACK memory_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto& s = *static_cast<memory_stream*>(stream);
    ZPOS64_T base = 0;
    switch (origin) {
        case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
        case ZLIB_FILEFUNC_SEEK_CUR: base = s.at; break;
        case ZLIB_FILEFUNC_SEEK_END: base = s.bytes.size(); break;
        default: return -1;
    }
    if (offset > s.bytes.size() || base > s.bytes.size() - offset) return -1;
    s.at = base + offset;
    return 0;
}

int ZCALLBACK memory_close(voidpf, voidpf) { return 0; }
int ZCALLBACK memory_error(voidpf, voidpf) { return 0; }

struct unzip_closer {
    void operator()(void* handle) const { unzClose(handle); }
};

// The archive's parts, read one at a time within the limits.
class archive {
public:
    archive(std::string_view bytes, const std::filesystem::path& file, const xlsx_limits& limits)
        : stream_{bytes, 0}, file_(file), limits_(limits) {
        zlib_filefunc64_def functions{};
        functions.zopen64_file = memory_open;
        functions.zread_file = memory_read;
        functions.zwrite_file = memory_write;
        functions.ztell64_file = memory_tell;
        functions.zseek64_file = memory_seek;
        functions.zclose_file = memory_close;
        functions.zerror_file = memory_error;
        functions.opaque = &stream_;
        zip_.reset(unzOpen2_64("memory", &functions));
        if (!zip_)
            refuse(file_, "it is not an .xlsx workbook: not a zip archive, or one cut short (truncated)", resave_hint);
    }

    // The part's bytes, or nullopt when the archive has no such part.
    std::optional<std::string> part(const std::string& name) {
        if (unzLocateFile(zip_.get(), name.c_str(), 2) != UNZ_OK) return std::nullopt;  // 2: names ignore case
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zip_.get(), &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
            unzOpenCurrentFile(zip_.get()) != UNZ_OK)
            refuse(file_, "part " + name + " of the workbook cannot be opened: the file is damaged", resave_hint);
        if (info.uncompressed_size > limits_.part_bytes) too_large(name, info.uncompressed_size);
        std::string out;
        out.reserve(static_cast<std::size_t>(info.uncompressed_size));
        char buffer[1 << 15];
        int read = 0;
        // The size in the directory can lie: the bytes actually inflated are counted too.
        while ((read = unzReadCurrentFile(zip_.get(), buffer, sizeof buffer)) > 0) {
            out.append(buffer, static_cast<std::size_t>(read));
            if (out.size() > limits_.part_bytes) {
                unzCloseCurrentFile(zip_.get());
                too_large(name, out.size());
            }
        }
        const int closed = unzCloseCurrentFile(zip_.get());
        if (read < 0 || closed != UNZ_OK || out.size() != info.uncompressed_size)
            refuse(file_, "part " + name + " of the workbook is truncated or corrupt", resave_hint);
        total_ += out.size();
        if (total_ > limits_.total_bytes)
            refuse(file_,
                   "the workbook's parts add up to more than " + std::to_string(limits_.total_bytes >> 20) +
                       " MB uncompressed: far more than a request workbook holds",
                   "check that this is a returned request workbook; " + std::string(resave_hint));
        return out;
    }

private:
    [[noreturn]] void too_large(const std::string& name, std::uint64_t size) {
        refuse(file_,
               "part " + name + " of the workbook is " + std::to_string(size >> 20) +
                   " MB or more uncompressed, over the limit of " + std::to_string(limits_.part_bytes >> 20) + " MB",
               "check that this is a returned request workbook and not another file; " + std::string(resave_hint));
    }

    memory_stream stream_;
    std::unique_ptr<void, unzip_closer> zip_;
    const std::filesystem::path& file_;
    const xlsx_limits& limits_;
    std::uint64_t total_ = 0;
};

// The local name of an element or attribute: expat gives "namespace|name" (see ParserCreateNS).
std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    const auto bar = n.rfind('|');
    return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::string_view attribute(const XML_Char** attributes, std::string_view name) {
    for (std::size_t i = 0; attributes[i]; i += 2)
        if (local_name(attributes[i]) == name) return attributes[i + 1];
    return {};
}

// What a part's parser does with its elements and text.
struct xml_handler {
    std::function<void(std::string_view, const XML_Char**)> start;
    std::function<void(std::string_view)> end;
    std::function<void(std::string_view)> text;
    std::string stop;  // set by a handler to stop the parse with this reason
};

struct parse_state {
    XML_Parser parser;
    xml_handler* handler;
    std::string refused;
};

void halt(parse_state& state, std::string why) {
    if (state.refused.empty()) state.refused = std::move(why);
    XML_StopParser(state.parser, XML_FALSE);
}

// Parses `text` with `handler`; throws at `file` naming `part` when it is not well-formed or holds
// a DOCTYPE (an .xlsx part never has one; entities are how XML bombs work).
void parse_xml(std::string_view text, xml_handler& handler, const std::filesystem::path& file,
               const std::string& part) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, '|'), XML_ParserFree);
    if (!parser) throw std::bad_alloc();
    parse_state state{parser.get(), &handler, {}};
    XML_SetUserData(parser.get(), &state);
    XML_SetStartDoctypeDeclHandler(
        parser.get(), [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
            halt(*static_cast<parse_state*>(data), "it declares a DOCTYPE, which no .xlsx part has");
        });
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* name, const XML_Char** attributes) {
            auto& s = *static_cast<parse_state*>(data);
            if (s.handler->start) s.handler->start(local_name(name), attributes);
            if (!s.handler->stop.empty()) halt(s, s.handler->stop);
        },
        [](void* data, const XML_Char* name) {
            auto& s = *static_cast<parse_state*>(data);
            if (s.handler->end) s.handler->end(local_name(name));
            if (!s.handler->stop.empty()) halt(s, s.handler->stop);
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* chars, int length) {
        auto& s = *static_cast<parse_state*>(data);
        if (s.handler->text) s.handler->text(std::string_view(chars, static_cast<std::size_t>(length)));
    });
    constexpr std::size_t most = static_cast<std::size_t>(std::numeric_limits<int>::max());
    bool ok = text.size() < most &&
              XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_OK;
    if (ok && state.refused.empty()) return;
    const std::string why = !state.refused.empty()
                                ? state.refused
                                : std::string(XML_ErrorString(XML_GetErrorCode(parser.get()))) + " at line " +
                                      std::to_string(XML_GetCurrentLineNumber(parser.get()));
    refuse(file, "part " + part + " of the workbook cannot be read: " + why, resave_hint);
}

// "B7" -> (7, 2); nullopt when it is not a cell reference within Excel's grid.
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_reference(std::string_view r) {
    std::uint32_t column = 0;
    std::size_t i = 0;
    for (; i < r.size() && r[i] >= 'A' && r[i] <= 'Z' && i < 3; ++i)
        column = column * 26 + static_cast<std::uint32_t>(r[i] - 'A' + 1);
    std::uint32_t row = 0;
    const auto digits = r.substr(i);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), row);
    if (error != std::errc{} || end != digits.data() + digits.size() || digits.empty() || column == 0 ||
        column > 16384 || row == 0 || row > 1048576)
        return std::nullopt;
    return std::pair(row, column);
}

std::optional<double> parse_number(std::string_view s) {
    double value = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

std::vector<std::string> read_shared_strings(const std::string& text, const std::filesystem::path& file) {
    std::vector<std::string> strings;
    int in_phonetic = 0;  // <rPh> runs are pronunciation guides, not part of the string
    bool in_text = false;
    xml_handler h;
    h.start = [&](std::string_view name, const XML_Char**) {
        if (name == "si")
            strings.emplace_back();
        else if (name == "rPh")
            ++in_phonetic;
        else if (name == "t")
            in_text = true;
    };
    h.end = [&](std::string_view name) {
        if (name == "rPh")
            --in_phonetic;
        else if (name == "t")
            in_text = false;
    };
    h.text = [&](std::string_view chars) {
        if (in_text && in_phonetic == 0 && !strings.empty()) strings.back() += chars;
    };
    parse_xml(text, h, file, "xl/sharedStrings.xml");
    return strings;
}

// The cell at (row, column) whose t attribute is `type`, holding `value` (its <v>) or
// `inline_text`; nullopt for an empty <v/>, or with `stop` set when the cell cannot be read.
std::optional<xlsx_cell> typed_cell(std::uint32_t row, std::uint32_t column, const std::string& type,
                                    const std::string& value, const std::string& inline_text,
                                    const std::vector<std::string>& shared, std::string& stop) {
    xlsx_cell cell{row, column, xlsx_cell_kind::text, {}, 0};
    if (type == "s") {
        std::size_t index = 0;
        if (std::from_chars(value.data(), value.data() + value.size(), index).ec != std::errc{} ||
            index >= shared.size()) {
            stop = "cell " + cell_reference(row, column) + " points to a shared string that does not exist";
            return std::nullopt;
        }
        cell.text = shared[index];
    } else if (type == "inlineStr") {
        cell.text = inline_text;
    } else if (type == "str" || type == "d") {
        cell.text = value;
    } else if (type == "b" || type == "e") {
        cell.kind = type == "b" ? xlsx_cell_kind::boolean : xlsx_cell_kind::error;
        cell.text = value;
        cell.number = value == "1" ? 1 : 0;
    } else {
        const auto number = parse_number(value);
        if (!number) {
            if (!value.empty())  // <v/>: no value
                stop = "cell " + cell_reference(row, column) + " is typed as a number but holds '" +
                       value.substr(0, 40) + "'";
            return std::nullopt;
        }
        cell.kind = xlsx_cell_kind::number;
        cell.text = value;
        cell.number = *number;
    }
    return cell;
}

// Where the <row> or <c> element starting with `attributes` lies, after the one at (row,
// column): its r attribute, or the next row or column when it has none. Sets `stop` when it is
// not a valid place.
void place_element(std::string_view name, const XML_Char** attributes, std::uint32_t& row, std::uint32_t& column,
                   std::string& stop) {
    if (name == "row") {
        std::uint32_t r = 0;
        const auto given = attribute(attributes, "r");
        if (given.empty())
            r = row + 1;  // r is optional: the next row
        else if (std::from_chars(given.data(), given.data() + given.size(), r).ec != std::errc{} || r == 0 ||
                 r > 1048576)
            stop = "row number '" + std::string(given) + "' is not valid";
        row = r;
        column = 0;
        return;
    }
    const auto r = attribute(attributes, "r");
    if (r.empty()) {
        ++column;  // r is optional: the next column
    } else if (const auto at = parse_reference(r)) {
        row = at->first;
        column = at->second;
    } else {
        stop = "cell reference '" + std::string(r) + "' is not valid";
    }
    if (row == 0 || column == 0 || column > 16384) stop = "a cell lies outside the sheet's grid";
}

// A sheet's cells, appended to `sheet`; `budget` is what is left of the limit on cells.
void read_cells(const std::string& text, const std::string& part, const std::vector<std::string>& shared,
                xlsx_sheet& sheet, std::size_t& budget, const std::filesystem::path& file) {
    std::uint32_t row = 0, column = 0;
    std::string type, value, inline_text;
    bool in_value = false, in_inline = false, in_text = false, has_value = false;
    int in_phonetic = 0;
    xml_handler h;
    h.start = [&](std::string_view name, const XML_Char** attributes) {
        if (name == "row" || name == "c") place_element(name, attributes, row, column, h.stop);
        if (name == "c") {
            type = attribute(attributes, "t");
            value.clear();
            inline_text.clear();
            has_value = false;
        } else if (name == "v" || name == "is") {
            (name == "v" ? in_value : in_inline) = true;
            has_value = true;
        } else if (name == "rPh") {
            ++in_phonetic;
        } else if (name == "t" && in_inline) {
            in_text = true;
        }
    };
    h.end = [&](std::string_view name) {
        if (name == "v")
            in_value = false;
        else if (name == "is")
            in_inline = false;
        else if (name == "rPh")
            --in_phonetic;
        else if (name == "t")
            in_text = false;
        else if (name == "c" && has_value) {
            if (budget == 0) {
                h.stop = "it holds more cells than a request workbook ever does";
                return;
            }
            --budget;
            if (auto cell = typed_cell(row, column, type, value, inline_text, shared, h.stop))
                sheet.cells.push_back(std::move(*cell));
        }
    };
    h.text = [&](std::string_view chars) {
        if (in_value)
            value += chars;
        else if (in_text && in_phonetic == 0)
            inline_text += chars;
    };
    parse_xml(text, h, file, part);
}

}  // namespace

const xlsx_cell* xlsx_sheet::find(std::uint32_t row, std::uint32_t column) const {
    const auto it =
        std::lower_bound(cells.begin(), cells.end(), std::pair(row, column),
                         [](const xlsx_cell& c, const auto& at) { return std::pair(c.row, c.column) < at; });
    return it != cells.end() && it->row == row && it->column == column ? &*it : nullptr;
}

std::string cell_reference(std::uint32_t row, std::uint32_t column) {
    std::string letters;
    for (auto c = column; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row);
}

xlsx_workbook read_xlsx_bytes(std::string_view bytes, const std::filesystem::path& file, const xlsx_limits& limits) {
    if (bytes.size() > limits.file_bytes)
        refuse(file,
               "the file is " + std::to_string(bytes.size() >> 20) + " MB, over the limit of " +
                   std::to_string(limits.file_bytes >> 20) + " MB for a returned workbook",
               "check that this is a returned request workbook and not another file");
    archive zip(bytes, file, limits);
    const auto workbook_part = zip.part("xl/workbook.xml");
    if (!workbook_part)
        refuse(file, "it is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)", resave_hint);

    struct declared_sheet {
        std::string name, state, relation;
    };
    std::vector<declared_sheet> declared;
    xml_handler workbook_handler;
    workbook_handler.start = [&](std::string_view name, const XML_Char** attributes) {
        if (name != "sheet") return;
        if (declared.size() >= limits.sheets) {
            workbook_handler.stop = "it declares more than " + std::to_string(limits.sheets) + " sheets";
            return;
        }
        declared.push_back({std::string(attribute(attributes, "name")), std::string(attribute(attributes, "state")),
                            std::string(attribute(attributes, "id"))});
    };
    parse_xml(*workbook_part, workbook_handler, file, "xl/workbook.xml");

    std::map<std::string, std::string> targets;  // relationship id -> part name
    if (const auto rels = zip.part("xl/_rels/workbook.xml.rels")) {
        xml_handler h;
        h.start = [&](std::string_view name, const XML_Char** attributes) {
            if (name != "Relationship") return;
            std::string target(attribute(attributes, "Target"));
            // Targets are relative to xl/, or absolute from the package's root.
            target = target.starts_with('/') ? target.substr(1) : "xl/" + target;
            targets[std::string(attribute(attributes, "Id"))] = target;
        };
        parse_xml(*rels, h, file, "xl/_rels/workbook.xml.rels");
    }

    std::vector<std::string> shared;
    if (const auto strings = zip.part("xl/sharedStrings.xml")) shared = read_shared_strings(*strings, file);

    xlsx_workbook out;
    if (const auto core = zip.part("docProps/core.xml")) {
        bool in_modified = false;
        xml_handler h;
        h.start = [&](std::string_view name, const XML_Char**) { in_modified = name == "modified"; };
        h.end = [&](std::string_view) { in_modified = false; };
        h.text = [&](std::string_view chars) {
            if (in_modified && out.modified.size() < 64) out.modified += chars;
        };
        parse_xml(*core, h, file, "docProps/core.xml");
    }

    std::size_t budget = limits.cells;
    for (std::size_t i = 0; i < declared.size(); ++i) {
        const auto& d = declared[i];
        xlsx_sheet sheet;
        sheet.name = d.name;
        sheet.state = d.state == "veryHidden" ? sheet_state::very_hidden
                      : d.state == "hidden"   ? sheet_state::hidden
                                              : sheet_state::visible;
        // Without relationships (a hand-made file), sheets are numbered in order, as most writers do.
        const auto target = targets.find(d.relation);
        const auto part_name =
            target != targets.end() ? target->second : "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
        if (const auto text = zip.part(part_name)) {
            read_cells(*text, part_name, shared, sheet, budget, file);
            std::stable_sort(sheet.cells.begin(), sheet.cells.end(), [](const xlsx_cell& a, const xlsx_cell& b) {
                return std::pair(a.row, a.column) < std::pair(b.row, b.column);
            });
        } else if (target == targets.end() || target->second.find("worksheets/") != std::string::npos) {
            refuse(file, "sheet '" + d.name + "' has no part " + part_name + " in the workbook", resave_hint);
        }
        // A chart sheet or dialog sheet has no cells: kept, empty.
        out.sheets.push_back(std::move(sheet));
    }
    return out;
}

xlsx_workbook read_xlsx_file(const std::filesystem::path& file, const xlsx_limits& limits) {
    std::ifstream in(file, std::ios::binary);
    if (!in) refuse(file, "the file cannot be opened", "check that it exists and that munidash may read it");
    std::string bytes;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > limits.file_bytes) break;  // refused by read_xlsx_bytes, without reading the rest
    }
    return read_xlsx_bytes(bytes, file, limits);
}

}  // namespace munidash
