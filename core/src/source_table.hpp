// A CSV source indexed by INSEE code, from which the engine takes the columns indicators need.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "csv_source.hpp"

namespace munidash {

// A source's rows, looked up by commune code; numbers are parsed only for the columns asked for.
class source_table {
public:
    // Indexes `table` by the source's key column. Throws munidash_error(input) when the key column
    // is missing or a code appears twice; rows whose key is not an INSEE code are set aside.
    source_table(csv_table table, const source_spec& spec);

    // The source as the spec declared it.
    const source_spec& spec() const noexcept { return spec_; }
    // Whether the file has a column of that name.
    bool has_column(std::string_view column) const;
    // The file's column names, in file order.
    const std::vector<std::string>& columns() const noexcept { return table_.header; }
    // The row of `code`, or nullptr.
    const std::vector<std::string>* row(std::string_view code) const;
    // One number per code, NaN where the row is absent or the cell is a missing marker. Throws
    // munidash_error(input) with file and line for a cell that is not a number.
    std::vector<double> numbers(std::string_view column, std::span<const std::string> codes) const;
    // One text per code, "" where the row is absent or the cell is a missing marker.
    std::vector<std::string> texts(std::string_view column, std::span<const std::string> codes) const;
    // Rows whose key was not an INSEE code (empty, "0null", a lost leading zero...).
    std::size_t rows_without_valid_code() const noexcept { return invalid_keys_; }
    // Every valid code of the file, sorted.
    std::vector<std::string> codes() const;
    // Number of data rows in the file.
    std::size_t row_count() const noexcept { return table_.rows.size(); }

private:
    std::size_t column_index(std::string_view column) const;

    source_spec spec_;
    csv_table table_;
    std::map<std::string, std::size_t, std::less<>> row_of_code_;
    std::size_t invalid_keys_ = 0;
};

}  // namespace munidash
