#include "sources/request_answers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <munidash/opening_hours.hpp>
#include "sources/cell_values.hpp"

namespace munidash {

namespace {

std::string trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    // A no-break space (U+00A0, U+202F) around an answer is as invisible as a space.
    for (const std::string_view nbsp : {"\xC2\xA0", "\xE2\x80\xAF"}) {
        while (s.starts_with(nbsp)) s.remove_prefix(nbsp.size());
        while (s.ends_with(nbsp)) s.remove_suffix(nbsp.size());
    }
    return std::string(s);
}

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string shortest(double x) {
    char buffer[400];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
    return error == std::errc{} ? std::string(buffer, end) : std::string("nan");
}

// A number typed as text: French (12,5 and 1 234) or with a '.' decimal mark.
std::optional<double> number_in_text(std::string_view text) {
    csv_dialect french;
    french.separator = ';';
    french.decimal = ',';
    french.thousands = ' ';
    french.missing_markers.clear();
    french.secret_markers.clear();
    if (const auto n = read_cell_number(text, french); n.status == cell_status::value) return n.value;
    csv_dialect plain;
    plain.missing_markers.clear();
    plain.secret_markers.clear();
    if (const auto n = read_cell_number(text, plain); n.status == cell_status::value) return n.value;
    return std::nullopt;
}

std::string shown(const xlsx_cell& cell) {
    if (cell.kind == xlsx_cell_kind::boolean) return cell.number != 0 ? "TRUE" : "FALSE";
    if (cell.kind == xlsx_cell_kind::number) return shortest(cell.number);
    return cell.text.size() > 60 ? cell.text.substr(0, 60) + "..." : cell.text;
}

}  // namespace

std::string expected_answer(const question_spec& q) {
    const auto bounds = [&] {
        if (q.min && q.max) return " from " + shortest(*q.min) + " to " + shortest(*q.max);
        if (q.min) return " of at least " + shortest(*q.min);
        if (q.max) return " of at most " + shortest(*q.max);
        return std::string();
    };
    switch (q.type) {
        case question_type::integer: return "a whole number" + bounds();
        case question_type::number: return "a number" + bounds();
        case question_type::percent: return "a percentage" + bounds() + ", e.g. 45 or 45 %";
        case question_type::yes_no: return "Oui or Non (Yes or No)";
        case question_type::choice: {
            std::string list;
            for (const auto& c : q.choices) list += (list.empty() ? "" : ", ") + c;
            return "one of: " + list;
        }
        case question_type::time_range: return "opening hours such as 09:00 - 12:00 / 13:30 - 17:00, or - when closed";
        case question_type::text: return "a text";
    }
    return {};
}

checked_answer check_answer(const question_spec& q, const xlsx_cell* cell) {
    checked_answer out;
    const std::string text = cell ? trim(cell->text) : std::string();
    if (!cell || (cell->kind == xlsx_cell_kind::text && text.empty())) {
        out.empty = true;
        return out;
    }
    const auto refuse = [&](std::string hint) {
        out.problem = "found '" + shown(*cell) + "', expected " + expected_answer(q);
        out.hint = std::move(hint);
        return out;
    };
    if (cell->kind == xlsx_cell_kind::error)
        return refuse("the cell holds a spreadsheet error: type the answer itself");
    switch (q.type) {
        case question_type::number:
        case question_type::integer:
        case question_type::percent: {
            std::optional<double> value;
            bool typed_percent = false;
            if (cell->kind == xlsx_cell_kind::number) {
                value = cell->number;
            } else if (cell->kind == xlsx_cell_kind::text) {
                std::string_view t = text;
                if (q.type == question_type::percent && t.ends_with('%')) {
                    t.remove_suffix(1);
                    typed_percent = true;
                }
                value = number_in_text(trim(t));
            }
            if (!value || !std::isfinite(*value))
                return refuse("type the number alone, without words or units (" + expected_answer(q) + ")");
            if (q.type == question_type::integer && std::abs(*value - std::round(*value)) > 1e-9)
                return refuse("type a whole number");
            if (q.type == question_type::percent && !typed_percent && cell->kind == xlsx_cell_kind::number && q.max &&
                *q.max > 1 && *value > 0 && *value < 1)
                return refuse(
                    "this looks like a fraction (0.45 for 45 %): type the percentage itself, e.g. 45, or format "
                    "the cell as text and type 45 %");
            if ((q.min && *value < *q.min) || (q.max && *value > *q.max))
                return refuse("check the value: it is outside the bounds the request set");
            out.value = shortest(q.type == question_type::integer ? std::round(*value) : *value);
            return out;
        }
        case question_type::yes_no: {
            if (cell->kind == xlsx_cell_kind::boolean) {
                out.value = cell->number != 0 ? "1" : "0";
                return out;
            }
            const auto word = lower_ascii(text);
            if (cell->kind == xlsx_cell_kind::text &&
                (word == "oui" || word == "yes" || word == "true" || word == "vrai")) {
                out.value = "1";
                return out;
            }
            if (cell->kind == xlsx_cell_kind::text &&
                (word == "non" || word == "no" || word == "false" || word == "faux")) {
                out.value = "0";
                return out;
            }
            return refuse("choose Oui or Non in the cell's list");
        }
        case question_type::choice: {
            const auto wanted = lower_ascii(text);
            for (const auto& c : q.choices)
                if (lower_ascii(c) == wanted) {
                    out.value = c;  // the spec's spelling, whatever the case typed
                    return out;
                }
            return refuse("choose one of the values of the cell's list");
        }
        case question_type::time_range:
            if (cell->kind != xlsx_cell_kind::text || !hours_in_day(text))
                return refuse("write each opening as HH:MM - HH:MM, separated by /, each ending after it starts");
            out.value = text;
            return out;
        case question_type::text:
            out.value = cell->kind == xlsx_cell_kind::number ? shortest(cell->number) : text;
            return out;
    }
    return out;
}

}  // namespace munidash
