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

}  // namespace munidash
