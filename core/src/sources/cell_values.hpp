// What one CSV cell means: a number in the source's dialect, a missing marker, or a mistake.
#pragma once

#include <string>
#include <string_view>

#include "spec/report_spec.hpp"

namespace munidash {

// The three things a numeric cell can be.
enum class cell_status { value, missing, invalid };

// A numeric cell read in a source's dialect; `problem` says why an invalid cell was refused.
struct cell_number {
    cell_status status = cell_status::missing;
    double value = 0;
    std::string problem;
};

// Reads a cell as a number in `dialect`, refusing anything that could be read two ways
// (a '.' in a file with decimal commas could be a thousands separator).
cell_number read_cell_number(std::string_view cell, const csv_dialect& dialect);

}  // namespace munidash
