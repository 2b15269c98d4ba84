// The report's workbook: built from the results, written to a temporary file, checked, renamed.
#pragma once

#include <ctime>
#include <filesystem>
#include <vector>

#include "compute/comparisons.hpp"
#include "compute/composite.hpp"
#include "compute/evaluator.hpp"
#include "compute/report_plan.hpp"
#include "sources/returns_source.hpp"
#include "sources/source_table.hpp"
#include "sources/towns.hpp"
#include "spec/report_spec.hpp"
#include "workbook/atomic_workbook.hpp"

namespace munidash {

// What reading one source found, for the methodology and data-quality sheets: every row is
// accounted for, never dropped silently.
struct source_summary {
    std::string name;
    std::size_t rows = 0;
    std::size_t rows_without_code = 0;       // key empty or not an INSEE code
    std::size_t rows_outside_reference = 0;  // every other row set aside (not in the list, ambiguous, duplicate...)
    std::vector<mapped_row> mapped;          // rows attributed to today's commune under a former code
    std::vector<set_aside_row> set_aside;    // rows used for no town, with why
    bool returns = false;                    // a folder of returned request workbooks
    std::vector<return_file> return_files;   // with returns: what became of each file
};

// Everything the workbook shows, computed before any of it is written.
struct report_results {
    const report_spec& spec;
    const report_plan& plan;
    const town_list& towns;
    const std::vector<indicator_values>& values;
    const std::vector<indicator_comparison>& comparisons;
    const std::vector<source_summary>& sources;
    const composite_result* composite = nullptr;              // when the spec asks for a composite index
    const std::vector<indicator_values>* previous = nullptr;  // the previous period's values, when asked
    const composite_result* previous_composite = nullptr;
    std::time_t created = 0;         // the document's creation time (SOURCE_DATE_EPOCH when set)
    bool replace_read_only = false;  // --force: a read-only workbook is replaced too (its mode is kept)
};

// Writes the workbook to `target` atomically: a temporary file beside it is written, re-read and
// checked, given the mode of the file it replaces, then renamed over `target`. On any failure the temporary file is removed, `target` is
// left as it was, and munidash_error(output) is thrown.
void write_report_workbook(const report_results& results, const std::filesystem::path& target);

// One town's own workbook (cover, the town's page, methodology), written the same atomic way; with a
// `batch`, left in it, checked, to be flushed and renamed by its commit().
void write_town_workbook(const report_results& results, std::size_t town, const std::filesystem::path& target,
                         replacement_batch* batch = nullptr);

}  // namespace munidash
