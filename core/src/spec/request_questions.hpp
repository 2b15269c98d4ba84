// The questions a request workbook asks the towns (the spec's `requests:` section), as both the
// writer of request workbooks and the reader of their returns need them (docs/request-workbooks.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/enum_table.hpp"

namespace munidash {

// What kind of answer a question takes, and so how it is checked and which column it becomes.
enum class question_type { number, integer, percent, yes_no, choice, time_range, text };

// The types' names as the spec writes them (type: NAME).
inline constexpr enum_entry<question_type> question_type_table[]{
    {question_type::number, "number", "a number, within min and max when given"},
    {question_type::integer, "integer", "a whole number, within min and max when given"},
    {question_type::percent, "percent", "a percentage, 0 to 100 unless min and max say otherwise"},
    {question_type::yes_no, "yes_no", "Oui or Non (Yes or No), from a list"},
    {question_type::choice, "choice", "one of the question's choices, from a list"},
    {question_type::time_range, "time_range", "opening hours such as 09:00 - 12:00 / 13:30 - 17:00"},
    {question_type::text, "text", "free text"},
};
static_assert(is_enum_table(question_type_table));
constexpr const auto& entries_of(question_type) { return question_type_table; }

// One question of a request (requests.questions): one row of the Questions sheet, and the column
// of the returns' table named by its id.
struct question_spec {
    std::string id;       // [a-z][a-z0-9_]*
    text_position where;  // the question's entry in the spec
    std::string label;
    std::string help;
    question_type type = question_type::text;
    std::string unit;           // shown beside the answer
    std::optional<double> min;  // number, integer, percent (percent: 0..100 when absent)
    std::optional<double> max;
    std::vector<std::string> choices;  // the values a choice answer may take
    bool required = true;
    std::string prefill_source;  // `prefill: source.column`: the town's value is pre-filled
    std::string prefill_column;
    text_position prefill_where;
};

// What identifies a request: the report it belongs to, its version, and its questions in order.
struct request_identity_spec {
    std::string report_id;
    int version = 0;
    std::vector<question_spec> questions;
    text_position where;  // the spec's `requests:` section
};

}  // namespace munidash
