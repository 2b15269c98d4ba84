// Fuzz target: a returned workbook's bytes (a zip of XML parts, as hostile as a town's file can be)
// read by the .xlsx reader, every cell looked up again by its reference.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/diagnostics.hpp"
#include "sources/xlsx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    munidash::xlsx_limits limits;
    limits.part_bytes = 4u << 20;  // small limits: the fuzzer must not spend its memory on a bomb
    limits.total_bytes = 16u << 20;
    limits.cells = 100'000;
    try {
        const auto workbook = munidash::read_xlsx_bytes(std::string_view(reinterpret_cast<const char*>(data), size),
                                                        "/fuzz/return.xlsx", limits);
        std::size_t cells = 0;
        for (const auto& sheet : workbook.sheets)
            for (const auto& cell : sheet.cells) {
                ++cells;
                if (sheet.find(cell.row, cell.column) == nullptr ||
                    munidash::cell_reference(cell.row, cell.column).empty())
                    __builtin_trap();
            }
        if (cells > limits.cells) __builtin_trap();
    } catch (const munidash::munidash_error& e) {
        if (e.diagnostics().empty()) __builtin_trap();
    }
    return 0;
}
