// The questions a request workbook asks the towns (the spec's `requests:` section), as both the
// writer of request workbooks and the reader of their returns need them (docs/request-workbooks.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

namespace munidash {

// What kind of answer a question takes, and so how it is checked and which column it becomes.
enum class question_type { number, integer, percent, yes_no, choice, time_range, text };

// One question of a request (requests.questions): one row of the Questions sheet, and the column
// of the returns' table named by its id.
struct question_spec {
    std::string id;  // [a-z][a-z0-9_]*
    text_position where;  // the question's entry in the spec
    std::string label;
    std::string help;
    question_type type = question_type::text;
    std::string unit;                   // shown beside the answer
    std::optional<double> min;          // number, integer, percent (percent: 0..100 when absent)
    std::optional<double> max;
    std::vector<std::string> choices;   // the values a choice answer may take
    bool required = true;
    std::string prefill_source;         // `prefill: source.column`: the town's value is pre-filled
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

// The names of the question types as the spec writes them, in the enum's order.
const std::vector<std::string>& question_type_names();

// The type's name as the spec writes it ("yes_no"...).
std::string_view to_string(question_type type);

// The type written `name` in a spec, or nullopt.
std::optional<question_type> question_type_named(std::string_view name);

}  // namespace munidash
