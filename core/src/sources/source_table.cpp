#include "sources/source_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "base/insee_code.hpp"
#include "base/suggestions.hpp"
#include "sources/cell_values.hpp"

namespace munidash {

source_table::source_table(csv_table table, const source_spec& spec, const code_mapper* mapper,
                           const std::string& period)
    : spec_(spec), mapper_(mapper), period_(period), file_(table.file) {
    start(std::move(table.header), nullptr);
    const std::vector<cell_origin> published;
    std::vector<std::string_view> cells;
    const auto each_row = [&](const csv_row_handler& on_row) {
        for (const auto& row : table.rows) {
            cells.assign(row.begin(), row.end());
            on_row(cells, table.row_lines[static_cast<std::size_t>(&row - table.rows.data())]);
        }
    };
    each_row([&](std::span<const std::string_view> row, int line) {
        const auto r = rows_in_file_;
        add_row(row, line, table.origins.empty() ? nullptr : r < table.origins.size() ? &table.origins[r] : &published);
    });
    finish(each_row);
}

source_table::source_table(const source_spec& spec, const source_columns& used, const code_mapper* mapper,
                           const std::string& period)
    : spec_(spec), mapper_(mapper), period_(period), file_(spec.file) {
    header_ = read_source_csv_rows(
        spec_, [&](const std::vector<std::string>& header) { start(header, &used); },
        [&](std::span<const std::string_view> cells, int line) { add_row(cells, line, nullptr); });
    // Duplicates are told from the file's cells, kept only for the rows concerned: read it again.
    finish([&](const csv_row_handler& on_row) {
        read_csv_rows(
            spec_.file, spec_.dialect, spec_.file_where, [](const std::vector<std::string>&) {}, on_row);
    });
}

void source_table::start(std::vector<std::string> header, const source_columns* used) {
    header_ = std::move(header);
    columns_.clear();
    columns_.resize(header_.size());
    const auto key = std::find(header_.begin(), header_.end(), spec_.key);
    key_found_ = key != header_.end();
    if (!key_found_) return;
    key_index_ = static_cast<std::size_t>(key - header_.begin());
    if (!spec_.period_column.empty()) {
        const auto period = std::find(header_.begin(), header_.end(), spec_.period_column);
        if (period == header_.end()) {
            key_found_ = false;  // finish reports the missing column; no row is worth keeping
            return;
        }
        period_index_ = static_cast<std::size_t>(period - header_.begin());
    }
    const auto want = [&](std::string_view column, bool as_text, bool as_numbers) {
        const auto it = std::find(header_.begin(), header_.end(), column);
        if (it == header_.end()) return;  // asking for it reports the missing column
        auto& stored = columns_[static_cast<std::size_t>(it - header_.begin())];
        stored.has_text = stored.has_text || as_text;
        stored.has_numbers = stored.has_numbers || as_numbers;
    };
    want(spec_.key, true, false);
    if (!used) {
        // A table given whole (a reference list, returned requests) keeps its text, read as numbers when asked.
        for (auto& column : columns_) column.has_text = true;
    } else {
        for (const auto& column : used->numbers) want(column, false, true);
        for (const auto& column : used->texts) want(column, true, false);
        for (const auto& aggregate : spec_.aggregates) {
            for (const auto& filter : aggregate.where) want(filter.first, true, false);
            if (!aggregate.column.empty()) want(aggregate.column, false, true);
        }
        for (const auto& weighted : spec_.merge.weighted) want(weighted.second, false, true);
    }
    for (std::size_t c = 0; c < columns_.size(); ++c)
        if (columns_[c].has_text || columns_[c].has_numbers) kept_columns_.push_back(c);
}

void source_table::add_row(std::span<const std::string_view> cells, int line, const std::vector<cell_origin>* origins) {
    ++rows_in_file_;
    if (!key_found_) return;
    if (period_index_ && cells[*period_index_] != period_) {
        ++other_periods_;
        return;
    }
    const auto code = cells[key_index_];
    if (!is_insee_code(code)) {
        set_aside_.push_back({line, std::string(code), set_aside_reason::not_a_code});
        return;
    }
    const auto resolution = mapper_ ? mapper_->resolve(code, spec_.merge.map_codes)
                                    : code_resolution{code_resolution::outcome::same, std::string(code), nullptr, {}};
    if (resolution.result == code_resolution::outcome::set_aside) {
        set_aside_.push_back({line, std::string(code), resolution.reason});
        return;
    }
    if (!spec_.many_rows) {
        const auto [first, inserted] = first_line_of_code_.emplace(code, line);
        if (!inserted) {
            // Set aside if it adds nothing to the first row, an error otherwise: finish tells which.
            set_aside_.push_back({line, std::string(code), set_aside_reason::duplicate});
            duplicates_.push_back({line, first->second});
            return;
        }
    }
    if (resolution.history)
        mapped_.push_back({line, std::string(code), resolution.history->name, resolution.town, resolution.history->kind,
                           resolution.history->changed});
    const auto row = row_lines_.size();
    row_lines_.push_back(line);
    if (origins) origins_.push_back(*origins);
    for (const auto c : kept_columns_) keep(c, cells, row);
    rows_of_code_[resolution.town].push_back(row);
}

void source_table::keep(std::size_t index, std::span<const std::string_view> cells, std::size_t row) {
    auto& column = columns_[index];
    const auto cell = cells[index];
    if (column.has_text) {
        column.chars.append(cell);
        column.ends.push_back(column.chars.size());
    }
    if (!column.has_numbers) return;
    auto number = read_cell_number(cell, spec_.dialect);
    column.numbers.push_back(number.status == cell_status::value ? number.value
                                                                 : std::numeric_limits<double>::quiet_NaN());
    if (number.status == cell_status::invalid) column.invalid.emplace_back(row, std::move(number.problem));
    const auto& markers = spec_.dialect.secret_markers;
    if (std::find(markers.begin(), markers.end(), cell) != markers.end()) column.secret.push_back(row);
}

void source_table::number_blocks::push_back(double value) {
    if (size_ % block_size == 0) blocks_.push_back(std::make_unique_for_overwrite<double[]>(block_size));
    blocks_.back()[size_ % block_size] = value;
    ++size_;
}

void source_table::finish(const row_replay& replay) {
    if (std::find(header_.begin(), header_.end(), spec_.key) == header_.end())
        throw munidash_error(
            failure_kind::input,
            missing_column_error(spec_, spec_.key_where.file.empty() ? spec_.where : spec_.key_where,
                                 "key column '" + spec_.key + "' is not in '" + spec_.file.string() + "'", spec_.key,
                                 header_, [](const std::string& name) { return "key: " + name; }));
    if (!spec_.period_column.empty()) column_index(spec_.period_column);
    first_line_of_code_.clear();
    town_rows_.reserve(rows_of_code_.size());
    for (const auto& [town, rows] : rows_of_code_) town_rows_.emplace(town, &rows);
    if (duplicates_.empty()) return;
    // The first rows of duplicated codes, kept whole until their duplicates are compared with them.
    std::map<int, std::vector<std::string>> first_rows;
    std::map<int, int> first_line_of;
    for (const auto& d : duplicates_) {
        first_rows.emplace(d.first_line, std::vector<std::string>{});
        first_line_of.emplace(d.line, d.first_line);
    }
    std::size_t compared = 0;
    replay([&](std::span<const std::string_view> cells, int line) {
        if (const auto first = first_rows.find(line); first != first_rows.end())
            first->second.assign(cells.begin(), cells.end());
        const auto duplicate = first_line_of.find(line);
        if (duplicate == first_line_of.end()) return;
        ++compared;
        if (adds_nothing(cells, first_rows.at(duplicate->second))) return;
        throw munidash_error(
            failure_kind::input,
            diagnostic{{file_, line, 0},
                       "code " + std::string(cells[key_index_]) + " appears twice in '" + spec_.key +
                           "' (first on line " + std::to_string(duplicate->second) + "), with other values",
                       "remove the duplicate, or declare 'rows: many' with an 'aggregate:' for this source (" +
                           to_string(spec_.where) + ")"});
    });
    // A file read twice must not change in between: its duplicates would go unchecked.
    if (compared != first_line_of.size())
        throw munidash_error(failure_kind::input,
                             diagnostic{spec_.file_where.file.empty() ? spec_.where : spec_.file_where,
                                        "'" + file_.string() + "' changed while munidash was reading it",
                                        "run again once the file is complete; a source must be a regular file"});
    duplicates_.clear();
}

bool source_table::adds_nothing(std::span<const std::string_view> cells, const std::vector<std::string>& kept) const {
    const auto& markers = spec_.dialect.missing_markers;
    const auto missing = [&](std::string_view cell) {
        return std::find(markers.begin(), markers.end(), cell) != markers.end();
    };
    // A duplicate that adds nothing: each of its cells is empty or the same as the first row's.
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c] != kept[c] && !missing(cells[c])) return false;
    return true;
}

