// Reads a report specification file into a report_spec, checking its structure and values.
#pragma once

#include <filesystem>

#include "spec/report_spec.hpp"
#include "spec/spec_composition.hpp"
#include "spec/spec_gaps.hpp"
#include "spec/yaml_document.hpp"

namespace munidash {

// Reads and checks `file`, with the bases it extends and its ${parameters} (defaults overridden by
// `parameters`, from --set). Throws munidash_error(spec) listing every problem with its position.
// Checks only the spec itself; plugins, columns and data files are checked by the engine.
report_spec read_report_spec(const std::filesystem::path& file, const parameter_values& parameters = {});

// The same for a tree already parsed; paths are resolved against `base_directory`.
report_spec build_report_spec(const spec_node& root, const std::filesystem::path& file);

// A spec as far as it could be read, every problem found in it, and the parts too broken to check further.
struct spec_reading {
    report_spec spec;
    std::vector<diagnostic> problems;  // in the order they were found
    spec_gaps gaps;
};

// Reads `file` like read_report_spec but returns its problems instead of throwing them, so that the
// engine checks plugins, params and columns of the sound parts in the same pass. Still throws when
// the YAML or its composition (extends:, ${parameters}) fails: then there is no tree to read.
spec_reading read_report_spec_and_problems(const std::filesystem::path& file, const parameter_values& parameters = {});

// The same for a tree already parsed.
spec_reading build_report_spec_and_problems(const spec_node& root, const std::filesystem::path& file);

}  // namespace munidash
