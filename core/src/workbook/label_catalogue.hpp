// The catalogue the labels are filled from: every fixed text once, its French and its English side
// by side, so that a text cannot be added, changed or forgotten in one language only.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workbook/labels.hpp"

namespace munidash {

// One text in both languages.
struct text_pair {
    std::string_view french;
    std::string_view english;
};

// Marks the few texts that are empty in a language on purpose (English needs no word before a number
// of years, say); any other empty text is a missing translation.
inline constexpr bool may_be_empty = true;

// One field of `Labels` that holds a text.
template <class Labels>
struct label_text {
    std::string Labels::*member;
    std::string_view french;
    std::string_view english;
    bool empty_allowed = false;  // may_be_empty
};

// One field of `Labels` that holds a list of texts (paragraphs, or one text per value of an enum).
template <class Labels>
struct label_list {
    std::vector<std::string> Labels::*member;
    std::span<const text_pair> items;
};

// One row of workbook_labels::flags in both languages; a missing value has a name but no mark.
struct flag_texts {
    value_flag flag;
    text_pair name;
    text_pair mark;
    text_pair meaning;
};

// The texts of the report workbooks, field by field.
std::span<const label_text<workbook_labels>> workbook_text_catalogue();
std::span<const label_list<workbook_labels>> workbook_list_catalogue();
std::span<const flag_texts> flag_catalogue();

// The texts of the request workbooks, field by field.
std::span<const label_text<request_labels>> request_text_catalogue();
std::span<const label_list<request_labels>> request_list_catalogue();

}  // namespace munidash