std::string_view source_table::text(std::size_t row, std::size_t index) const {
    const auto& column = stored(index, true);
    const auto begin = row == 0 ? 0 : column.ends[row - 1];
    return std::string_view(column.chars).substr(begin, column.ends[row] - begin);
}

const source_table::stored_column& source_table::stored(std::size_t index, bool as_text) const {
    const auto& column = columns_[index];
    if (as_text ? column.has_text : column.has_text || column.has_numbers) return column;
    throw std::logic_error("column '" + header_[index] + "' of source '" + spec_.name + "' was not kept as " +
                           (as_text ? "text" : "numbers") + " when its file was read");
}

std::size_t source_table::rows_without_valid_code() const noexcept {
    return static_cast<std::size_t>(std::count_if(set_aside_.begin(), set_aside_.end(), [](const set_aside_row& r) {
        return r.reason == set_aside_reason::not_a_code;
    }));
}

bool source_table::has_column(std::string_view column) const {
    return std::find(header_.begin(), header_.end(), column) != header_.end();
}

std::size_t source_table::column_index(std::string_view column) const {
    const auto it = std::find(header_.begin(), header_.end(), column);
    if (it == header_.end())
        throw munidash_error(
            failure_kind::input,
            diagnostic{spec_.where, "column '" + std::string(column) + "' is not in '" + spec_.file.string() + "'",
                       unknown_name_hint(column, header_)});
    return static_cast<std::size_t>(it - header_.begin());
}

