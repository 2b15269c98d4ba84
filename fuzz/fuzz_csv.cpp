// Fuzz target: a CSV file's bytes in any of the dialects a spec can declare, read into a table
// keyed by INSEE code, every column read as numbers and as text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "csv_source.hpp"
#include "source_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    // The first byte picks the dialect, the rest is the file.
    const std::uint8_t pick = data[0];
    munidash::source_spec spec;
    spec.name = "fuzz";
    spec.file = "/fuzz/data.csv";
    spec.key = "code";
    spec.dialect.separator = ",;\t|"[pick & 3u];
    spec.dialect.decimal = (pick & 4u) ? ',' : '.';
    if (spec.dialect.decimal == spec.dialect.separator) spec.dialect.separator = ';';
    spec.dialect.thousands = (pick & 8u) ? ' ' : '\0';
    spec.dialect.encoding = (pick & 16u) ? munidash::text_encoding::windows1252 : munidash::text_encoding::utf8;
    spec.dialect.skip_lines = (pick & 32u) ? 1 : 0;
    spec.many_rows = (pick & 64u) != 0;
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        auto table = munidash::read_csv_text(std::move(text), spec.file, spec.dialect, {});
        const munidash::source_table source(std::move(table), spec);
        const auto codes = source.codes();
        for (const auto& column : source.columns()) {
            munidash::diagnostic_list problems;
            for (const double v : source.numbers(column, codes, &problems))
                if (std::isinf(v)) __builtin_trap();  // a cell is a finite number or missing
            (void)source.texts(column, codes);
        }
    } catch (const munidash::munidash_error& e) {
        if (e.diagnostics().empty()) __builtin_trap();
    }
    return 0;
}
