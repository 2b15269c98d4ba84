// Checks that a stream of bytes is well-formed XML, as it is read: no part is held in memory whole.
#pragma once

#include <cstddef>
#include <string>

namespace munidash {

// One XML document, fed in pieces to expat. A part of a workbook that libxlsxwriter cut short
// (its temporary file could not be written) ends in the middle of an element: expat says so.
class xml_stream_check {
public:
    xml_stream_check();
    ~xml_stream_check();
    xml_stream_check(const xml_stream_check&) = delete;
    xml_stream_check& operator=(const xml_stream_check&) = delete;

    // Parses the next `size` bytes; after the first error, does nothing.
    void feed(const char* bytes, std::size_t size);
    // Ends the document; returns empty when it was well-formed, else expat's reason and place
    // ("unclosed token at line 2, column 8190").
    std::string finish();

private:
    void* parser_;
    std::string error_;
    void record_error();
};

}  // namespace munidash
