// "Did you mean ...?" for names a user mistyped.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace munidash {

// The candidate closest to `typed` by edit distance, or "" when none is close enough to help.
std::string nearest_name(std::string_view typed, std::span<const std::string> candidates);

// "did you mean 'x'? expected one of: a, b, c" — the hint for an unknown name.
std::string unknown_name_hint(std::string_view typed, std::span<const std::string> candidates);

}  // namespace munidash
