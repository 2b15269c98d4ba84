#include "sources/cell_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace munidash {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

namespace {

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// French files group thousands with a space, a no-break space (U+00A0) or a narrow no-break
// space (U+202F): all three read as ' '.
std::string normalise_spaces(std::string_view cell) {
    std::string out;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        if (cell.compare(i, 2, "\xC2\xA0") == 0) {
            out += ' ';
            i += 1;
        } else if (cell.compare(i, 3, "\xE2\x80\xAF") == 0) {
            out += ' ';
            i += 2;
        } else
            out += cell[i];
    }
    return out;
}

cell_number invalid(std::string_view cell, std::string why) {
    return {cell_status::invalid, 0, "'" + std::string(cell) + "' " + std::move(why)};
}

std::string quoted(char c) { return c == ' ' ? "' ' (space)" : std::string("'") + c + "'"; }

}  // namespace

cell_number read_cell_number(std::string_view raw, const csv_dialect& dialect) {
    const auto cell = trim_spaces(raw);
    for (const auto& marker : dialect.missing_markers)
        if (cell == marker) return {cell_status::missing, 0, {}};
    for (const auto& marker : dialect.secret_markers)
        if (cell == marker) return {cell_status::missing, 0, {}};
    std::string text = normalise_spaces(cell);
    if (dialect.thousands != '\0' && text.find(dialect.thousands) != std::string::npos) {
        // The integer part must be 1 to 3 digits, then groups of exactly 3: anything else is not
        // a thousands separator and is refused rather than guessed.
        const auto decimal_at = text.find(dialect.decimal);
        const std::string integer = text.substr(0, decimal_at);
        std::size_t start = integer.starts_with('-') || integer.starts_with('+') ? 1 : 0;
        std::size_t group = 0;
        bool first = true, well_grouped = true;
        for (std::size_t k = start; k <= integer.size(); ++k) {
            if (k == integer.size() || integer[k] == dialect.thousands) {
                if ((first && (group < 1 || group > 3)) || (!first && group != 3)) well_grouped = false;
                first = false;
                group = 0;
            } else if (is_digit(integer[k])) {
                ++group;
            } else {
                well_grouped = false;
            }
        }
        if (!well_grouped)
            return invalid(cell, "uses " + quoted(dialect.thousands) +
                                     ", this source's thousands separator, but not between groups of three digits");
        std::erase(text, dialect.thousands);
    }
    if (text.find(' ') != std::string::npos)
        return invalid(cell, "holds a space: declare 'thousands: \" \"' for this source if it groups thousands");
    for (const char other : {'.', ','}) {
        if (other == dialect.decimal || other == dialect.thousands) continue;
        if (text.find(other) != std::string::npos)
            return invalid(cell, "holds a " + quoted(other) + " but this source's decimal mark is " +
                                     quoted(dialect.decimal) + ": it could be a thousands separator or a decimal mark");
    }
    if (dialect.decimal == ',') std::replace(text.begin(), text.end(), ',', '.');
    const bool looks_numeric = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return is_digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    });
    double value = 0;
    const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (!looks_numeric || ec != std::errc{} || ptr != end || !std::isfinite(value))
        return invalid(cell, "is not a number (nor one of the source's missing markers)");
    return {cell_status::value, value, {}};
}

}  // namespace munidash
