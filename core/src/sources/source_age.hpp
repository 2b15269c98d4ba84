// How old a source is compared with the report's period, from the years their texts name.
#pragma once

#include <optional>
#include <string_view>

#include "spec/report_spec.hpp"

namespace munidash {

// The last four-digit year (1900-2099) in `text` ("30/09/2019" -> 2019, "2022-12-01" -> 2022).
std::optional<int> year_in(std::string_view text);

// How many years the source's vintage lies before the report's period, when both name a year
// and the gap exceeds report.max_data_age; nullopt otherwise.
std::optional<int> stale_years(const source_spec& source, const report_meta& report);

}  // namespace munidash
