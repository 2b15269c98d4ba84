// Fuzz target: one cell's text read as a number in each dialect a source can declare.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/cell_values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view cell(reinterpret_cast<const char*>(data), size);
    for (const char decimal : {'.', ','})
        for (const char thousands : {'\0', ' ', '.', ','}) {
            if (thousands == decimal) continue;
            munidash::csv_dialect dialect;
            dialect.decimal = decimal;
            dialect.thousands = thousands;
            const auto read = munidash::read_cell_number(cell, dialect);
            // A value is finite; a cell that is not one says why.
            if (read.status == munidash::cell_status::value && !std::isfinite(read.value)) __builtin_trap();
            if (read.status == munidash::cell_status::invalid && read.problem.empty()) __builtin_trap();
        }
    return 0;
}
