#include "workbook/sheet_names.hpp"

#include <algorithm>
#include <cstdint>

#include "base/names.hpp"
#include "base/utf8.hpp"

namespace munidash {

namespace {

bool forbidden_in_sheet_name(char c) {
    return c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\';
}

}  // namespace

std::string sheet_names::add(std::string_view wanted) {
    std::string base;
    for (const char c : wanted) base += forbidden_in_sheet_name(c) || c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    // Excel refuses an apostrophe at either end; spaces there only confuse.
    const auto first = base.find_first_not_of(" '");
    const auto last = base.find_last_not_of(" '");
    base = first == std::string::npos ? std::string("Feuille") : base.substr(first, last - first + 1);
    if (fold_name(base) == "history") base += " 1";  // reserved by Excel
    base = utf8_prefix(base, 31);
    // Cutting at 31 characters can end the name on an apostrophe ("... d'Arles"), which Excel refuses.
    while (!base.empty() && (base.back() == '\'' || base.back() == ' ')) base.pop_back();
    if (base.empty()) base = "Feuille";
    std::string name = base;
    for (int n = 2; taken_.contains(fold_name(name)); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        name = utf8_prefix(base, 31 - suffix.size());
        while (!name.empty() && name.back() == ' ') name.pop_back();
        name += suffix;
    }
    taken_.insert(fold_name(name));
    return name;
}

}  // namespace munidash
