// The spec's side of returned request workbooks: a source with `returns:`, and the part of the
// `requests:` section its reader needs (version and questions). The writer of request workbooks
// reads the rest of `requests:` (from, why, due, contact, output, help, unit, prefill).
#include <algorithm>
#include <set>

#include "names.hpp"
#include "spec_builder.hpp"
#include "suggestions.hpp"

namespace munidash {

namespace {
const std::vector<std::string> question_type_names{"number", "integer", "percent", "yes_no", "choice", "time_range", "text"};
}  // namespace

std::string_view to_string(question_type type) { return question_type_names.at(static_cast<std::size_t>(type)); }

std::optional<question_type> question_type_named(std::string_view name) {
    const auto at = std::find(question_type_names.begin(), question_type_names.end(), name);
    if (at == question_type_names.end()) return std::nullopt;
    return static_cast<question_type>(at - question_type_names.begin());
}

bool spec_builder::read_returns_source(const spec_node& node, source_spec& source, std::string_view what) {
    const auto* returns = node.find("returns");
    if (const auto* n = node.find("on_refused"); n && text(*n, "on_refused")) {
        if (!returns)
            problems_.add(n->where, "'on_refused' is for a source with 'returns:'", "remove it, or add returns: FOLDER");
        else if (n->text == "skip") source.skip_refused = true;
        else if (n->text != "fail")
            problems_.add(n->where, "on_refused must be 'fail' or 'skip', found '" + n->text + "'",
                          "'skip' goes on without the refused files, with a warning; 'fail' (the default) stops the run");
    }
    if (!returns) return false;
    if (text(*returns, "returns")) {
        source.returns = resolve(*returns);
        source.returns_where = returns->where;
        std::error_code ec;
        if (!std::filesystem::is_directory(source.returns, ec))
            problems_.add(returns->where, "the folder of returns '" + source.returns.string() + "' of " + std::string(what) +
                                              " does not exist",
                          "create it and put the towns' returned workbooks (.xlsx) in it; paths are relative to the spec's folder");
    }
    // The table of returns is keyed by "code"; the CSV keys have no meaning for workbooks.
    source.key = "code";
    for (const char* key : {"file", "key", "separator", "decimal", "thousands", "encoding", "missing", "rename", "rows",
                            "aggregate", "skip_lines", "period_column", "secret", "merged_communes"})
        if (const auto* n = node.find(key))
            problems_.add(n->where, std::string(what) + " reads returned workbooks ('returns:'), so '" + key + "' has no meaning",
                          std::string(key) == "file" ? "a source reads either a CSV file or a folder of returns: keep one"
                                                     : "remove '" + std::string(key) + "'");
    source.dialect = csv_dialect{};
    source.dialect.missing_markers = {""};  // an answer "NA" or "s" is the town's text, not a marker
    source.dialect.secret_markers.clear();
    source.producer = optional_text(node, "producer", "producer").value_or("");
    source.description = optional_text(node, "description", "description").value_or("");
    source.vintage = optional_text(node, "vintage", "vintage").value_or("");
    if (const auto* n = node.find("illustrative")) source.illustrative = boolean(*n, "illustrative").value_or(false);
    if (const auto* n = node.find("map_codes")) source.merge.map_codes = boolean(*n, "map_codes").value_or(true);
    return true;
}

void spec_builder::read_requests(const spec_node& node) {
    if (!mapping(node, "'requests'", {"version", "from", "why", "due", "contact", "output", "questions"})) return;
    request_identity_spec request;
    request.where = node.where;
    if (const auto* n = required(node, "version", "'requests'")) {
        const auto version = number(*n, "requests.version");
        if (version && (*version < 1 || *version > 1e6 || *version != static_cast<int>(*version)))
            problems_.add(n->where, "requests.version must be a whole number from 1", "raise it when the questions change");
        else if (version)
            request.version = static_cast<int>(*version);
    }
    const auto* questions = required(node, "questions", "'requests'");
    if (questions && questions->type != spec_node::kind::sequence)
        problems_.add(questions->where, "requests.questions must be a list of questions",
                      "e.g. - {id: demarches_en_ligne, label: ..., type: integer}");
    std::set<std::string> ids;
    if (questions && questions->type == spec_node::kind::sequence)
        for (const auto& item : questions->items) {
            if (!mapping(item, "a question", {"id", "label", "help", "type", "unit", "min", "max", "required", "prefill", "choices"}))
                continue;
            question_spec q;
            q.where = item.where;
            if (const auto* n = required(item, "id", "a question"); n && text(*n, "id")) {
                q.id = n->text;
                if (!is_identifier(q.id) || q.id == "code")
                    problems_.add(n->where, "question id '" + q.id + "' is not valid",
                                  q.id == "code" ? "'code' is the returns' key column: choose another id"
                                                 : "use lower-case letters, digits and '_', starting with a letter");
                else if (!ids.insert(q.id).second)
                    problems_.add(n->where, "question id '" + q.id + "' is used twice", "give each question its own id");
            }
            if (const auto* n = required(item, "label", "question '" + q.id + "'"); n && text(*n, "label")) q.label = n->text;
            if (const auto* n = required(item, "type", "question '" + q.id + "'"); n && text(*n, "type")) {
                if (const auto type = question_type_named(n->text)) q.type = *type;
                else problems_.add(n->where, "unknown question type '" + n->text + "'", unknown_name_hint(n->text, question_type_names));
            }
            const bool numeric = q.type == question_type::number || q.type == question_type::integer || q.type == question_type::percent;
            for (const char* bound : {"min", "max"})
                if (const auto* n = item.find(bound)) {
                    if (!numeric)
                        problems_.add(n->where, std::string("'") + bound + "' is for number, integer and percent questions",
                                      "remove it");
                    (bound[1] == 'i' ? q.min : q.max) = number(*n, bound);
                }
            if (q.type == question_type::percent) {
                if (!q.min) q.min = 0.0;
                if (!q.max) q.max = 100.0;
            }
            if (q.min && q.max && *q.min > *q.max)
                problems_.add(item.where, "question '" + q.id + "' has min above max", "swap them");
            if (const auto* n = item.find("required")) q.required = boolean(*n, "required").value_or(true);
            if (const auto* n = item.find("choices")) {
                if (n->type != spec_node::kind::sequence)
                    problems_.add(n->where, "choices must be a list", "e.g. choices: [Aucun, Ponctuel, Régulier]");
                else
                    for (const auto& choice : n->items)
                        if (auto c = text(choice, "a choice")) q.choices.push_back(*c);
            }
            if (q.type == question_type::choice && q.choices.empty())
                problems_.add(item.where, "choice question '" + q.id + "' has no 'choices'", "e.g. choices: [Aucun, Ponctuel, Régulier]");
            request.questions.push_back(std::move(q));
        }
    requests_ = std::move(request);
}

void spec_builder::attach_requests() {
    for (auto& source : spec_.sources) {
        if (source.returns_where.line == 0 && source.returns.empty()) continue;
        if (!requests_) {
            problems_.add(source.returns_where, "source '" + source.name +
                                                    "' reads returned request workbooks, but the spec has no 'requests:' section",
                          "add requests: {version: 1, questions: [...]}: the questions the returns answer");
            continue;
        }
        source.request = *requests_;
        source.request.report_id = spec_.report.id;
    }
}

}  // namespace munidash
