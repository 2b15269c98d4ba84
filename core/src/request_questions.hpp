// The questions a request workbook asks the towns (the spec's `requests:` section), as both the
// writer of request workbooks and the reader of their returns need them (docs/request-workbooks.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"

namespace munidash {

// What kind of answer a question takes, and so how it is checked and which column it becomes.
enum class question_type { number, integer, percent, yes_no, choice, time_range, text };

// One question of a request: its id is the column name in the returns' table.
struct question_spec {
    std::string id;
    std::string label;
    question_type type = question_type::text;
    std::optional<double> min, max;    // bounds of number, integer and percent (percent: 0..100 when absent)
    std::vector<std::string> choices;  // the values a choice answer may take
    bool required = true;
    text_position where;  // the question's entry in the spec
};

// What identifies a request: the report it belongs to, its version, and its questions in order.
struct request_identity_spec {
    std::string report_id;
    int version = 0;
    std::vector<question_spec> questions;
    text_position where;  // the spec's `requests:` section
};

// The type's name as the spec writes it ("yes_no"...).
std::string_view to_string(question_type type);

// The type written `name` in a spec, or nullopt.
std::optional<question_type> question_type_named(std::string_view name);

}  // namespace munidash
