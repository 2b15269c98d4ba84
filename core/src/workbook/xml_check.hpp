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
    // well-formed XML, but not with its rows and cells in order and all there. Other parts: each
    // list that says how many items it holds (count="3") holds that many.
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
    std::string error_;
    std::uint64_t rows_ = 0, cells_ = 0;
    std::uint64_t row_ = 0, col_ = 0;  // the reference of the last row and of the last cell in it (1-based)
    void record_error();
    // Checks a <row> or <c> element's reference against the previous ones.
    void on_element(const char* name, const char** attributes);
    // Elsewhere: an element that says how many items it holds ("count") must hold that many.
    void on_open(const char* name, const char** attributes);
    void on_close(const char* name);
    struct open_element {
        long long expected;  // -1: says nothing
        long long children;
    };
    std::vector<open_element> open_;
};

}  // namespace munidash
