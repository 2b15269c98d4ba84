// A table's columns declared once, as data: each one's header and width. Column numbers, counts,
// print widths and chart ranges are computed from the declaration instead of written as numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workbook/xlsx_document.hpp"

namespace munidash {

// One column of a table: what its header says and how wide it is (characters).
struct column_spec {
    std::string header;
    double width = 0;
};

// The columns of one table, left to right.
class column_table {
public:
    // Appends a column; returns its number (0 for the first).
    std::uint16_t add(std::string header, double width);
    // How many columns there are.
    std::uint16_t count() const { return static_cast<std::uint16_t>(columns_.size()); }
    // The number of the last column; the table must have one.
    std::uint16_t last() const { return static_cast<std::uint16_t>(columns_.size() - 1); }
    // Column `c`.
    const column_spec& operator[](std::uint16_t c) const { return columns_.at(c); }
    // Every column's width, left to right: what printing and row heights are computed from.
    std::vector<double> widths() const;
    // Writes every header into `row` of `sheet`, with `look`.
    void write_headers(xlsx_sheet& sheet, std::uint32_t row, const cell_format& look) const;
    // Gives every column of `sheet` its width.
    void set_widths(xlsx_sheet& sheet) const;

private:
    std::vector<column_spec> columns_;
};

}  // namespace munidash
