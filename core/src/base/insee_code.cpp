#include "base/insee_code.hpp"

namespace munidash {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_insee_code(std::string_view code) {
    if (code.size() != 5) return false;
    const bool corsica = (code[0] == '2' && (code[1] == 'A' || code[1] == 'B'));
    if (!corsica && !(is_digit(code[0]) && is_digit(code[1]))) return false;
    return is_digit(code[2]) && is_digit(code[3]) && is_digit(code[4]) && code != "00000";
}

}  // namespace munidash
