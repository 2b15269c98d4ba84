// Fuzz target: names people wrote (town names, labels) made into sheet names, file slugs and
// XML-safe text; each result is checked against the rules it promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "base/insee_code.hpp"
#include "base/names.hpp"
#include "base/utf8.hpp"
#include "workbook/sheet_names.hpp"

namespace {
void check(bool ok) {
    if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)munidash::is_identifier(text);
    (void)munidash::is_slug(text);
    (void)munidash::is_insee_code(text);
    (void)munidash::parse_plain_number(text);
    const auto safe = munidash::xml_safe(text);
    check(!munidash::find_xml_illegal(safe));
    if (munidash::find_invalid_utf8(text)) return 0;  // names reach these only once checked as UTF-8

    const auto slug = munidash::ascii_slug(text);
    check(!slug.empty() && slug.size() <= 60);
    for (const char c : slug) check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');

    // Each line a wanted sheet name: every name given is valid and unique regardless of case and accents.
    munidash::sheet_names names;
    std::set<std::string> folded;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        const auto name = names.add(munidash::xml_safe(text.substr(start, end - start)));
        check(!name.empty() && munidash::utf8_length(name) <= 31);
        check(name.find_first_of("[]:*?/\\") == std::string::npos);
        check(name.front() != '\'' && name.back() != '\'');
        check(!munidash::find_invalid_utf8(name));
        check(folded.insert(munidash::fold_name(name)).second);
        start = end + 1;
    }
    return 0;
}
