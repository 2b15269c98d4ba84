// Checks that a stream of bytes is well-formed XML, as it is read: no part is held in memory whole.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

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

// A fast first look at the same stream, without expat: the tags nest and match by name, attributes
// are quoted, entities are known, text is UTF-8 without XML's forbidden control characters, and one
// root element ends the document. It knows only what libxlsxwriter writes (no comment, CDATA or
// DOCTYPE): when it says no, or meets anything else, the part is read again by xml_stream_check,
// whose verdict stands. About ten times quicker than expat on a workbook's parts.
class xml_quick_check {
public:
    // Scans the next `size` bytes; after the first doubt, does nothing.
    void feed(const char* bytes, std::size_t size);
    // Ends the document; true when it is surely well-formed, false when expat must decide.
    bool finish();

private:
    enum class state {
        text, tag_start, open_name, in_tag, attribute_name, before_equals, before_value, value, after_value,
        empty_end, close_name, after_close_name, entity, declaration
    };
    bool byte(unsigned char c);
    bool end_entity();

    state state_ = state::text;
    state after_entity_ = state::text;  // text or value
    bool doubt_ = false;
    bool root_seen_ = false;
    bool root_closed_ = false;
    char quote_ = 0;
    std::size_t declaration_at_ = 0;    // bytes of the XML declaration matched after "<?"
    int utf8_continuations_ = 0;        // bytes still expected in the current UTF-8 sequence
    std::string name_;                  // the tag name being read
    std::string entity_;                // the entity being read, without & and ;
    std::string attribute_;             // the attribute name being read
    std::vector<std::string> attributes_;  // the names of the attributes of the tag being read
    std::string stack_;                 // the open elements' names, each followed by '\0'
    std::size_t depth_ = 0;
};

}  // namespace munidash
