// The only file that uses expat.
#include "xml_check.hpp"

#include <limits>

#include <expat.h>

namespace munidash {

namespace {
XML_Parser parser_of(void* p) { return static_cast<XML_Parser>(p); }
}  // namespace

xml_stream_check::xml_stream_check() : parser_(XML_ParserCreate(nullptr)) {
    if (!parser_) error_ = "the XML parser could not start (out of memory)";
}

xml_stream_check::~xml_stream_check() {
    if (parser_) XML_ParserFree(parser_of(parser_));
}

void xml_stream_check::record_error() {
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
