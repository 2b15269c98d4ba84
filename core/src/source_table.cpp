#include "source_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "cell_values.hpp"
#include "suggestions.hpp"

namespace munidash {

source_table::source_table(csv_table table, const source_spec& spec, const std::string& period)
    : spec_(spec), table_(std::move(table)) {
    const auto key = std::find(table_.header.begin(), table_.header.end(), spec_.key);
    if (key == table_.header.end())
        throw munidash_error(failure_kind::input,
                             missing_column_error(spec_, spec_.key_where.file.empty() ? spec_.where : spec_.key_where,
                                                  "key column '" + spec_.key + "' is not in '" + spec_.file.string() + "'",
                                                  spec_.key, table_.header,
                                                  [](const std::string& name) { return "key: " + name; }));
    const auto key_index = static_cast<std::size_t>(key - table_.header.begin());
    std::optional<std::size_t> period_index;
    if (!spec_.period_column.empty()) period_index = column_index(spec_.period_column);
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
        if (period_index && table_.rows[r][*period_index] != period) {
            ++other_periods_;
            continue;
        }
        const auto& code = table_.rows[r][key_index];
        if (!is_insee_code(code)) {
            ++invalid_keys_;
            continue;
        }
        auto& rows = rows_of_code_[code];
        if (!rows.empty() && !spec_.many_rows)
            throw munidash_error(
                failure_kind::input,
                diagnostic{{table_.file, table_.row_lines[r], 0},
                           "code " + code + " appears twice in '" + spec_.key + "' (first on line " +
                               std::to_string(table_.row_lines[rows.front()]) + ")",
                           "remove the duplicate, or declare 'rows: many' with an 'aggregate:' for this source (" +
                               to_string(spec_.where) + ")"});
        rows.push_back(r);
    }
}

bool source_table::has_column(std::string_view column) const {
    return std::find(table_.header.begin(), table_.header.end(), column) != table_.header.end();
}

std::size_t source_table::column_index(std::string_view column) const {
    const auto it = std::find(table_.header.begin(), table_.header.end(), column);
    if (it == table_.header.end())
        throw munidash_error(failure_kind::input,
                             diagnostic{spec_.where, "column '" + std::string(column) + "' is not in '" +
                                                         spec_.file.string() + "'",
                                        unknown_name_hint(column, table_.header)});
    return static_cast<std::size_t>(it - table_.header.begin());
}

std::vector<std::string> source_table::codes() const {
    std::vector<std::string> out;
    out.reserve(rows_of_code_.size());
    for (const auto& [code, rows] : rows_of_code_) out.push_back(code);
    return out;
}

const std::vector<std::string>* source_table::row(std::string_view code) const {
    const auto it = rows_of_code_.find(code);
    return it == rows_of_code_.end() ? nullptr : &table_.rows[it->second.front()];
}

std::size_t source_table::rows_outside(const std::set<std::string, std::less<>>& known_codes) const {
    std::size_t count = 0;
    for (const auto& [code, rows] : rows_of_code_)
        if (!known_codes.contains(code)) count += rows.size();
    return count;
}

double source_table::cell_value(std::size_t row, std::size_t index, std::string_view column) const {
    const auto cell = read_cell_number(table_.rows[row][index], spec_.dialect);
    if (cell.status == cell_status::invalid)
        throw munidash_error(failure_kind::input,
                             diagnostic{{table_.file, table_.row_lines[row], 0},
                                        "column '" + std::string(column) + "': " + cell.problem,
                                        "fix the cell, or declare the source's decimal mark, thousands separator "
                                        "and missing markers in the spec (" + to_string(spec_.where) + ")"});
    return cell.status == cell_status::value ? cell.value : std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> source_table::numbers(std::string_view column, std::span<const std::string> codes) const {
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return aggregated(aggregate, codes);
    const auto index = column_index(column);
    std::vector<double> out(codes.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto it = rows_of_code_.find(codes[i]); it != rows_of_code_.end())
            out[i] = cell_value(it->second.front(), index, column);
    return out;
}

std::vector<bool> source_table::secret(std::string_view column, std::span<const std::string> codes) const {
    std::vector<bool> out(codes.size(), false);
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return out;  // an aggregate of rows is not one producer's cell
    const auto index = column_index(column);
    const auto& markers = spec_.dialect.secret_markers;
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto it = rows_of_code_.find(codes[i]); it != rows_of_code_.end()) {
            const auto cell = std::string_view(table_.rows[it->second.front()][index]);
            out[i] = std::find(markers.begin(), markers.end(), cell) != markers.end();
        }
    return out;
}

std::vector<double> source_table::aggregated(const aggregate_spec& aggregate,
                                             std::span<const std::string> codes) const {
    std::vector<std::pair<std::size_t, const std::vector<std::string>*>> filters;
    for (const auto& [column, values] : aggregate.where) filters.emplace_back(column_index(column), &values);
    const auto kept = [&](std::size_t row) {
        for (const auto& [index, values] : filters)
            if (std::find(values->begin(), values->end(), table_.rows[row][index]) == values->end()) return false;
        return true;
    };
    const bool counting = aggregate.function == aggregate_function::count;
    const std::size_t index = counting ? 0 : column_index(aggregate.column);
    const double nan = std::numeric_limits<double>::quiet_NaN();

    std::vector<double> out(codes.size(), nan);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto it = rows_of_code_.find(codes[i]);
        std::size_t rows = 0, present = 0;
        double sum = 0, low = INFINITY, high = -INFINITY;
        if (it != rows_of_code_.end()) {
            for (const std::size_t row : it->second) {
                if (!kept(row)) continue;
                ++rows;
                if (counting) continue;
                const double value = cell_value(row, index, aggregate.column);
                if (std::isnan(value)) continue;
                ++present;
                sum += value;
                low = std::min(low, value);
                high = std::max(high, value);
            }
        }
        // A town without rows has 0 sites and 0 places; its mean, minimum and maximum are unknown.
        switch (aggregate.function) {
            case aggregate_function::count: out[i] = static_cast<double>(rows); break;
            case aggregate_function::sum: out[i] = rows == 0 ? 0.0 : present == 0 ? nan : sum; break;
            case aggregate_function::mean: out[i] = present == 0 ? nan : sum / static_cast<double>(present); break;
            case aggregate_function::min: out[i] = present == 0 ? nan : low; break;
            case aggregate_function::max: out[i] = present == 0 ? nan : high; break;
        }
    }
    return out;
}

std::vector<std::string> source_table::texts(std::string_view column, std::span<const std::string> codes) const {
    const auto index = column_index(column);
    std::vector<std::string> out(codes.size());
    const auto& markers = spec_.dialect.missing_markers;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto it = rows_of_code_.find(codes[i]);
        if (it == rows_of_code_.end()) continue;
        const auto& cell = table_.rows[it->second.front()][index];
        if (std::find(markers.begin(), markers.end(), cell) == markers.end()) out[i] = cell;
    }
    return out;
}

}  // namespace munidash
