// A CSV source indexed by INSEE code, from which the engine takes the columns indicators need.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "sources/code_mapping.hpp"
#include "sources/csv_source.hpp"

namespace munidash {

// A row whose code is not a town's today but was attributed to one (or a town's row whose
// territory changed since): listed on the data-quality sheet.
struct mapped_row {
    int line = 0;
    std::string code;  // as written in the file
    std::string name;  // the former commune's name, when the history has it
    std::string town;  // the reference town the row now counts for
    code_change kind = code_change::merged;
    std::string changed;  // the year of the change, when known
};

// A row used for no town, and why.
struct set_aside_row {
    int line = 0;
    std::string code;
    set_aside_reason reason = set_aside_reason::not_a_code;
};

// The columns of a source that the engine will read: as numbers, or as text.
struct source_columns {
    std::set<std::string, std::less<>> numbers;
    std::set<std::string, std::less<>> texts;
};

// A source's rows, looked up by commune code; numbers are parsed only for the columns asked for.
// Cells are kept column by column: a table read from its file keeps only the columns it was
// asked for (numbers as doubles, text only where text is read), so that its memory is near the
// size of those numbers rather than of the file.
class source_table {
public:
    // Indexes `table` by the source's key column, each row under the reference town its code
    // belongs to today (`mapper`; nullptr keeps codes as they are). Throws munidash_error(input)
    // when the key column is missing, or when a code appears twice with other values in a source
    // that has one row per town; rows that belong to no town are set aside and listed.
    // When the source has a period_column, only the rows of `period` are kept.
    source_table(csv_table table, const source_spec& spec, const code_mapper* mapper = nullptr,
                 const std::string& period = {});
    // The same, reading the spec's file row by row (read_source_csv_rows) with the checks and
    // messages of read_source_csv, and keeping only the columns of `used` and those the spec
    // itself reads (key, aggregates, weights). Asking it later for another column of the file is
    // a programming error (std::logic_error).
    source_table(const source_spec& spec, const source_columns& used, const code_mapper* mapper = nullptr,
                 const std::string& period = {});
    // Moved, never copied: town_rows_ points into rows_of_code_'s nodes, which a move keeps.
    source_table(source_table&&) noexcept = default;
    source_table(const source_table&) = delete;
    source_table& operator=(const source_table&) = delete;
    source_table& operator=(source_table&&) noexcept = default;

    // The source as the spec declared it.
    const source_spec& spec() const noexcept { return spec_; }
    // Whether the file has a column of that name.
    bool has_column(std::string_view column) const;
    // The file's column names, in file order.
    const std::vector<std::string>& columns() const noexcept { return header_; }
    // The cells of `code`'s row as text, or nullopt; "" for a column not kept as text.
    std::optional<std::vector<std::string>> row(std::string_view code) const;
    // One number per code, NaN where the row is absent or the cell is a missing marker; for an
    // aggregate of a multi-row source, the aggregate of the town's rows; for a town that holds the
    // rows of several former communes, their combination (check_merges first). A cell that is not
    // a number is added to `problems` with file and line, or, without it, throws munidash_error(input).
    std::vector<double> numbers(std::string_view column, std::span<const std::string> codes,
                                diagnostic_list* problems = nullptr) const;
    // Adds a problem for each town that holds several former communes' rows while `column` cannot
    // be combined as the spec says (not added, not weighted, and no chef-lieu rule).
    void check_merges(std::string_view column, diagnostic_list& problems) const;
    // Per code, whether the value is the chef-lieu's row alone among several (flagged estimate).
    std::vector<bool> estimated(std::string_view column, std::span<const std::string> codes) const;
    // Per code, whether the cell is hidden by statistical secret (one of the source's secret markers).
    std::vector<bool> secret(std::string_view column, std::span<const std::string> codes) const;
    // Per code, where the cell's value comes from (published for a CSV file; declared or
    // pre-filled for returned requests); published where the row is absent.
    std::vector<cell_origin> origins(std::string_view column, std::span<const std::string> codes) const;
    // One text per code, "" where the row is absent or the cell is a missing marker.
    std::vector<std::string> texts(std::string_view column, std::span<const std::string> codes) const;
    // Rows attributed to a town under another code, and towns' rows whose territory changed.
    const std::vector<mapped_row>& mapped_rows() const noexcept { return mapped_; }
    // Rows used for no town, with why, in file order.
    const std::vector<set_aside_row>& set_aside_rows() const noexcept { return set_aside_; }
    // Rows whose key was not an INSEE code (empty, "0null", a lost leading zero...).
    std::size_t rows_without_valid_code() const noexcept;
    // Every valid code of the file, sorted.
    std::vector<std::string> codes() const;
    // Number of data rows in the file (of every period).
    std::size_t row_count() const noexcept { return rows_in_file_; }
    // Rows of other periods than the one kept.
    std::size_t rows_of_other_periods() const noexcept { return other_periods_; }

private:
    // Numbers kept in blocks of fixed size: columns grow row by row all together, and vectors
    // doubling in step left their freed buffers unusable to one another (about twice the memory).
    class number_blocks {
    public:
        void push_back(double value);
        double operator[](std::size_t i) const { return blocks_[i / block_size][i % block_size]; }

