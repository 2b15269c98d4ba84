// The requests section: what the association asks each town, and how the answer is checked.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/names.hpp"
#include "base/suggestions.hpp"
#include "spec/spec_builder.hpp"

namespace munidash {

namespace {

bool numeric(question_type type) {
    return type == question_type::number || type == question_type::integer || type == question_type::percent;
}

// YYYY-MM-DD naming a day of the calendar.
bool is_iso_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t k : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[k] < '0' || text[k] > '9') return false;
    const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2)),
              day = std::stoi(text.substr(8, 2));
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int days[]{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// Excel keeps a list validation's values in one formula of at most 255 characters, separated by commas.
constexpr std::size_t excel_list_limit = 255;

}  // namespace

void spec_builder::read_requests(const spec_node& node) {
    if (!mapping(node, "'requests'", {"version", "from", "why", "due", "contact", "output", "questions"})) return;
    auto& r = spec_.requests;
    r.present = true;
    r.where = node.where;
    if (const auto* n = required(node, "version", "'requests'")) {
        const auto value = number(*n, "requests.version");
        if (value && (*value < 1 || *value != std::floor(*value) || *value > 1e6))
            problems_.add(n->where, "requests.version must be a whole number, 1 or more, found '" + n->text + "'",
                          "raise it each time the questions change: a return of another version is refused");
        else if (value)
            r.version = static_cast<int>(*value);
    }
    if (const auto* n = required(node, "from", "'requests'")) r.from = text(*n, "requests.from").value_or("");
    if (const auto* n = required(node, "why", "'requests'")) r.why = text(*n, "requests.why").value_or("");
    if (const auto* n = required(node, "contact", "'requests'")) r.contact = text(*n, "requests.contact").value_or("");
    if (const auto* n = required(node, "due", "'requests'"); n && text(*n, "requests.due")) {
        r.due = n->text;
        if (!is_iso_date(r.due))
            problems_.add(n->where, "requests.due must be a date written YYYY-MM-DD, found '" + r.due + "'",
                          "e.g. due: 2027-01-31, the day the answers are expected");
    }
    // Without a template, beside the spec: requests/77475-trilport.xlsx.
    r.output = "requests/{town.code}-{town.slug}.xlsx";
    r.output_where = node.where;
    r.output_folder = node.where.file.empty() ? base_ : node.where.file.parent_path();
    if (const auto* n = node.find("output"); n && text(*n, "requests.output")) {
        r.output = n->text;
        r.output_where = n->where;
        r.output_folder = n->where.file.empty() ? base_ : n->where.file.parent_path();
        const std::vector<std::string> fields{"report.id", "report.period", "town.code", "town.slug"};
        check_placeholders(*n, "requests.output", fields, problems_);
        // Two towns may share a name, never a code: the slug alone would let one file replace another.
        if (n->text.find("{town.code}") == std::string::npos)
            problems_.add(n->where, "requests.output must contain {town.code}, found '" + n->text + "'",
                          "each town needs its own file, e.g. \"requests/{town.code}-{town.slug}.xlsx\" ({town.slug} "
                          "alone is not enough: two towns may have the same name)");
        if (!n->text.ends_with(".xlsx"))
            problems_.add(n->where, "requests.output must end with .xlsx, found '" + n->text + "'",
                          "e.g. \"requests/{town.code}-{town.slug}.xlsx\"");
    }
    const auto* questions = required(node, "questions", "'requests'");
    if (!questions) return;
    if (questions->type != spec_node::kind::sequence || questions->items.empty()) {
        problems_.add(questions->where, "requests.questions must be a non-empty list",
                      "add entries such as '- {id: demarches_en_ligne, label: ..., type: integer}'");
        return;
    }
    std::vector<std::string> seen;
    for (const auto& item : questions->items) read_question(item, seen);
}

void spec_builder::read_question_bounds(const spec_node& item, question_spec& q, const spec_node* type,
                                        const std::string& who) {
    const auto* min = item.find("min");
    const auto* max = item.find("max");
    for (const auto* bound : {min, max}) {
        if (!bound) continue;
        const bool is_min = bound == min;
        const auto value = number(*bound, who + ": " + (is_min ? "min" : "max"));
        if (type && !numeric(q.type)) {
            problems_.add(bound->where,
                          std::string(is_min ? "min" : "max") + " is given for " + who + " of type '" + type->text +
                              "', which has no bounds",
                          "bounds apply to number, integer and percent; remove it, or change the type");
            continue;
        }
        if (value && type && q.type == question_type::integer && *value != std::floor(*value))
            problems_.add(bound->where,
                          std::string(is_min ? "min" : "max") + " of " + who + " is '" + bound->text +
                              "', but the answer is a whole number",
                          "write a whole number, or use type: number");
        (is_min ? q.min : q.max) = value;
    }
    if (type && q.type == question_type::percent) {
        if (!q.min && !min) q.min = 0;
        if (!q.max && !max) q.max = 100;
    }
    if (q.min && q.max && *q.min > *q.max) {
        // A percent's missing bound is 0 or 100: the message says which bound was written.
        const auto shown = [](const spec_node* bound, double value) {
            if (bound) return bound->text;
            char text[32];
            std::snprintf(text, sizeof text, "%g, the default", value);
            return std::string(text);
        };
        problems_.add((min ? min : max)->where,
                      "min (" + shown(min, *q.min) + ") is above max (" + shown(max, *q.max) + ") for " + who,
                      "swap them, or correct one: no answer could be accepted");
    }
}

