#include "cell_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace munidash {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

cell_number read_cell_number(std::string_view cell, const csv_dialect& dialect) {
    for (const auto& marker : dialect.missing_markers)
        if (cell == marker) return {cell_status::missing, 0, {}};
    const char other = dialect.decimal == ',' ? '.' : ',';
    if (cell.find(other) != std::string_view::npos)
        return {cell_status::invalid, 0,
                std::string("'") + std::string(cell) + "' holds a '" + other +
                    "' but this source's decimal mark is '" + dialect.decimal +
                    "': it could be a thousands separator or a decimal mark"};
    std::string normalised(cell);
    if (dialect.decimal == ',') std::replace(normalised.begin(), normalised.end(), ',', '.');
    const bool looks_numeric =
        !normalised.empty() &&
        std::all_of(normalised.begin(), normalised.end(), [](char c) {
            return is_digit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        });
    double value = 0;
    const char* begin = normalised.data() + (normalised.starts_with('+') ? 1 : 0);
    const char* end = normalised.data() + normalised.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (!looks_numeric || ec != std::errc{} || ptr != end || !std::isfinite(value))
        return {cell_status::invalid, 0,
                "'" + std::string(cell) + "' is not a number (nor one of the source's missing markers)"};
    return {cell_status::value, value, {}};
}

bool is_insee_code(std::string_view code) {
    if (code.size() != 5) return false;
    const bool corsica = (code[0] == '2' && (code[1] == 'A' || code[1] == 'B'));
    if (!corsica && !(is_digit(code[0]) && is_digit(code[1]))) return false;
    return is_digit(code[2]) && is_digit(code[3]) && is_digit(code[4]) && code != "00000";
}

}  // namespace munidash
