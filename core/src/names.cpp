#include "names.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <munidash/checks.hpp>

namespace munidash {

namespace {
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
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

}  // namespace munidash
