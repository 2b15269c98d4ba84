#include "base/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace munidash {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const auto continuation = [&](std::size_t i) {
        return i < text.size() && (byte(i) & 0xC0u) == 0x80u;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::uint8_t b = byte(i);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (b < 0x80u) { ++i; continue; }
        if ((b & 0xE0u) == 0xC0u) { length = 2; code = b & 0x1Fu; }
        else if ((b & 0xF0u) == 0xE0u) { length = 3; code = b & 0x0Fu; }
        else if ((b & 0xF8u) == 0xF0u) { length = 4; code = b & 0x07u; }
        else return i;
        for (std::size_t k = 1; k < length; ++k) {
            if (!continuation(i + k)) return i;
            code = (code << 6) | (byte(i + k) & 0x3Fu);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < smallest[length] || (code >= 0xD800u && code <= 0xDFFFu) || code > 0x10FFFFu)
            return i;
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
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return c;
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
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
