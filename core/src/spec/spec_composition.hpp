// Before a spec is read: `extends:` merges a base spec under it, and `${name}` takes the values of
// the spec's `parameters:` (defaults) and of the command line's --set.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "spec/yaml_document.hpp"

namespace munidash {

// Values given on the command line with --set NAME=VALUE.
using parameter_values = std::map<std::string, std::string>;

// How deep `extends:` may chain (a base of a base...).
inline constexpr int max_extends_depth = 8;

// Reads `file`, merges the bases it extends (mappings merge key by key, the extending file wins;
// lists and values are replaced), then replaces every ${name} in values by its parameter's value.
// Each node keeps the file and position it was written at, so relative paths and error messages
// refer to the right file. Throws munidash_error(spec) listing every problem: a missing or cyclic
// base, an unknown ${name}, a --set for an undeclared parameter, a parameter with no value.
spec_node compose_spec(const std::filesystem::path& file, const parameter_values& overrides);

}  // namespace munidash
