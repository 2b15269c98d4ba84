// Texts with {name} placeholders (file name templates, workbook labels) filled in by one rule.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace munidash {

// One placeholder's name (without the braces) and the text that replaces it.
struct placeholder {
    std::string_view name;
    std::string_view value;
};

// A placeholder a text refers to but may not: an unknown {name}, or a '{' never closed.
struct placeholder_problem {
    std::size_t offset = 0;  // of the '{', in bytes
    std::string name;        // what follows the '{', up to the '}' or the end of the text
    bool unclosed = false;   // no '}' follows the '{'
};

// Every {name} of `text` replaced by its value; values are not expanded again. A '}' with no '{'
// before it is kept as it is. Throws std::logic_error on an unknown name or an unclosed '{': texts
// from users are checked beforehand with find_placeholder_problems, so this is a programming error.
std::string fill_placeholders(std::string_view text, std::span<const placeholder> values);

// The same, for a short list written at the call: fill_placeholders(text, {{"town", name}}).
std::string fill_placeholders(std::string_view text, std::initializer_list<placeholder> values);

// Every placeholder of `text` whose name is not in `known`, and every unclosed '{', in text order.
std::vector<placeholder_problem> find_placeholder_problems(std::string_view text, std::span<const std::string> known);

}  // namespace munidash
