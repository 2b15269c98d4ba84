// The only file that uses expat.
#include "xml_check.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>

#include <expat.h>

namespace munidash {

namespace {
XML_Parser parser_of(void* p) { return static_cast<XML_Parser>(p); }
}  // namespace

namespace {
const char* attribute(const char** attributes, const char* name) {
    for (; attributes && *attributes; attributes += 2)
        if (std::strcmp(attributes[0], name) == 0) return attributes[1];
    return nullptr;
}

// A cell reference's column (A = 1) and row; 0 for what is not a reference.
std::pair<std::uint64_t, std::uint64_t> cell_reference(const char* text) {
    std::uint64_t col = 0, row = 0;
    for (; *text >= 'A' && *text <= 'Z' && col < (1u << 20); ++text) col = col * 26 + static_cast<std::uint64_t>(*text - 'A' + 1);
    for (; *text >= '0' && *text <= '9' && row < (1u << 30); ++text) row = row * 10 + static_cast<std::uint64_t>(*text - '0');
    if (*text != '\0') return {0, 0};
    return {col, row};
}
}  // namespace

xml_stream_check::xml_stream_check(bool worksheet) : parser_(XML_ParserCreate(nullptr)) {
    if (!parser_) {
        error_ = "the XML parser could not start (out of memory)";
        return;
    }
    XML_SetUserData(parser_of(parser_), this);
    if (worksheet) {
        XML_SetStartElementHandler(parser_of(parser_), [](void* self, const XML_Char* name, const XML_Char** attributes) {
            static_cast<xml_stream_check*>(self)->on_element(name, attributes);
        });
        return;
    }
    XML_SetElementHandler(
        parser_of(parser_),
        [](void* self, const XML_Char* name, const XML_Char** attributes) {
            static_cast<xml_stream_check*>(self)->on_open(name, attributes);
        },
        [](void* self, const XML_Char* name) { static_cast<xml_stream_check*>(self)->on_close(name); });
}

void xml_stream_check::on_open(const char* name, const char** attributes) {
    if (!open_.empty()) ++open_.back().children;
    // The lists of styles.xml, workbook.xml and the others say how many items they hold; the
    // shared strings' "count" counts uses, its "uniqueCount" the items.
    const char* count = attribute(attributes, std::strcmp(name, "sst") == 0 ? "uniqueCount" : "count");
    if (!count && std::strcmp(name, "vt:vector") == 0) count = attribute(attributes, "size");
    open_.push_back({count ? std::strtoll(count, nullptr, 10) : -1, 0});
}

void xml_stream_check::on_close(const char* name) {
    if (open_.empty()) return;
    const auto [expected, children] = open_.back();
    open_.pop_back();
    if (!error_.empty() || expected < 0 || expected == children) return;
    error_ = std::string("<") + name + "> says it holds " + std::to_string(expected) + " items but holds " +
             std::to_string(children) + ", at line " + std::to_string(XML_GetCurrentLineNumber(parser_of(parser_)));
    XML_StopParser(parser_of(parser_), XML_FALSE);
}

void xml_stream_check::on_element(const char* name, const char** attributes) {
    if (!error_.empty()) return;
    const auto refuse = [&](const std::string& what) {
        error_ = what + " at line " + std::to_string(XML_GetCurrentLineNumber(parser_of(parser_)));
        XML_StopParser(parser_of(parser_), XML_FALSE);
    };
    if (std::strcmp(name, "row") == 0) {
        const char* r = attribute(attributes, "r");
        const auto [col, row] = cell_reference(r ? r : "");
        if (col != 0 || row <= row_) return refuse(std::string("row '") + (r ? r : "") + "' out of order");
        row_ = row;
        col_ = 0;
        ++rows_;
    } else if (std::strcmp(name, "c") == 0) {
        const char* r = attribute(attributes, "r");
        const auto [col, row] = cell_reference(r ? r : "");
        if (row != row_ || col <= col_)
            return refuse(std::string("cell '") + (r ? r : "") + "' out of place in row " + std::to_string(row_));
        col_ = col;
        ++cells_;
    }
}

xml_stream_check::~xml_stream_check() {
    if (parser_) XML_ParserFree(parser_of(parser_));
}

void xml_stream_check::record_error() {
    if (!error_.empty()) return;  // a reference out of place stopped the parser: that is the reason
    const auto parser = parser_of(parser_);
    error_ = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
             std::to_string(XML_GetCurrentLineNumber(parser)) + ", column " +
             std::to_string(XML_GetCurrentColumnNumber(parser) + 1);
}

void xml_stream_check::feed(const char* bytes, std::size_t size) {
    // A piece longer than an int is fed in several calls: expat counts lengths in int.
    constexpr std::size_t most = static_cast<std::size_t>(std::numeric_limits<int>::max());
    while (error_.empty() && size > 0) {
        const std::size_t piece = size < most ? size : most;
        if (XML_Parse(parser_of(parser_), bytes, static_cast<int>(piece), XML_FALSE) != XML_STATUS_OK) record_error();
        bytes += piece;
        size -= piece;
    }
}

std::string xml_stream_check::finish() {
    if (error_.empty() && XML_Parse(parser_of(parser_), nullptr, 0, XML_TRUE) != XML_STATUS_OK) record_error();
    return error_;
}

}  // namespace munidash
