#include "sheet_names.hpp"

#include <algorithm>
#include <cstdint>

namespace munidash {

namespace {

// Decodes one UTF-8 character at `i` (the text is valid UTF-8: it was checked when read).
char32_t next_char(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    char32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < length && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return c;
}

// The ASCII letter(s) a Latin letter with an accent stands for, or "" when it has none.
std::string_view base_letters(char32_t c) {
    if (c < 0x80) return {};
    static const std::pair<char32_t, std::string_view> table[] = {
        {U'à', "a"}, {U'á', "a"}, {U'â', "a"}, {U'ã', "a"}, {U'ä', "a"}, {U'å', "a"}, {U'æ', "ae"}, {U'ç', "c"},
        {U'è', "e"}, {U'é', "e"}, {U'ê', "e"}, {U'ë', "e"}, {U'ì', "i"}, {U'í', "i"}, {U'î', "i"}, {U'ï', "i"},
        {U'ñ', "n"}, {U'ò', "o"}, {U'ó', "o"}, {U'ô', "o"}, {U'õ', "o"}, {U'ö', "o"}, {U'ø', "o"}, {U'ù', "u"},
        {U'ú', "u"}, {U'û', "u"}, {U'ü', "u"}, {U'ý', "y"}, {U'ÿ', "y"}, {U'œ', "oe"}, {U'ß', "ss"},
        {U'À', "a"}, {U'Á', "a"}, {U'Â', "a"}, {U'Ã', "a"}, {U'Ä', "a"}, {U'Å', "a"}, {U'Æ', "ae"}, {U'Ç', "c"},
        {U'È', "e"}, {U'É', "e"}, {U'Ê', "e"}, {U'Ë', "e"}, {U'Ì', "i"}, {U'Í', "i"}, {U'Î', "i"}, {U'Ï', "i"},
        {U'Ñ', "n"}, {U'Ò', "o"}, {U'Ó', "o"}, {U'Ô', "o"}, {U'Õ', "o"}, {U'Ö', "o"}, {U'Ø', "o"}, {U'Ù', "u"},
        {U'Ú', "u"}, {U'Û', "u"}, {U'Ü', "u"}, {U'Ý', "y"}, {U'Ÿ', "y"}, {U'Œ', "oe"}};
    for (const auto& [letter, base] : table)
        if (letter == c) return base;
    return {};
}

bool forbidden_in_sheet_name(char c) {
    return c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\';
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string utf8_prefix(std::string_view text, std::size_t count) {
    std::size_t i = 0, characters = 0;
    while (i < text.size() && characters < count) {
        next_char(text, i);
        ++characters;
    }
    return std::string(text.substr(0, std::min(i, text.size())));
}

std::string fold_name(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t start = i;
        const char32_t c = next_char(name, i);
        if (c < 0x80) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        else if (const auto base = base_letters(c); !base.empty()) out += base;
        else out += name.substr(start, i - start);
    }
    return out;
}

std::string ascii_slug(std::string_view name) {
    std::string out;
    bool dash = false;
    for (const char c : fold_name(name)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            const bool separate = dash && !out.empty();
            if (out.size() + (separate ? 2 : 1) > 60) break;  // at most 60, a pending dash included
            if (separate) out += '-';
            out += c;
            dash = false;
        } else {
            dash = true;  // anything else (spaces, apostrophes, other scripts) becomes one dash
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "commune" : out;
}

std::string sheet_names::add(std::string_view wanted) {
    std::string base;
    for (const char c : wanted) base += forbidden_in_sheet_name(c) || c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    // Excel refuses an apostrophe at either end; spaces there only confuse.
    const auto first = base.find_first_not_of(" '");
    const auto last = base.find_last_not_of(" '");
    base = first == std::string::npos ? std::string("Feuille") : base.substr(first, last - first + 1);
    if (fold_name(base) == "history") base += " 1";  // reserved by Excel
    base = utf8_prefix(base, 31);
    // Cutting at 31 characters can end the name on an apostrophe ("... d'Arles"), which Excel refuses.
    while (!base.empty() && (base.back() == '\'' || base.back() == ' ')) base.pop_back();
    if (base.empty()) base = "Feuille";
    std::string name = base;
    for (int n = 2; taken_.contains(fold_name(name)); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        name = utf8_prefix(base, 31 - suffix.size());
        while (!name.empty() && name.back() == ' ') name.pop_back();
        name += suffix;
    }
    taken_.insert(fold_name(name));
    return name;
}

}  // namespace munidash
