// Checks that a stream of bytes is well-formed XML, as it is read: no part is held in memory whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace munidash {

// One XML document, fed in pieces to expat. A part of a workbook that libxlsxwriter cut short
// (its temporary file could not be written) ends in the middle of an element: expat says so.
class xml_stream_check {
public:
    // With `worksheet`, also checks that rows and cells come in order, each cell in its own row,
    // and counts them: a part whose temporary file lost a piece in the middle can still be
    // well-formed XML, but not with its rows and cells in order and all there. In every part, each
    // list that says how many items it holds (count="3") must hold that many.
    explicit xml_stream_check(bool worksheet = false);
    ~xml_stream_check();
    xml_stream_check(const xml_stream_check&) = delete;
    xml_stream_check& operator=(const xml_stream_check&) = delete;

    // Parses the next `size` bytes; after the first error, does nothing.
    void feed(const char* bytes, std::size_t size);
    // Ends the document; returns empty when it was well-formed, else expat's reason and place
    // ("unclosed token at line 2, column 8190").
    std::string finish();
    // The rows and cells of a worksheet part read so far.
    std::uint64_t rows() const noexcept { return rows_; }
    std::uint64_t cells() const noexcept { return cells_; }

private:
    void* parser_;
    bool worksheet_;
    std::string error_;
    std::uint64_t rows_ = 0, cells_ = 0;
    std::uint64_t row_ = 0, col_ = 0;  // the reference of the last row and of the last cell in it (1-based)
    void record_error();
    // Checks a <row> or <c> element's reference against the previous ones.
    void on_element(const char* name, const char** attributes);
    // An element that says how many items it holds ("count") must hold that many.
    void on_open(const char* name, const char** attributes);
    void on_close(const char* name);
    struct open_element {
        long long expected;  // -1: says nothing
        long long children;
    };
    std::vector<open_element> open_;
};

// A fast first look at the same stream, without expat: the tags nest and match by name, attributes
// are quoted, entities are known, text is UTF-8 without XML's forbidden control characters, and one
// root element ends the document. It knows only what libxlsxwriter writes (no comment, CDATA or
// DOCTYPE): when it says no, or meets anything else, the part is read again by xml_stream_check,
// whose verdict stands. About ten times quicker than expat on a workbook's parts.
class xml_quick_check {
public:
    // With `worksheet`, also checks and counts rows and cells as xml_stream_check does; in every
    // part, a list that says how many items it holds must hold that many, or expat decides.
    explicit xml_quick_check(bool worksheet = false) : worksheet_(worksheet) {}
    // Scans the next `size` bytes; after the first doubt, does nothing.
    void feed(const char* bytes, std::size_t size);
    // Ends the document; true when it is surely well-formed, false when expat must decide.
    bool finish();
    // The rows and cells of a worksheet part scanned so far.
    std::uint64_t rows() const noexcept { return rows_; }
    std::uint64_t cells() const noexcept { return cells_; }

private:
    enum class state {
        text,
        tag_start,
        open_name,
        in_tag,
        attribute_name,
        before_equals,
        before_value,
        value,
        after_value,
        empty_end,
        close_name,
        after_close_name,
        entity,
        declaration
    };
    bool byte(unsigned char c);
    // One byte in each state of the scan: false when the part is in doubt.
    bool in_text(unsigned char c);
    bool at_tag_start(unsigned char c);
    bool in_declaration(unsigned char c);
    bool in_open_name(unsigned char c);
    bool in_tag(unsigned char c);
    bool in_attribute_name(unsigned char c);
    bool before_equals(unsigned char c);
    bool before_value(unsigned char c);
    bool in_value(unsigned char c);
    bool at_empty_end(unsigned char c);
    bool in_close_name(unsigned char c);
    bool after_close_name(unsigned char c);
    bool in_entity(unsigned char c);
    bool end_entity();
    // A start tag has ended: checks a row's or a cell's reference, and opens the element's list.
    bool open_tag_done();
    // An element has ended: its list must hold what it said.
    bool element_done();
    // Which attribute value is being kept: a row's or cell's reference, or a list's count.
    enum class capture { none, reference, count };

    state state_ = state::text;
    state after_entity_ = state::text;  // text or value
    bool doubt_ = false;
    bool root_seen_ = false;
    bool root_closed_ = false;
    char quote_ = 0;
    std::size_t declaration_at_ = 0;       // bytes of the XML declaration matched after "<?"
    int utf8_continuations_ = 0;           // bytes still expected in the current UTF-8 sequence
    std::string name_;                     // the tag name being read
    std::string entity_;                   // the entity being read, without & and ;
    std::string attribute_;                // the attribute name being read
    std::vector<std::string> attributes_;  // the names of the attributes of the tag being read
    std::string stack_;                    // the open elements' names, each followed by '\0'
    std::size_t depth_ = 0;
    bool worksheet_ = false;
    std::string element_;  // the element whose start tag is being read
    capture capture_ = capture::none;
    std::string captured_;   // the value of the attribute kept
    std::string reference_;  // this tag's r="..."
    long long count_ = -1;   // this tag's count="...", -1 without one
    struct open_list {
        long long expected;  // -1: says nothing
        long long children;
    };
    std::vector<open_list> lists_;  // one per open element
    std::uint64_t rows_ = 0, cells_ = 0;
    std::uint64_t row_ = 0, col_ = 0;  // the last row's reference, and the last cell's column in it
};

}  // namespace munidash
