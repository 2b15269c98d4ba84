#include "sources/source_age.hpp"

#include <cctype>

namespace munidash {

std::optional<int> year_in(std::string_view text) {
    std::optional<int> year;
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
        const auto digit = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(text[i + k])) != 0; };
        const bool bounded = (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
                             (i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4])));
        if (!bounded || !digit(0) || !digit(1) || !digit(2) || !digit(3)) continue;
        const int value =
            (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (value >= 1900 && value <= 2099) year = value;
    }
    return year;
}

std::optional<int> stale_years(const source_spec& source, const report_meta& report) {
    // The period's first year: "2024", "2024-T2" or "2023-2024" all start in their first year.
    std::optional<int> period;
    for (std::size_t i = 0; i + 4 <= report.period.size() && !period; ++i)
        period = year_in(std::string_view(report.period).substr(i, 4));
    const auto vintage = year_in(source.vintage);
    if (!period || !vintage) return std::nullopt;
    const int gap = *period - *vintage;
    if (static_cast<double>(gap) <= report.max_data_age) return std::nullopt;
    return gap;
}

}  // namespace munidash
