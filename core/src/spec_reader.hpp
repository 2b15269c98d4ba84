// Reads a report specification file into a report_spec, checking its structure and values.
#pragma once

#include <filesystem>

#include "report_spec.hpp"
#include "yaml_document.hpp"

namespace munidash {

// Reads and checks `file`. Throws munidash_error(spec) listing every problem with its position.
// Checks only the spec itself; plugins, columns and data files are checked by the engine.
report_spec read_report_spec(const std::filesystem::path& file);

// The same for a tree already parsed; paths are resolved against `base_directory`.
report_spec build_report_spec(const spec_node& root, const std::filesystem::path& file);

}  // namespace munidash
