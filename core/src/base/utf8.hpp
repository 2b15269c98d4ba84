// Checks on text that comes from users' files before it reaches a parser or a workbook.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace munidash {

// Offset of the first byte that is not part of valid UTF-8, or nullopt when all of it is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Offset of the first character XML 1.0 forbids (control characters but tab, LF and CR), if any.
std::optional<std::size_t> find_xml_illegal(std::string_view text);

// The text with each XML-illegal character replaced by U+FFFD, for showing a file's bad cell as it was.
std::string xml_safe(std::string_view text);

// The text without a leading UTF-8 byte-order mark.
std::string_view strip_utf8_bom(std::string_view text);

// Whether `byte` continues a multi-byte UTF-8 sequence (10xxxxxx) rather than starting a character.
constexpr bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

// The length in bytes (1 to 4) of the UTF-8 sequence that `lead` starts, or 0 when no valid sequence
// starts with it: a continuation byte, C0 and C1 (always overlong), F5 to FF (past U+10FFFF).
std::size_t utf8_sequence_length(unsigned char lead);

// Appends the UTF-8 encoding of code point `c` (at most U+10FFFF) to `out`.
void append_utf8(std::string& out, char32_t c);

// Decodes the character at byte `i` of valid UTF-8 text and moves `i` past it; for text already
// checked by find_invalid_utf8 (a malformed sequence gives a wrong character, never a read past the end).
char32_t next_utf8_char(std::string_view text, std::size_t& i);

// Number of characters (not bytes) of UTF-8 text.
std::size_t utf8_length(std::string_view text);

// The first `count` characters (not bytes) of UTF-8 text.
std::string utf8_prefix(std::string_view text, std::size_t count);

}  // namespace munidash
