// The shape of an INSEE commune code, checked wherever a code comes in: the spec, the sources,
// the returned workbooks.
#pragma once

#include <string_view>

namespace munidash {

// Whether `code` has the shape of an INSEE commune code: 5 characters, digits, or 2A/2B + 3 digits.
bool is_insee_code(std::string_view code);

}  // namespace munidash
