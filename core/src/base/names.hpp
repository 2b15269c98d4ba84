// The shapes of names and numbers that users and plugin authors write.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace munidash {

// [a-z][a-z0-9_]*, at most 40 characters: plugin names, indicator ids, parameter and source names.
bool is_identifier(std::string_view name);

// [a-z0-9][a-z0-9_-]*, at most 64 characters: names that become part of a file name (report.id).
bool is_slug(std::string_view name);

// A number written in a spec: digits, '.' for decimals, optional sign and exponent; never locale-
// dependent, never hexadecimal or octal. nullopt for anything else, including inf and nan.
std::optional<double> parse_plain_number(std::string_view text);

// Lower case, accents removed: "Méthodologie" and "METHODOLOGIE" fold to the same key.
std::string fold_name(std::string_view name);

// An ASCII slug for file names: "Saint-Rémy-lès-Chevreuse" -> "saint-remy-les-chevreuse"; only
// [a-z0-9-], never empty ("commune" then), at most 60 characters.
std::string ascii_slug(std::string_view name);

}  // namespace munidash
