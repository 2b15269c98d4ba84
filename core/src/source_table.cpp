#include "source_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "cell_values.hpp"
#include "suggestions.hpp"

namespace munidash {

source_table::source_table(csv_table table, const source_spec& spec, const code_mapper* mapper,
                           const std::string& period)
    : spec_(spec), table_(std::move(table)) {
    const auto key = std::find(table_.header.begin(), table_.header.end(), spec_.key);
    if (key == table_.header.end())
        throw munidash_error(failure_kind::input,
                             missing_column_error(spec_, spec_.key_where.file.empty() ? spec_.where : spec_.key_where,
                                                  "key column '" + spec_.key + "' is not in '" + spec_.file.string() + "'",
                                                  spec_.key, table_.header,
                                                  [](const std::string& name) { return "key: " + name; }));
    key_index_ = static_cast<std::size_t>(key - table_.header.begin());
    std::optional<std::size_t> period_index;
    if (!spec_.period_column.empty()) period_index = column_index(spec_.period_column);
    // The first row of each code as written, to tell a duplicate from a former commune's row.
    std::map<std::string, std::size_t, std::less<>> first_row_of_code;
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
        if (period_index && table_.rows[r][*period_index] != period) {
            ++other_periods_;
            continue;
        }
        const auto& code = table_.rows[r][key_index_];
        const int line = table_.row_lines[r];
        if (!is_insee_code(code)) {
            set_aside_.push_back({line, code, set_aside_reason::not_a_code});
            continue;
        }
        const auto resolution = mapper ? mapper->resolve(code, spec_.merge.map_codes)
                                       : code_resolution{code_resolution::outcome::same, code, nullptr, {}};
        if (resolution.result == code_resolution::outcome::set_aside) {
            set_aside_.push_back({line, code, resolution.reason});
            continue;
        }
        if (!spec_.many_rows) {
            const auto [first, inserted] = first_row_of_code.emplace(code, r);
            if (!inserted) {
                if (adds_nothing(r, first->second)) {
                    set_aside_.push_back({line, code, set_aside_reason::duplicate});
                    continue;
                }
                throw munidash_error(
                    failure_kind::input,
                    diagnostic{{table_.file, line, 0},
                               "code " + code + " appears twice in '" + spec_.key + "' (first on line " +
                                   std::to_string(table_.row_lines[first->second]) + "), with other values",
                               "remove the duplicate, or declare 'rows: many' with an 'aggregate:' for this source (" +
                                   to_string(spec_.where) + ")"});
            }
        }
        if (resolution.history)
            mapped_.push_back({line, code, resolution.history->name, resolution.town, resolution.history->kind,
                               resolution.history->changed});
        rows_of_code_[resolution.town].push_back(r);
    }
}

bool source_table::adds_nothing(std::size_t row, std::size_t first) const {
    const auto& markers = spec_.dialect.missing_markers;
    const auto missing = [&](const std::string& cell) {
        return std::find(markers.begin(), markers.end(), cell) != markers.end();
    };
    // A duplicate that adds nothing: each of its cells is empty or the same as the first row's.
    const auto& cells = table_.rows[row];
    const auto& kept = table_.rows[first];
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c] != kept[c] && !missing(cells[c])) return false;
    return true;
}

std::size_t source_table::rows_without_valid_code() const noexcept {
    return static_cast<std::size_t>(std::count_if(set_aside_.begin(), set_aside_.end(), [](const set_aside_row& r) {
        return r.reason == set_aside_reason::not_a_code;
    }));
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
    const auto* rows = rows_of(code);
    return rows ? &table_.rows[rows->front()] : nullptr;
}

const std::vector<std::size_t>* source_table::rows_of(std::string_view town) const {
    const auto it = rows_of_code_.find(town);
    return it == rows_of_code_.end() ? nullptr : &it->second;
}

double source_table::cell_value(std::size_t row, std::size_t index, std::string_view column,
                                diagnostic_list* problems) const {
    const auto cell = read_cell_number(table_.rows[row][index], spec_.dialect);
    if (cell.status == cell_status::invalid) {
        diagnostic d{{table_.file, table_.row_lines[row], 0},
                     "column '" + std::string(column) + "': " + cell.problem,
                     "fix the cell, or declare the source's decimal mark, thousands separator "
                     "and missing markers in the spec (" + to_string(spec_.where) + ")"};
        if (!problems) throw munidash_error(failure_kind::input, std::move(d));
        problems->add(std::move(d.where), std::move(d.message), std::move(d.hint));
    }
    return cell.status == cell_status::value ? cell.value : std::numeric_limits<double>::quiet_NaN();
}

bool source_table::combinable(std::string_view column) const {
    const auto& m = spec_.merge;
    return m.chef_lieu || std::find(m.add.begin(), m.add.end(), column) != m.add.end() ||
           std::any_of(m.weighted.begin(), m.weighted.end(), [&](const auto& w) { return w.first == column; });
}

std::optional<std::size_t> source_table::chef_lieu_row(const std::vector<std::size_t>& rows, std::string_view town) const {
    for (const auto row : rows)
        if (table_.rows[row][key_index_] == town) return row;
    return std::nullopt;
}

