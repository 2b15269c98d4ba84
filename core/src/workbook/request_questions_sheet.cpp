#include <cstdio>

#include "base/placeholders.hpp"
#include "workbook/request_workbook.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

// The columns of the Questions sheet; the last two are hidden and hold what the reader matches.
enum column : std::uint16_t {
    number_col,
    question_col,
    help_col,
    unit_col,
    answer_col,
    known_col,
    origin_col,
    confirmed_col,
    id_col,
    prefill_col
};

constexpr std::uint32_t marker_row = 2;  // hidden, just above the visible header
constexpr std::uint32_t header_row = 3;
constexpr std::uint32_t first_question_row = 4;
constexpr double time_range_length = 200;  // "09:00 - 12:00 / 13:30 - 17:00" several times over
constexpr double text_length = 2000;
constexpr std::uint32_t prefilled_fill = 0xFFF2CC;  // a pale yellow, with a comment: colour is never the only mark

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// A hint with {min} and {max} filled in; the hint names only the bounds that are given.
std::string filled(std::string_view text, const std::optional<double>& min, const std::optional<double>& max) {
    const auto min_text = min ? number_text(*min) : std::string();
    const auto max_text = max ? number_text(*max) : std::string();
    std::vector<placeholder> values;
    if (min) values.push_back({"min", min_text});
    if (max) values.push_back({"max", max_text});
    return fill_placeholders(text, values);
}

// Excel's check of the answer cell, with the help it shows when the cell is selected.
cell_validation answer_validation(const question_spec& q, const request_labels& labels) {
    cell_validation v;
    v.input_title = labels.type_titles.at(static_cast<std::size_t>(q.type));
    switch (q.type) {
        case question_type::integer:
        case question_type::number:
        case question_type::percent:
            v.type = q.type == question_type::integer ? cell_validation::kind::whole : cell_validation::kind::decimal;
            v.min = q.min;
            v.max = q.max;
            v.input_message = q.min && q.max ? filled(labels.between, q.min, q.max)
                              : q.min        ? filled(labels.at_least, q.min, q.max)
                              : q.max        ? filled(labels.at_most, q.min, q.max)
                                             : std::string();
            break;
        case question_type::yes_no:
            v.type = cell_validation::kind::list;
            v.items = {labels.yes, labels.no};
            v.input_message = labels.yes_no_hint;
            break;
        case question_type::choice:
            v.type = cell_validation::kind::list;
            v.items = q.choices;
            v.input_message = labels.choice_hint;
            break;
        case question_type::time_range:
            v.type = cell_validation::kind::text_length;
            v.max = time_range_length;
            v.input_message = labels.time_range_hint;
            break;
        case question_type::text:
            v.type = cell_validation::kind::text_length;
            v.max = text_length;
            v.input_message = filled(labels.text_hint, std::nullopt, v.max);
            break;
    }
    if (!q.unit.empty() && v.input_message.size() + q.unit.size() < 240) v.input_message += " (" + q.unit + ")";
    v.error_title = labels.refused_title;
    v.error_message = labels.refused_message + (v.input_message.empty() ? v.input_title : v.input_message);
    // Excel refuses a message past 255 characters: the type alone then says what is expected.
    if (v.error_message.size() > 255) v.error_message = labels.refused_message + v.input_title;
    return v;
}

cell_format answer_format(question_type type, bool prefilled) {
    cell_format f = looks::text();
    f.unlocked = true;
    f.wrap = type == question_type::text || type == question_type::time_range;
    f.vertical_top = true;
    if (prefilled) f.fill_color = prefilled_fill;
    if (type == question_type::integer) f.number_format = "0";
    if (type == question_type::percent) f.number_format = looks::number_format("percent");
    return f;
}

}  // namespace

