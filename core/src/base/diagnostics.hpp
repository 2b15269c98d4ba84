// Errors a user sees: where (file, line, column), what was found, what was expected, what to do.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace munidash {

// A place in a user's file; line and column are 1-based, 0 when unknown.
struct text_position {
    std::filesystem::path file;
    int line = 0;
    int column = 0;
};

// "file:line:col" (or "file:line", or "file"), the prefix compilers and editors understand.
std::string to_string(const text_position& where);

// One problem found in a user's input.
struct diagnostic {
    text_position where;
    std::string message;  // what was found and what was expected
    std::string hint;     // what to do about it; may be empty
};

// "file:line:col: error: message (hint)" on one line.
std::string format_diagnostic(const diagnostic& d);

// Orders `diagnostics` by file, line and column, keeping the order found among equals: a user
// reads the mistakes of a file from top to bottom.
void sort_by_position(std::vector<diagnostic>& diagnostics);

// The kinds of failure the CLI maps to distinct exit codes.
enum class failure_kind {
    spec = 2,     // the report specification (or the command line) is wrong
    plugin = 3,   // a plugin was refused or failed
    input = 4,    // a data file is missing or unreadable
    output = 5,   // the workbook could not be written
    partial = 6,  // written, but an indicator was skipped (on_failure: skip) and nothing accepted that
    busy = 75,    // another run holds the output's lock (EX_TEMPFAIL: try again later)
};

// An error that ends a run; carries every diagnostic found, not just the first.
class munidash_error : public std::runtime_error {
public:
    munidash_error(failure_kind kind, std::vector<diagnostic> diagnostics);
    munidash_error(failure_kind kind, diagnostic single);
    ~munidash_error() override;

    // Why the run ended: decides the exit code.
    failure_kind kind() const noexcept { return kind_; }
    // Every problem found, in the order they were found.
    const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    failure_kind kind_;
    std::vector<diagnostic> diagnostics_;
};

// Collects diagnostics while a whole input is checked, so that all mistakes are reported at once.
class diagnostic_list {
public:
    // Records one problem.
    void add(text_position where, std::string message, std::string hint = {});
    // Whether any problem was recorded.
    bool empty() const noexcept { return items_.empty(); }
    // The problems recorded so far.
    const std::vector<diagnostic>& items() const noexcept { return items_; }
    // Throws a munidash_error of `kind` holding every problem, if there is any.
    void throw_if_any(failure_kind kind) const;

private:
    std::vector<diagnostic> items_;
};

}  // namespace munidash