void source_table::check_merges(std::string_view column, diagnostic_list& problems) const {
    if (spec_.many_rows || combinable(column)) return;
    // One problem per column, naming the first communes: a national file can have hundreds.
    const std::size_t named = 5;
    std::size_t communes = 0;
    std::string first_town, examples;
    for (const auto& [town, rows] : rows_of_code_) {
        if (!merged(rows) || ++communes > named) continue;
        std::string codes;
        for (const auto row : rows)
            codes += (codes.empty() ? "" : " + ") + table_.rows[row][key_index_] + " line " +
                     std::to_string(table_.row_lines[row]);
        if (first_town.empty()) first_town = town;
        examples += (examples.empty() ? "" : "; ") + (communes == 1 ? "" : town + ": ") + codes;
    }
    if (communes == 0) return;
    problems.add(spec_.merge.where,
                 "source '" + spec_.name + "': " +
                     (communes == 1 ? "commune " + first_town + " holds the rows of several former communes (" + examples + ")"
                                    : std::to_string(communes) + " communes hold the rows of several former communes (" +
                                          first_town + ": " + examples + (communes > named ? "; ..." : "") + ")") +
                     ", and column '" + std::string(column) + "' cannot be added up",
                 "under merged_communes, list it in 'add' if it counts something (premises, sites, inhabitants), "
                 "in 'weighted' with the count it is a rate of, or write 'others: chef_lieu' to take the row of the "
                 "commune's own code alone (flagged as an estimate)");
}

double source_table::combined(std::string_view column, std::size_t index, const std::vector<std::size_t>& rows,
                              std::string_view town, diagnostic_list* problems) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& m = spec_.merge;
    if (std::find(m.add.begin(), m.add.end(), column) != m.add.end()) {
        double sum = 0;  // an unknown part makes the whole unknown
        for (const auto row : rows) sum += cell_value(row, index, column, problems);
        return sum;
    }
    const auto weight = std::find_if(m.weighted.begin(), m.weighted.end(), [&](const auto& w) { return w.first == column; });
    if (weight != m.weighted.end()) {
        const auto weight_index = column_index(weight->second);
        double sum = 0, weights = 0;
        for (const auto row : rows) {
            const double w = cell_value(row, weight_index, weight->second, problems);
            sum += w * cell_value(row, index, column, problems);
            weights += w;
        }
        return weights > 0 ? sum / weights : nan;
    }
    if (m.chef_lieu) {
        const auto row = chef_lieu_row(rows, town);
        return row ? cell_value(*row, index, column, problems) : nan;
    }
    diagnostic_list local;
    check_merges(column, problems ? *problems : local);
    local.throw_if_any(failure_kind::spec);
    return nan;
}

std::vector<double> source_table::numbers(std::string_view column, std::span<const std::string> codes,
                                          diagnostic_list* problems) const {
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return aggregated(aggregate, codes);
    const auto index = column_index(column);
    std::vector<double> out(codes.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i]))
            out[i] = merged(*rows) ? combined(column, index, *rows, codes[i], problems)
                                   : cell_value(rows->front(), index, column, problems);
    return out;
}

std::vector<bool> source_table::estimated(std::string_view column, std::span<const std::string> codes) const {
    std::vector<bool> out(codes.size(), false);
    const auto& m = spec_.merge;
    if (spec_.many_rows || !m.chef_lieu || std::find(m.add.begin(), m.add.end(), column) != m.add.end() ||
        std::any_of(m.weighted.begin(), m.weighted.end(), [&](const auto& w) { return w.first == column; }))
        return out;
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i])) out[i] = merged(*rows);
    return out;
}

std::vector<bool> source_table::secret(std::string_view column, std::span<const std::string> codes) const {
    std::vector<bool> out(codes.size(), false);
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return out;  // an aggregate of rows is not one producer's cell
    const auto index = column_index(column);
    const auto& markers = spec_.dialect.secret_markers;
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i]))
            for (const auto row : *rows)
                if (std::find(markers.begin(), markers.end(), std::string_view(table_.rows[row][index])) != markers.end())
                    out[i] = true;
    return out;
}

std::vector<cell_origin> source_table::origins(std::string_view column, std::span<const std::string> codes) const {
    std::vector<cell_origin> out(codes.size(), cell_origin::published);
    if (table_.origins.empty()) return out;
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return out;
    const auto index = column_index(column);
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i]))
            for (const auto row : *rows)
                if (row < table_.origins.size() && index < table_.origins[row].size())
                    out[i] = std::max(out[i], table_.origins[row][index]);
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
                const double value = cell_value(row, index, aggregate.column, nullptr);
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
        const auto* rows = rows_of(codes[i]);
        if (!rows) continue;
        auto row = std::optional<std::size_t>(rows->front());
        if (merged(*rows)) {
            // Texts never add up: only the chef-lieu's row can stand for the commune.
            if (!spec_.merge.chef_lieu) {
                diagnostic_list problems;
                check_merges(column, problems);
                problems.throw_if_any(failure_kind::spec);
            }
            row = chef_lieu_row(*rows, codes[i]);
            if (!row) continue;
        }
        const auto& cell = table_.rows[*row][index];
        if (std::find(markers.begin(), markers.end(), cell) == markers.end()) out[i] = cell;
    }
    return out;
}

}  // namespace munidash
