#include "source_table.hpp"

#include <algorithm>
#include <cmath>

#include "cell_values.hpp"
#include "suggestions.hpp"

namespace munidash {

source_table::source_table(csv_table table, const source_spec& spec)
    : spec_(spec), table_(std::move(table)) {
    const auto key = std::find(table_.header.begin(), table_.header.end(), spec_.key);
    if (key == table_.header.end())
        throw munidash_error(failure_kind::input,
                             diagnostic{spec_.key_where.file.empty() ? spec_.where : spec_.key_where,
                                        "key column '" + spec_.key + "' is not in '" +
                                            spec_.file.string() + "'",
                                        unknown_name_hint(spec_.key, table_.header)});
    const auto key_index = static_cast<std::size_t>(key - table_.header.begin());
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
        const auto& code = table_.rows[r][key_index];
        if (!is_insee_code(code)) {
            ++invalid_keys_;
            continue;
        }
        const auto [it, inserted] = row_of_code_.emplace(code, r);
        if (!inserted)
            throw munidash_error(
                failure_kind::input,
                diagnostic{{table_.file, table_.row_lines[r], 0},
                           "code " + code + " appears twice in '" + spec_.key + "' (first on line " +
                               std::to_string(table_.row_lines[it->second]) + ")",
                           "a source has one row per commune; remove the duplicate"});
    }
}

bool source_table::has_column(std::string_view column) const {
    return std::find(table_.header.begin(), table_.header.end(), column) != table_.header.end();
}

std::size_t source_table::column_index(std::string_view column) const {
    const auto it = std::find(table_.header.begin(), table_.header.end(), column);
    if (it == table_.header.end())
        throw munidash_error(failure_kind::input,
                             diagnostic{spec_.where,
                                        "column '" + std::string(column) + "' is not in '" +
                                            spec_.file.string() + "'",
                                        unknown_name_hint(column, table_.header)});
    return static_cast<std::size_t>(it - table_.header.begin());
}

std::vector<std::string> source_table::codes() const {
    std::vector<std::string> out;
    out.reserve(row_of_code_.size());
    for (const auto& [code, row] : row_of_code_) out.push_back(code);
    return out;
}

const std::vector<std::string>* source_table::row(std::string_view code) const {
    const auto it = row_of_code_.find(code);
    return it == row_of_code_.end() ? nullptr : &table_.rows[it->second];
}

std::vector<double> source_table::numbers(std::string_view column,
                                          std::span<const std::string> codes) const {
    const auto index = column_index(column);
    std::vector<double> out(codes.size(), std::nan(""));
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto it = row_of_code_.find(codes[i]);
        if (it == row_of_code_.end()) continue;
        const auto cell = read_cell_number(table_.rows[it->second][index], spec_.dialect);
        if (cell.status == cell_status::invalid)
            throw munidash_error(failure_kind::input,
                                 diagnostic{{table_.file, table_.row_lines[it->second], 0},
                                            "column '" + std::string(column) + "': " + cell.problem,
                                            "fix the cell, or declare the source's decimal mark and "
                                            "missing markers in the spec (" + to_string(spec_.where) + ")"});
        if (cell.status == cell_status::value) out[i] = cell.value;
    }
    return out;
}

std::vector<std::string> source_table::texts(std::string_view column, std::span<const std::string> codes) const {
    const auto index = column_index(column);
    std::vector<std::string> out(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto it = row_of_code_.find(codes[i]);
        if (it == row_of_code_.end()) continue;
        const auto& cell = table_.rows[it->second][index];
        const auto& markers = spec_.dialect.missing_markers;
        if (std::find(markers.begin(), markers.end(), cell) == markers.end()) out[i] = cell;
    }
    return out;
}

}  // namespace munidash
