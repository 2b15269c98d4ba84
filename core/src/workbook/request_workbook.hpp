// One town's request workbook: a cover, the questions with their answer cells, and the hidden
// identity that lets the reader of returns trust the file (docs/request-workbooks.md).
#pragma once

#include <span>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "sources/towns.hpp"
#include "spec/report_spec.hpp"
#include "workbook/atomic_workbook.hpp"
#include "workbook/labels.hpp"
#include "workbook/xlsx_document.hpp"

namespace munidash {

// What is already known of one town's answer to one question.
struct request_prefill {
    bool present = false;
    bool is_number = false;  // numbers are written as numbers, never as text
    double number = 0;
    std::string text;    // yes_no as Oui/Non (Yes/No), choices and text as they are
    std::string origin;  // "services (Association), 2025": where the value comes from
};

// Everything one town's request workbook shows.
struct request_context {
    const report_spec& spec;
    const town& place;
    const std::vector<request_prefill>& prefills;  // one per question, in spec order
    std::time_t created = 0;                       // SOURCE_DATE_EPOCH when set
    bool replace_read_only = false;                // --force
};

// The format of the contract written in the identity sheet (munidash-request).
inline constexpr const char* request_format = "1";

// The identity's checksum: the first 16 hex digits of SHA-256 of "report|version|town|q1,q2,...".
std::string request_checksum(const std::string& report, int version, const std::string& town,
                             const std::vector<question_spec>& questions);

// Writes the town's request to `target` atomically (as the report's workbooks); with a `batch`, left
// in it, checked, to be flushed and renamed by its commit(). Throws munidash_error(output).
void write_request_workbook(const request_context& request, const std::filesystem::path& target,
                            replacement_batch* batch = nullptr);

// The sheets (request_cover_sheet.cpp, request_questions_sheet.cpp).
void write_request_cover(xlsx_document& doc, const request_context& request, const request_labels& labels,
                         const std::string& sheet_name);
void write_request_questions(xlsx_document& doc, const request_context& request, const request_labels& labels,
                             const std::string& sheet_name);

// The page set-up of a request's sheets: A4, columns of `widths` (characters) one page wide when the
// type still prints at 8 points or more (several pages otherwise), the town and page numbers.
print_setup request_page_setup(const request_context& request, const request_labels& labels, std::int32_t repeat_row,
                               std::span<const double> widths, bool landscape);

}  // namespace munidash