void write_request_questions(xlsx_document& doc, const request_context& request, const request_labels& labels,
                             const std::string& sheet_name) {
    const auto& questions = request.spec.requests.questions;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.questions_title + " — " + request.place.name + " (" + request.place.code + ")",
               looks::title());
    sheet.text(1, 0, labels.questions_intro, looks::subtitle());
    // The markers the reader looks for, whatever rows or columns a town inserts.
    sheet.text(marker_row, id_col, "munidash:id");
    sheet.text(marker_row, answer_col, "munidash:answer");
    sheet.text(marker_row, prefill_col, "munidash:prefill");
    sheet.text(marker_row, confirmed_col, "munidash:confirmed");
    sheet.hide_row(marker_row);
    const std::vector<std::string> headers{labels.number, labels.question, labels.help,         labels.unit,
                                           labels.answer, labels.known,    labels.known_source, labels.confirmed};
    for (std::size_t k = 0; k < headers.size(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.text(header_row, c, headers[c], looks::header());
    }
    // Nothing under the hidden id and prefill columns' markers but the question rows: the reader
    // takes every text below munidash:id for a question id, so a header there refused every return.
    const std::vector<double> widths{5, 40, 40, 12, 22, 16, 24, 11};
    for (std::size_t k = 0; k < widths.size(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.column_width(c, c, widths[c]);
    }
    auto wrapped = looks::wrapped();
    auto confirmed = looks::text();
    confirmed.unlocked = true;
    confirmed.horizontal = cell_format::align::center;
    cell_validation confirm;
    confirm.type = cell_validation::kind::list;
    confirm.items = {labels.yes, labels.no};
    confirm.input_title = labels.confirmed;
    confirm.input_message = labels.confirmed_hint;
    confirm.error_title = labels.refused_title;
    confirm.error_message = labels.refused_message + labels.yes_no_hint;
    for (std::size_t k = 0; k < questions.size(); ++k) {
        const auto& q = questions[k];
        const auto& known = request.prefills.at(k);
        const auto row = static_cast<std::uint32_t>(first_question_row + k);
        sheet.number(row, number_col, static_cast<double>(k + 1), looks::whole_number());
        const auto label = q.label + (q.required ? labels.required : labels.optional);
        sheet.text(row, question_col, label, wrapped);
        sheet.text(row, help_col, q.help, wrapped);
        sheet.text(row, unit_col, q.unit, wrapped);
        const auto answer = answer_format(q.type, known.present);
        auto value = looks::wrapped();
        value.number_format = answer.number_format;
        if (!known.present) {
            sheet.blank(row, answer_col, answer);
            sheet.blank(row, known_col, value);
        } else if (known.is_number) {
            sheet.number(row, answer_col, known.number, answer);
            sheet.number(row, known_col, known.number, value);
            sheet.number(row, prefill_col, known.number);
        } else {
            sheet.text(row, answer_col, known.text, answer);
            sheet.text(row, known_col, known.text, value);
            sheet.text(row, prefill_col, known.text);
        }
        sheet.text(row, origin_col, known.origin, wrapped);
        if (known.present) {
            const auto comment = fill_placeholders(labels.prefilled_comment, {{"source", known.origin}});
            sheet.comment(row, answer_col, comment, request.spec.requests.from);
        }
        sheet.validate(row, answer_col, answer_validation(q, labels));
        sheet.blank(row, confirmed_col, confirmed);
        sheet.validate(row, confirmed_col, confirm);
        sheet.text(row, id_col, q.id);
        const std::vector<std::string> texts{label, q.help, known.origin};
        const std::vector<double> text_widths{widths[question_col], widths[help_col], widths[origin_col]};
        sheet.row_height(row, wrapped_row_height(texts, text_widths));
    }
    sheet.hide_columns(id_col, prefill_col);
    sheet.freeze(first_question_row, 0);
    // Landscape: the question, its help and the answer side by side, at a readable size.
    sheet.set_print(request_page_setup(request, labels, static_cast<std::int32_t>(header_row), widths, true));
    sheet.protect();
}

}  // namespace munidash
