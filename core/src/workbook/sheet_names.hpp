// Names that Excel and file systems accept, made from names people wrote (town names, labels).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace munidash {

// Sheet names of one workbook: each new name follows Excel's rules (at most 31 characters, none
// of []:*?/\, no leading or trailing apostrophe, not empty, not "History") and differs from the
// others regardless of case and accents, by a " (2)", " (3)"... suffix when needed.
class sheet_names {
public:
    // A valid, unused name as close to `wanted` as the rules allow; it is then taken.
    std::string add(std::string_view wanted);

private:
    std::set<std::string> taken_;  // folded
};

// Lower case, accents removed: "Méthodologie" and "METHODOLOGIE" fold to the same key.
std::string fold_name(std::string_view name);

// An ASCII slug for file names: "Saint-Rémy-lès-Chevreuse" -> "saint-remy-les-chevreuse"; only
// [a-z0-9-], never empty ("commune" then), at most 60 characters.
std::string ascii_slug(std::string_view name);

// The first `count` characters (not bytes) of UTF-8 text.
std::string utf8_prefix(std::string_view text, std::size_t count);

// Number of characters (not bytes) of UTF-8 text.
std::size_t utf8_length(std::string_view text);

}  // namespace munidash
