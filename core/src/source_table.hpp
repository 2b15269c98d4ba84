// A CSV source indexed by INSEE code, from which the engine takes the columns indicators need.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "csv_source.hpp"

namespace munidash {

// A source's rows, looked up by commune code; numbers are parsed only for the columns asked for.
class source_table {
public:
    // Indexes `table` by the source's key column. Throws munidash_error(input) when the key column
    // is missing, or when a code appears twice in a source that has one row per town; rows whose
    // key is not an INSEE code are counted and set aside.
    // When the source has a period_column, only the rows of `period` are kept.
    source_table(csv_table table, const source_spec& spec, const std::string& period = {});

    // The source as the spec declared it.
    const source_spec& spec() const noexcept { return spec_; }
    // Whether the file has a column of that name.
    bool has_column(std::string_view column) const;
    // The file's column names, in file order.
    const std::vector<std::string>& columns() const noexcept { return table_.header; }
    // The row of `code`, or nullptr.
    const std::vector<std::string>* row(std::string_view code) const;
    // One number per code, NaN where the row is absent or the cell is a missing marker; for an
    // aggregate of a multi-row source, the aggregate of the town's rows. Throws
    // munidash_error(input) with file and line for a cell that is not a number.
    std::vector<double> numbers(std::string_view column, std::span<const std::string> codes) const;
    // Per code, whether the cell is hidden by statistical secret (one of the source's secret markers).
    std::vector<bool> secret(std::string_view column, std::span<const std::string> codes) const;
    // One text per code, "" where the row is absent or the cell is a missing marker.
    std::vector<std::string> texts(std::string_view column, std::span<const std::string> codes) const;
    // Rows whose valid code is not one of `known_codes` (a town missing from the reference list).
    std::size_t rows_outside(const std::set<std::string, std::less<>>& known_codes) const;
    // Rows whose key was not an INSEE code (empty, "0null", a lost leading zero...).
    std::size_t rows_without_valid_code() const noexcept { return invalid_keys_; }
    // Every valid code of the file, sorted.
    std::vector<std::string> codes() const;
    // Number of data rows in the file (of every period).
    std::size_t row_count() const noexcept { return table_.rows.size(); }
    // Rows of other periods than the one kept.
    std::size_t rows_of_other_periods() const noexcept { return other_periods_; }

private:
    std::size_t column_index(std::string_view column) const;
    double cell_value(std::size_t row, std::size_t index, std::string_view column) const;
    std::vector<double> aggregated(const aggregate_spec& aggregate, std::span<const std::string> codes) const;

    source_spec spec_;
    csv_table table_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> rows_of_code_;  // one row, or many
    std::size_t invalid_keys_ = 0;
    std::size_t other_periods_ = 0;
};

}  // namespace munidash
