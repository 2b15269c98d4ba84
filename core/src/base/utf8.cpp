#include "base/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace munidash {

std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80u) return 1;
    if (lead >= 0xC2u && lead <= 0xDFu) return 2;
    if (lead >= 0xE0u && lead <= 0xEFu) return 3;
    if (lead >= 0xF0u && lead <= 0xF4u) return 4;
    return 0;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = utf8_sequence_length(byte(i));
        if (length == 0) return i;
        if (length == 1) {
            ++i;
            continue;
        }
        std::uint32_t code = byte(i) & (0x7Fu >> length);  // the lead byte's bits of the code point
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= text.size() || !is_utf8_continuation(byte(i + k))) return i;
            code = (code << 6) | (byte(i + k) & 0x3Fu);
        }
        // Overlong forms (E0 and F0 leads start some too), UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < smallest[length] || (code >= 0xD800u && code <= 0xDFFFu) || code > 0x10FFFFu) return i;
        i += length;
    }
    return std::nullopt;
}

std::optional<std::size_t> find_xml_illegal(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not characters either.
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) & 0xFEu) == 0xBE)
            return i;
    }
    return std::nullopt;
}

std::string xml_safe(std::string_view text) {
    std::string out;
    while (const auto at = find_xml_illegal(text)) {
        out.append(text.substr(0, *at));
        out.append("\xEF\xBF\xBD");
        // U+FFFE/U+FFFF take three bytes, a control character one.
        text.remove_prefix(*at + (static_cast<unsigned char>(text[*at]) == 0xEF ? 3 : 1));
    }
    out.append(text);
    return out;
}

std::string_view strip_utf8_bom(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    return text;
}

char32_t next_utf8_char(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    char32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k)
        c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return c;
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return !is_utf8_continuation(static_cast<unsigned char>(c)); }));
}

std::string utf8_prefix(std::string_view text, std::size_t count) {
    std::size_t i = 0, characters = 0;
    while (i < text.size() && characters < count) {
        next_utf8_char(text, i);
        ++characters;
    }
    return std::string(text.substr(0, std::min(i, text.size())));
}

}  // namespace munidash
