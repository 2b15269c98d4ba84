#include "workbook/sheet_columns.hpp"

namespace munidash {

std::uint16_t column_table::add(std::string header, double width) {
    columns_.push_back({std::move(header), width});
    return last();
}

std::vector<double> column_table::widths() const {
    std::vector<double> out;
    out.reserve(columns_.size());
    for (const auto& c : columns_) out.push_back(c.width);
    return out;
}

void column_table::write_headers(xlsx_sheet& sheet, std::uint32_t row, const cell_format& look) const {
    for (std::size_t k = 0; k < count(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.text(row, c, columns_[c].header, look);
    }
}

void column_table::set_widths(xlsx_sheet& sheet) const {
    for (std::size_t k = 0; k < count(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.column_width(c, c, columns_[c].width);
    }
}

}  // namespace munidash
