// One answer of a returned request checked against its question (docs/request-workbooks.md): what a
// number, percent, yes/no, choice or time range cell may hold, and its value in the returns' table.
#pragma once

#include <string>

#include "sources/xlsx_reader.hpp"
#include "spec/request_questions.hpp"

namespace munidash {

// An answer as the returns' table holds it, or why it was refused.
struct checked_answer {
    bool empty = false;   // no answer (an empty cell, or only spaces)
    std::string value;    // numbers in shortest decimal form with '.', yes_no as 1 or 0, texts trimmed
    std::string problem;  // "" when accepted; else "found 'X', expected ..."
    std::string hint;     // what to do about the problem
};

// Checks `cell` (nullptr: empty) as an answer to `question`; an empty answer is not a problem here.
checked_answer check_answer(const question_spec& question, const xlsx_cell* cell);

// What an answer to `question` must be, in words: "a whole number from 0 to 500".
std::string expected_answer(const question_spec& question);

}  // namespace munidash