    private:
        static constexpr std::size_t block_size = 2048;
        std::vector<std::unique_ptr<double[]>> blocks_;
        std::size_t size_ = 0;
    };
    // A column's cells, for the rows kept: as text, as numbers, both, or neither (not used).
    struct stored_column {
        bool has_text = false;
        std::string chars;              // the cells as written, end to end
        std::vector<std::size_t> ends;  // where each row's cell ends in chars
        bool has_numbers = false;
        number_blocks numbers;  // NaN for a missing marker or a cell that is not a number
        std::vector<std::pair<std::size_t, std::string>> invalid;  // rows whose cell is not a number, and why
        std::vector<std::size_t> secret;                           // rows whose cell is a secret marker
    };
    // A row written twice whose second copy must add nothing (checked once the file is read).
    struct duplicate_row {
        int line = 0;
        int first_line = 0;
    };
    using row_replay = std::function<void(const csv_row_handler&)>;

    // Chooses the columns to keep (every one as text when `used` is null).
    void start(std::vector<std::string> header, const source_columns* used);
    // Indexes one row of the file and keeps its cells if it counts for a town of the period.
    void add_row(std::span<const std::string_view> cells, int line, const std::vector<cell_origin>* origins);
    // Once every row is in: the errors the first look at the header deferred, then the
    // duplicates, compared with their first rows as `replay` hands the file's rows again.
    void finish(const row_replay& replay);
    // Appends a row's cell of column `index` to what the column keeps.
    void keep(std::size_t index, std::span<const std::string_view> cells, std::size_t row);
    // A kept row's cell as written; the column must be kept as text.
    std::string_view text(std::size_t row, std::size_t index) const;
    // Column `index`, kept as text (or as numbers or text when `as_text` is false); throws std::logic_error if not.
    const stored_column& stored(std::size_t index, bool as_text) const;
    std::size_t column_index(std::string_view column) const;
    double cell_value(std::size_t row, std::size_t index, std::string_view column, diagnostic_list* problems) const;
    double combined(std::string_view column, std::size_t index, const std::vector<std::size_t>& rows,
                    std::string_view town, diagnostic_list* problems) const;
    const std::vector<std::size_t>* rows_of(std::string_view town) const;
    bool merged(const std::vector<std::size_t>& rows) const { return !spec_.many_rows && rows.size() > 1; }
    bool combinable(std::string_view column) const;
    std::optional<std::size_t> chef_lieu_row(const std::vector<std::size_t>& rows, std::string_view town) const;
    bool adds_nothing(std::span<const std::string_view> cells, const std::vector<std::string>& kept) const;
    std::vector<double> aggregated(const aggregate_spec& aggregate, std::span<const std::string> codes) const;

    source_spec spec_;
    const code_mapper* mapper_ = nullptr;
    std::string period_;
    std::filesystem::path file_;
    std::vector<std::string> header_;
    std::vector<stored_column> columns_;             // per column of header_
    std::vector<std::size_t> kept_columns_;          // the columns with text or numbers
    std::vector<int> row_lines_;                     // per row kept, the line it starts on
    std::vector<std::vector<cell_origin>> origins_;  // per row kept and column; empty: every cell published
    std::size_t rows_in_file_ = 0;
    bool key_found_ = false;
    std::optional<std::size_t> period_index_;
    std::map<std::string, int, std::less<>> first_line_of_code_;  // to tell a duplicate from a former commune's row
    std::vector<duplicate_row> duplicates_;
    std::size_t key_index_ = 0;
    std::map<std::string, std::vector<std::size_t>, std::less<>> rows_of_code_;  // per town: one row, or many
    // rows_of_code_ by hash: looked up once per town and column read (600 columns: 20 million times).
    std::unordered_map<std::string_view, const std::vector<std::size_t>*> town_rows_;
    std::vector<mapped_row> mapped_;
    std::vector<set_aside_row> set_aside_;
    std::size_t other_periods_ = 0;
};

}  // namespace munidash