void spec_builder::read_question_choices(const spec_node& item, question_spec& q, const spec_node* type,
                                         const std::string& who) {
    const auto* choices = item.find("choices");
    if (type && q.type == question_type::choice && !choices)
        problems_.add(item.where, who + " is of type 'choice' but has no 'choices'",
                      "list the answers the town picks from, e.g. choices: [Aucun, Ponctuel, Régulier]");
    if (choices && type && q.type != question_type::choice)
        problems_.add(choices->where, "choices are given for " + who + " of type '" + type->text + "'",
                      "choices apply to type: choice; remove them, or change the type");
    if (choices && type && q.type == question_type::choice) {
        if (choices->type != spec_node::kind::sequence || choices->items.empty()) {
            problems_.add(choices->where, "choices of " + who + " must be a non-empty list",
                          "e.g. choices: [Aucun, Ponctuel, Régulier]");
        } else {
            std::size_t length = 0;
            for (const auto& c : choices->items) {
                const auto value = text(c, who + ": a choice");
                if (!value) continue;
                if (value->empty() || value->find(',') != std::string::npos || value->find('"') != std::string::npos)
                    problems_.add(c.where, "choice '" + *value + "' of " + who + " is empty or holds ',' or '\"'",
                                  "Excel's drop-down list separates its values with commas: reword it");
                else if (std::find(q.choices.begin(), q.choices.end(), *value) != q.choices.end())
                    problems_.add(c.where, "choice '" + *value + "' is listed twice for " + who, "remove one of them");
                length += value->size() + 1;
                q.choices.push_back(*value);
            }
            if (length > excel_list_limit + 1)
                problems_.add(choices->where,
                              "the choices of " + who + " take " + std::to_string(length - 1) +
                                  " characters, more than Excel's " + std::to_string(excel_list_limit) +
                                  " for a drop-down list",
                              "shorten them, or use type: text");
        }
    }
}

void spec_builder::read_question(const spec_node& item, std::vector<std::string>& seen) {
    if (!mapping(item, "a question",
                 {"id", "label", "help", "type", "unit", "min", "max", "choices", "required", "prefill"}))
        return;
    question_spec q;
    q.where = item.where;
    if (const auto* n = required(item, "id", "the question"); n && text(*n, "a question's id")) {
        q.id = n->text;
        q.where = n->where;
        if (!is_identifier(q.id))
            problems_.add(n->where, "question id '" + q.id + "' is not valid",
                          "use lower-case letters, digits and '_', starting with a letter (at most 40): it names the "
                          "column of the returns' table");
        else if (std::find(seen.begin(), seen.end(), q.id) != seen.end())
            problems_.add(n->where, "question id '" + q.id + "' is used twice in requests.questions",
                          "give each question its own id");
        seen.push_back(q.id);
    }
    const std::string who = "question '" + q.id + "'";
    if (const auto* n = required(item, "label", who)) q.label = text(*n, who + ": label").value_or("");
    q.help = optional_text(item, "help", who + ": help").value_or("");
    q.unit = optional_text(item, "unit", who + ": unit").value_or("");
    const auto* type = required(item, "type", who);
    bool typed = false;
    if (type && text(*type, who + ": type")) {
        if (const auto named = enum_named<question_type>(type->text)) {
            q.type = *named;
            typed = true;
        } else {
            problems_.add(type->where, "unknown type '" + type->text + "' for " + who,
                          unknown_name_hint(type->text, enum_names<question_type>()));
        }
    }
    read_question_bounds(item, q, typed ? type : nullptr, who);
    read_question_choices(item, q, typed ? type : nullptr, who);
    if (const auto* n = item.find("required")) q.required = boolean(*n, who + ": required").value_or(true);
    if (const auto* n = item.find("prefill"); n && text(*n, who + ": prefill")) {
        q.prefill_where = n->where;
        const auto dot = n->text.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == n->text.size())
            problems_.add(n->where,
                          "prefill of " + who + " must name a column as source.column, found '" + n->text + "'",
                          "e.g. prefill: services.demarches_en_ligne, a source of the spec and one of its columns");
        else {
            q.prefill_source = n->text.substr(0, dot);
            q.prefill_column = n->text.substr(dot + 1);
        }
    }
    spec_.requests.questions.push_back(std::move(q));
}

}  // namespace munidash