std::vector<std::string> source_table::codes() const {
    std::vector<std::string> out;
    out.reserve(rows_of_code_.size());
    for (const auto& [code, rows] : rows_of_code_) out.push_back(code);
    return out;
}

std::optional<std::vector<std::string>> source_table::row(std::string_view code) const {
    const auto* rows = rows_of(code);
    if (!rows) return std::nullopt;
    std::vector<std::string> out(header_.size());
    for (std::size_t c = 0; c < header_.size(); ++c)
        if (columns_[c].has_text) out[c] = text(rows->front(), c);
    return out;
}

const std::vector<std::size_t>* source_table::rows_of(std::string_view town) const {
    const auto it = town_rows_.find(town);
    return it == town_rows_.end() ? nullptr : it->second;
}

double source_table::cell_value(std::size_t row, std::size_t index, std::string_view column,
                                diagnostic_list* problems) const {
    const auto& stored_cells = stored(index, false);
    cell_number cell;
    if (stored_cells.has_numbers) {
        const double value = stored_cells.numbers[row];
        if (!std::isnan(value)) return value;
        const auto bad = std::lower_bound(stored_cells.invalid.begin(), stored_cells.invalid.end(), row,
                                          [](const auto& invalid, std::size_t r) { return invalid.first < r; });
        if (bad == stored_cells.invalid.end() || bad->first != row) return value;
        cell = {cell_status::invalid, 0, bad->second};
    } else {
        cell = read_cell_number(text(row, index), spec_.dialect);
    }
    if (cell.status == cell_status::invalid) {
        diagnostic d{{file_, row_lines_[row], 0},
                     "column '" + std::string(column) + "': " + cell.problem,
                     "fix the cell, or declare the source's decimal mark, thousands separator "
                     "and missing markers in the spec (" +
                         to_string(spec_.where) + ")"};
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

std::optional<std::size_t> source_table::chef_lieu_row(const std::vector<std::size_t>& rows,
                                                       std::string_view town) const {
    for (const auto row : rows)
        if (text(row, key_index_) == town) return row;
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
            codes += (codes.empty() ? "" : " + ") + std::string(text(row, key_index_)) + " line " +
                     std::to_string(row_lines_[row]);
        if (first_town.empty()) first_town = town;
        examples += (examples.empty() ? "" : "; ") + (communes == 1 ? "" : town + ": ") + codes;
    }
    if (communes == 0) return;
    problems.add(
        spec_.merge.where,
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
    const auto weight =
        std::find_if(m.weighted.begin(), m.weighted.end(), [&](const auto& w) { return w.first == column; });
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
    const auto& stored_cells = stored(index, false);
    const auto& markers = spec_.dialect.secret_markers;
    const auto is_secret = [&](std::size_t row) {
        return stored_cells.has_numbers
                   ? std::binary_search(stored_cells.secret.begin(), stored_cells.secret.end(), row)
                   : std::find(markers.begin(), markers.end(), text(row, index)) != markers.end();
    };
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i]))
            for (const auto row : *rows)
                if (is_secret(row)) out[i] = true;
    return out;
}

std::vector<cell_origin> source_table::origins(std::string_view column, std::span<const std::string> codes) const {
    std::vector<cell_origin> out(codes.size(), cell_origin::published);
    if (origins_.empty()) return out;
    for (const auto& aggregate : spec_.aggregates)
        if (aggregate.name == column) return out;
    const auto index = column_index(column);
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (const auto* rows = rows_of(codes[i]))
            for (const auto row : *rows)
                if (row < origins_.size() && index < origins_[row].size())
                    out[i] = std::max(out[i], origins_[row][index]);
    return out;
}

std::vector<double> source_table::aggregated(const aggregate_spec& aggregate,
                                             std::span<const std::string> codes) const {
    std::vector<std::pair<std::size_t, const std::vector<std::string>*>> filters;
    for (const auto& [column, values] : aggregate.where) filters.emplace_back(column_index(column), &values);
    const auto kept = [&](std::size_t row) {
        for (const auto& [index, values] : filters)
            if (std::find(values->begin(), values->end(), text(row, index)) == values->end()) return false;
        return true;
    };
    const bool counting = aggregate.function == aggregate_function::count;
    const std::size_t index = counting ? 0 : column_index(aggregate.column);
    const double nan = std::numeric_limits<double>::quiet_NaN();

    std::vector<double> out(codes.size(), nan);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto* town_rows = rows_of(codes[i]);
        std::size_t rows = 0, present = 0;
        double sum = 0, low = INFINITY, high = -INFINITY;
        if (town_rows) {
            for (const std::size_t row : *town_rows) {
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
        const auto cell = text(*row, index);
        if (std::find(markers.begin(), markers.end(), cell) == markers.end()) out[i] = std::string(cell);
    }
    return out;
}

}  // namespace munidash
