#include "base/names.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include <munidash/checks.hpp>

#include "base/utf8.hpp"

namespace munidash {

namespace {
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The ASCII letter(s) a Latin letter with an accent stands for, or "" when it has none.
std::string_view base_letters(char32_t c) {
    if (c < 0x80) return {};
    static const std::pair<char32_t, std::string_view> table[] = {
        {U'à', "a"}, {U'á', "a"}, {U'â', "a"}, {U'ã', "a"}, {U'ä', "a"}, {U'å', "a"},  {U'æ', "ae"}, {U'ç', "c"},
        {U'è', "e"}, {U'é', "e"}, {U'ê', "e"}, {U'ë', "e"}, {U'ì', "i"}, {U'í', "i"},  {U'î', "i"},  {U'ï', "i"},
        {U'ñ', "n"}, {U'ò', "o"}, {U'ó', "o"}, {U'ô', "o"}, {U'õ', "o"}, {U'ö', "o"},  {U'ø', "o"},  {U'ù', "u"},
        {U'ú', "u"}, {U'û', "u"}, {U'ü', "u"}, {U'ý', "y"}, {U'ÿ', "y"}, {U'œ', "oe"}, {U'ß', "ss"}, {U'À', "a"},
        {U'Á', "a"}, {U'Â', "a"}, {U'Ã', "a"}, {U'Ä', "a"}, {U'Å', "a"}, {U'Æ', "ae"}, {U'Ç', "c"},  {U'È', "e"},
        {U'É', "e"}, {U'Ê', "e"}, {U'Ë', "e"}, {U'Ì', "i"}, {U'Í', "i"}, {U'Î', "i"},  {U'Ï', "i"},  {U'Ñ', "n"},
        {U'Ò', "o"}, {U'Ó', "o"}, {U'Ô', "o"}, {U'Õ', "o"}, {U'Ö', "o"}, {U'Ø', "o"},  {U'Ù', "u"},  {U'Ú', "u"},
        {U'Û', "u"}, {U'Ü', "u"}, {U'Ý', "y"}, {U'Ÿ', "y"}, {U'Œ', "oe"}};
    for (const auto& [letter, base] : table)
        if (letter == c) return base;
    return {};
}
}  // namespace

bool is_identifier(std::string_view name) { return checks::is_identifier(name); }

bool is_slug(std::string_view name) {
    if (name.empty() || name.size() > 64 || !is_lower_or_digit(name[0])) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return is_lower_or_digit(c) || c == '_' || c == '-'; });
}

std::optional<double> parse_plain_number(std::string_view text) {
    if (text.starts_with('+')) text.remove_prefix(1);
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string fold_name(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t start = i;
        const char32_t c = next_utf8_char(name, i);
        if (c < 0x80)
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        else if (const auto base = base_letters(c); !base.empty())
            out += base;
        else
            out += name.substr(start, i - start);
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

}  // namespace munidash
