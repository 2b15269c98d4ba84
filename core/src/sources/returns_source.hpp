// A source made of the towns' returned request workbooks (docs/request-workbooks.md): each file's
// identity and answers checked, every problem of every file collected, the accepted answers turned
// into the same table a CSV source gives, each cell marked declared or pre-filled.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "sources/csv_source.hpp"
#include "spec/report_spec.hpp"

namespace munidash {

// What became of one returned file.
struct return_file {
    std::filesystem::path file;
    std::string town;      // the town its identity names ("" when unreadable)
    std::string modified;  // docProps/core.xml's dcterms:modified, as written
    bool refused = false;
    std::string reason;                // why it was refused, in a few words (the log's summary)
    std::vector<diagnostic> problems;  // every problem found in it, "SHEET!CELL: ..." at the file
};

// The folder read: the table of accepted answers and what became of each file.
struct returns_read {
    csv_table table;                 // header "code" then the question ids; one row per accepted file
    std::vector<return_file> files;  // in file-name order
};

// The .xlsx files of `folder`, sorted by name; Office lock files (~$...) and hidden files are left
// out (logged at debug level).
std::vector<std::filesystem::path> returned_files(const std::filesystem::path& folder);

// Reads every returned file of `source.returns` against `source.request`; `towns` are the codes a
// return may come from (the selected towns). Never throws for a bad file: its problems are in `files`.
// Throws munidash_error(input) only when the folder itself cannot be listed.
returns_read read_returns(const source_spec& source, const std::set<std::string, std::less<>>& towns);

// The checksum the contract puts in a request workbook: the first 16 hex digits of SHA-256 of
// "report|version|town|questions".
std::string request_checksum(std::string_view report, std::string_view version, std::string_view town,
                             std::string_view questions);

}  // namespace munidash
