// Fuzz target: a CSV file's bytes in any of the dialects a spec can declare, read into a table
// keyed by INSEE code, every column read as numbers and as text; read again row by row from a
// file, which must give the same error or the same values.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "sources/csv_source.hpp"
#include "sources/source_table.hpp"

namespace {

std::string error_of(const auto& call) {
    try {
        call();
    } catch (const munidash::munidash_error& e) {
        return std::to_string(static_cast<int>(e.kind())) + e.what();
    }
    return {};
}

bool same_numbers(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i] && !(std::isnan(a[i]) && std::isnan(b[i]))) return false;
    return true;
}

std::string messages(const munidash::diagnostic_list& problems) {
    std::string out;
    for (const auto& d : problems.items()) out += munidash::format_diagnostic(d) + "\n";
    return out;
}

// The source read whole (read_source_csv) and row by row keeping every column must agree.
void check_streaming(const std::string& text, munidash::source_spec spec) {
    const auto path =
        std::filesystem::temp_directory_path() / ("munidash-fuzz-csv-" + std::to_string(::getpid()) + ".csv");
    std::ofstream(path, std::ios::binary) << text;
    spec.file = path;
    std::optional<munidash::source_table> whole, streamed;
    const auto whole_error = error_of([&] { whole.emplace(munidash::read_source_csv(spec), spec); });
    munidash::source_columns used;
    if (whole)
        for (const auto& column : whole->columns()) {
            used.numbers.insert(column);
            used.texts.insert(column);
        }
    const auto streamed_error = error_of([&] { streamed.emplace(spec, used); });
    std::filesystem::remove(path);
    if (whole_error != streamed_error) __builtin_trap();
    if (!whole) return;
    const auto codes = whole->codes();
    if (streamed->codes() != codes || streamed->columns() != whole->columns() ||
        streamed->row_count() != whole->row_count() ||
        streamed->set_aside_rows().size() != whole->set_aside_rows().size())
        __builtin_trap();
    for (std::size_t r = 0; r < whole->set_aside_rows().size(); ++r)
        if (streamed->set_aside_rows()[r].line != whole->set_aside_rows()[r].line ||
            streamed->set_aside_rows()[r].code != whole->set_aside_rows()[r].code)
            __builtin_trap();
    for (const auto& column : whole->columns()) {
        munidash::diagnostic_list a, b;
        std::vector<double> numbers_a, numbers_b;
        std::vector<std::string> texts_a, texts_b;
        std::vector<bool> secret_a, secret_b;
        const auto error_a = error_of([&] {
            numbers_a = whole->numbers(column, codes, &a);
            texts_a = whole->texts(column, codes);
            secret_a = whole->secret(column, codes);
        });
        const auto error_b = error_of([&] {
            numbers_b = streamed->numbers(column, codes, &b);
            texts_b = streamed->texts(column, codes);
            secret_b = streamed->secret(column, codes);
        });
        if (error_a != error_b || !same_numbers(numbers_a, numbers_b) || messages(a) != messages(b) ||
            texts_a != texts_b || secret_a != secret_b)
            __builtin_trap();
    }
}

}  // namespace

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
    check_streaming(text, spec);
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
