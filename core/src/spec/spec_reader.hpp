// Reads a report specification file into a report_spec, checking its structure and values.
#pragma once

#include <filesystem>

#include "spec/report_spec.hpp"
#include "spec/spec_composition.hpp"
#include "spec/yaml_document.hpp"

namespace munidash {

// Reads and checks `file`, with the bases it extends and its ${parameters} (defaults overridden by
// `parameters`, from --set). Throws munidash_error(spec) listing every problem with its position.
// Checks only the spec itself; plugins, columns and data files are checked by the engine.
report_spec read_report_spec(const std::filesystem::path& file, const parameter_values& parameters = {});

// The same for a tree already parsed; paths are resolved against `base_directory`.
report_spec build_report_spec(const spec_node& root, const std::filesystem::path& file);

}  // namespace munidash
