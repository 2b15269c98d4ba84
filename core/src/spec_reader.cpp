#include "spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "names.hpp"
#include "suggestions.hpp"

namespace munidash {

const std::vector<std::string>& known_units() {
    static const std::vector<std::string> units{"percent",  "count",     "number",
                                                "index",    "per_1000",  "per_10000",
                                                "per_100000"};
    return units;
}

namespace {


// A department code: 01-95 except 20, 2A, 2B, or 971-976.
bool is_department_code(std::string_view s) {
    if (s == "2A" || s == "2B") return true;
    if (s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
        std::isdigit(static_cast<unsigned char>(s[1])))
        return s != "00" && s != "20" && s <= "95";
    return s.size() == 3 && s.starts_with("97") && s[2] >= '1' && s[2] <= '6';
}


// Walks the tree, recording every problem instead of stopping at the first.
class spec_builder {
public:
    spec_builder(const std::filesystem::path& file) : file_(file) {
        spec_.file = file;
        base_ = file.parent_path();
    }

    report_spec build(const spec_node& root) {
        if (mapping(root, "the spec", {"report", "towns", "sources", "indicators", "output"})) {
            if (const auto* n = required(root, "report", "the spec")) read_report(*n);
            if (const auto* n = required(root, "towns", "the spec")) read_towns(*n);
            if (const auto* n = root.find("sources")) read_sources(*n);
            if (const auto* n = required(root, "indicators", "the spec")) read_indicators(*n);
            if (const auto* n = required(root, "output", "the spec")) read_output(*n);
        }
        problems_.throw_if_any(failure_kind::spec);
        return std::move(spec_);
    }

private:
    bool is_mapping(const spec_node& node, std::string_view what, std::string hint) {
        if (node.type == spec_node::kind::mapping) return true;
        problems_.add(node.where, std::string(what) + " must be a mapping of keys to values",
                      std::move(hint));
        return false;
    }

    // Checks that `node` is a mapping whose keys are all in `allowed`.
    bool mapping(const spec_node& node, std::string_view what, std::vector<std::string> allowed) {
        if (!is_mapping(node, what, "expected keys: " + join(allowed))) return false;
        for (const auto& [key, value] : node.entries) {
            if (std::find(allowed.begin(), allowed.end(), key.text) == allowed.end())
                problems_.add(key.where,
                              "unknown key '" + key.text + "' in " + std::string(what),
                              unknown_name_hint(key.text, allowed));
        }
        return true;
    }

    const spec_node* required(const spec_node& node, std::string_view key, std::string_view what) {
        const auto* found = node.find(key);
        if (!found)
            problems_.add(node.where, std::string(what) + " has no '" + std::string(key) + "'",
                          "add the key '" + std::string(key) + ":'");
        return found;
    }

    std::optional<std::string> text(const spec_node& node, std::string_view what) {
        if (node.type != spec_node::kind::scalar) {
            problems_.add(node.where, std::string(what) + " must be a text value",
                          node.type == spec_node::kind::null ? "it is empty" : "it is a list or mapping");
            return std::nullopt;
        }
        return node.text;
    }

    std::optional<std::string> optional_text(const spec_node& parent, std::string_view key,
                                             std::string_view what) {
        if (const auto* n = parent.find(key)) return text(*n, what);
        return std::nullopt;
    }

    std::optional<double> number(const spec_node& node, std::string_view what) {
        if (node.type == spec_node::kind::scalar) {
            if (auto value = parse_plain_number(node.text)) return value;
        }
        problems_.add(node.where, std::string(what) + " must be a number, found '" + node.text + "'",
                      "write digits with '.' as the decimal mark and no thousands separator");
        return std::nullopt;
    }

    std::optional<bool> boolean(const spec_node& node, std::string_view what) {
        if (node.type == spec_node::kind::scalar && !node.quoted) {
            if (node.text == "true") return true;
            if (node.text == "false") return false;
        }
        problems_.add(node.where, std::string(what) + " must be true or false, found '" + node.text + "'");
        return std::nullopt;
    }

    std::optional<char> single_character(const spec_node& node, std::string_view what,
                                         std::string_view allowed) {
        auto value = text(node, what);
        if (!value) return std::nullopt;
        if (value->size() == 1 && allowed.find((*value)[0]) != std::string_view::npos)
            return (*value)[0];
        std::string choices;
        for (char c : allowed) choices += std::string(choices.empty() ? "" : ", ") + "'" + (c == '\t' ? std::string("\\t") : std::string(1, c)) + "'";
        problems_.add(node.where, std::string(what) + " must be one character of " + choices +
                                      ", found '" + *value + "'",
                      "quote it in YAML, e.g. separator: \";\"");
        return std::nullopt;
    }

    static std::string join(const std::vector<std::string>& items) {
        std::string out;
        for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
        return out;
    }

    void read_report(const spec_node& node) {
        if (!mapping(node, "'report'",
                     {"id", "title", "period", "language", "author", "organisation", "notice"}))
            return;
        auto& r = spec_.report;
        if (const auto* n = required(node, "id", "'report'"); n && text(*n, "report.id")) {
            r.id = n->text;
            if (!is_slug(r.id))
                problems_.add(n->where, "report.id '" + r.id + "' is not a valid id",
                              "use lower-case letters, digits, '-' and '_'; it names the output file");
        }
        if (const auto* n = required(node, "title", "'report'"))
            r.title = text(*n, "report.title").value_or("");
        if (const auto* n = required(node, "period", "'report'"))
            r.period = text(*n, "report.period").value_or("");
        if (const auto* n = node.find("language")) {
            r.language = text(*n, "report.language").value_or("fr");
            if (r.language != "fr" && r.language != "en")
                problems_.add(n->where, "report.language must be 'fr' or 'en', found '" + r.language + "'");
        }
        r.author = optional_text(node, "author", "report.author").value_or("");
        r.organisation = optional_text(node, "organisation", "report.organisation").value_or("");
        r.notice = optional_text(node, "notice", "report.notice").value_or("");
        for (const auto* value : {&r.id, &r.period})
            if (value->find_first_of("/\\") != std::string::npos || value->find("..") != std::string::npos)
                problems_.add(node.where, "report id and period may not contain '/', '\\' or '..'",
                              "they become part of the output file name");
    }

    std::filesystem::path resolve(const std::string& relative) const {
        const std::filesystem::path p(relative);
        return (p.is_absolute() ? p : base_ / p).lexically_normal();
    }

    // Reads a CSV source entry: either a bare path or a mapping.
    source_spec read_source(const spec_node& node, std::string name, std::string_view what,
                            std::string default_key) {
        source_spec source;
        source.name = std::move(name);
        source.where = node.where;
        source.key = std::move(default_key);
        if (node.type == spec_node::kind::scalar) {
            source.file = resolve(node.text);
            source.file_where = node.where;
            return source;
        }
        if (!mapping(node, what,
                     {"file", "key", "separator", "decimal", "thousands", "encoding", "missing", "rename",
                      "rows", "aggregate", "description", "vintage", "illustrative"}))
            return source;
        if (const auto* n = required(node, "file", what); n && text(*n, "file")) {
            source.file = resolve(n->text);
            source.file_where = n->where;
        }
        if (const auto* n = node.find("key"); n && text(*n, "key")) {
            source.key = n->text;
            source.key_where = n->where;
        }
        if (source.key.empty())
            problems_.add(node.where, std::string(what) + " has no 'key'",
                          "name the column that holds the INSEE code, e.g. key: code_insee");
        bool dialect_valid = true;
        const auto read_mark = [&](const char* key, std::string_view allowed, char& mark) {
            if (const auto* n = node.find(key)) {
                const auto value = single_character(*n, key, allowed);
                dialect_valid = dialect_valid && value.has_value();
                mark = value.value_or(mark);
            }
        };
        read_mark("separator", ",;\t|", source.dialect.separator);
        read_mark("decimal", ".,", source.dialect.decimal);
        read_mark("thousands", " .,", source.dialect.thousands);
        const auto& d = source.dialect;
        if (dialect_valid && d.decimal == d.separator)
            problems_.add(node.where, "the decimal mark and the separator are both '" + std::string(1, d.separator) + "'",
                          "French files use separator ';' with decimal ','");
        if (dialect_valid && d.thousands != '\0' && (d.thousands == d.decimal || d.thousands == d.separator))
            problems_.add(node.find("thousands")->where,
                          "the thousands separator '" + std::string(1, d.thousands) +
                              "' is also this source's " + (d.thousands == d.decimal ? "decimal mark" : "separator"),
                          "French files write 1 234,5: thousands \" \", decimal \",\"");
        if (const auto* n = node.find("encoding"); n && text(*n, "encoding")) {
            const std::vector<std::string> encodings{"utf-8", "latin-1", "windows-1252"};
            if (n->text == "utf-8" || n->text == "UTF-8" || n->text == "utf8") source.dialect.encoding = text_encoding::utf8;
            else if (n->text == "latin-1" || n->text == "latin1" || n->text == "iso-8859-1" || n->text == "ISO-8859-1")
                source.dialect.encoding = text_encoding::latin1;
            else if (n->text == "windows-1252" || n->text == "cp1252") source.dialect.encoding = text_encoding::windows1252;
            else problems_.add(n->where, "unknown encoding '" + n->text + "'", unknown_name_hint(n->text, encodings));
        }
        if (const auto* n = node.find("rename"); n && is_mapping(*n, "rename", "write rename: {\"Column in the file\": new_name}")) {
            for (const auto& [from, to] : n->entries) {
                auto new_name = text(to, "a new column name");
                if (!new_name) continue;
                if (!is_identifier(*new_name))
                    problems_.add(to.where, "new column name '" + *new_name + "' is not valid",
                                  "use lower-case letters, digits and '_', starting with a letter");
                source.renames.push_back({from.text, *new_name, from.where});
            }
        }
        if (const auto* n = node.find("missing")) {
            if (n->type != spec_node::kind::sequence) {
                problems_.add(n->where, "missing must be a list of markers, e.g. [\"\", NA, s]");
            } else {
                source.dialect.missing_markers.clear();
                for (const auto& item : n->items)
                    if (auto marker = item.type == spec_node::kind::null ? std::optional<std::string>("")
                                                                         : text(item, "a missing marker"))
                        source.dialect.missing_markers.push_back(*marker);
            }
        }
        read_rows(node, source);
        source.description = optional_text(node, "description", "description").value_or("");
        source.vintage = optional_text(node, "vintage", "vintage").value_or("");
        if (const auto* n = node.find("illustrative"))
            source.illustrative = boolean(*n, "illustrative").value_or(false);
        return source;
    }

    // rows: one | many, and for many, the aggregates that turn a town's rows into values.
    void read_rows(const spec_node& node, source_spec& source) {
        if (const auto* n = node.find("rows"); n && text(*n, "rows")) {
            if (n->text == "many") source.many_rows = true;
            else if (n->text != "one")
                problems_.add(n->where, "rows must be 'one' or 'many', found '" + n->text + "'",
                              "'many' for a list with several rows per town, such as France Services sites");
        }
        const auto* aggregate = node.find("aggregate");
        if (source.many_rows && !aggregate)
            problems_.add(node.where, "a source with 'rows: many' needs 'aggregate:'",
                          "say how a town's rows become values, e.g. aggregate: {sites: {function: count}}");
        if (!aggregate) return;
        if (!source.many_rows) {
            problems_.add(aggregate->where, "'aggregate:' is for sources with several rows per town",
                          "add 'rows: many' to this source");
            return;
        }
        if (!is_mapping(*aggregate, "aggregate", "e.g. aggregate: {sites: {function: count}}")) return;
        static const std::vector<std::string> functions{"count", "sum", "mean", "min", "max"};
        for (const auto& [key, value] : aggregate->entries) {
            aggregate_spec a;
            a.name = key.text;
            a.position = key.where;
            if (!is_identifier(a.name))
                problems_.add(key.where, "aggregate name '" + a.name + "' is not valid",
                              "use lower-case letters, digits and '_'; indicators use it as " + source.name + ".NAME");
            if (!mapping(value, "aggregate '" + a.name + "'", {"function", "column", "where"})) continue;
            if (const auto* f = required(value, "function", "aggregate '" + a.name + "'"); f && text(*f, "function")) {
                const auto at = std::find(functions.begin(), functions.end(), f->text);
                if (at == functions.end())
                    problems_.add(f->where, "unknown aggregate function '" + f->text + "'",
                                  unknown_name_hint(f->text, functions));
                else
                    a.function = static_cast<aggregate_function>(at - functions.begin());
            }
            if (const auto* c = value.find("column"); c && text(*c, "column")) a.column = c->text;
            if (a.function != aggregate_function::count && a.column.empty())
                problems_.add(value.where, "aggregate '" + a.name + "' needs the 'column' it applies to");
            if (a.function == aggregate_function::count && !a.column.empty())
                problems_.add(value.find("column")->where, "a count counts rows: it takes no 'column'",
                              "remove 'column', or use sum, mean, min or max");
            if (const auto* w = value.find("where");
                w && is_mapping(*w, "where", "e.g. where: {format_fs: [\"Site principal\"]}")) {
                for (const auto& [column, values] : w->entries) {
                    std::vector<std::string> kept;
                    if (values.type == spec_node::kind::sequence)
                        for (const auto& item : values.items) kept.push_back(text(item, "a value").value_or(""));
                    else if (auto one = text(values, "a value")) kept.push_back(*one);
                    a.where.emplace_back(column.text, std::move(kept));
                }
            }
            source.aggregates.push_back(std::move(a));
        }
    }

    void read_towns(const spec_node& node) {
        if (!mapping(node, "'towns'", {"reference", "select", "peer_groups"})) return;
        auto& towns = spec_.towns;
        if (const auto* n = required(node, "reference", "'towns'"))
            towns.reference = read_source(*n, "towns", "'towns.reference'", "code");
        if (const auto* select = node.find("select")) {
            towns.select_where = select->where;
            if (mapping(*select, "'towns.select'", {"population", "departments"})) {
                if (const auto* pop = select->find("population");
                    pop && mapping(*pop, "'towns.select.population'", {"min", "max"})) {
                    if (const auto* n = pop->find("min")) towns.population_min = number(*n, "population.min");
                    if (const auto* n = pop->find("max")) towns.population_max = number(*n, "population.max");
                    if (towns.population_min && towns.population_max &&
                        *towns.population_min > *towns.population_max)
                        problems_.add(pop->where, "population.min is larger than population.max",
                                      "swap the two values");
                }
                if (const auto* deps = select->find("departments")) read_departments(*deps);
            }
        }
        if (const auto* peers = node.find("peer_groups");
            peers && mapping(*peers, "'towns.peer_groups'", {"by", "bands"})) {
            if (const auto* by = required(*peers, "by", "'towns.peer_groups'"); by && text(*by, "by")) {
                const std::vector<std::string> kinds{"population"};
                if (by->text != "population")
                    problems_.add(by->where, "unknown peer grouping '" + by->text + "'",
                                  unknown_name_hint(by->text, kinds));
            }
            if (const auto* bands = required(*peers, "bands", "'towns.peer_groups'")) read_bands(*bands);
        }
    }

    void read_departments(const spec_node& node) {
        if (node.type != spec_node::kind::sequence) {
            problems_.add(node.where, "departments must be a list of department codes",
                          "write departments: [\"77\", \"91\"]");
            return;
        }
        for (const auto& item : node.items) {
            auto code = text(item, "a department code");
            if (!code) continue;
            if (!is_department_code(*code))
                problems_.add(item.where, "'" + *code + "' is not a French department code",
                              "write two characters ('01' to '95', '2A', '2B') or three ('971' to '976'), in quotes");
            else
                spec_.towns.departments.push_back(*code);
        }
    }

    void read_bands(const spec_node& node) {
        spec_.towns.peer_bands_where = node.where;
        if (node.type != spec_node::kind::sequence || node.items.size() < 2) {
            problems_.add(node.where, "bands must be a list of at least two population limits",
                          "e.g. bands: [2500, 5000, 10000, 25000]");
            return;
        }
        for (const auto& item : node.items) {
            auto value = number(item, "a population band limit");
            if (!value) continue;
            if (!spec_.towns.peer_bands.empty() && *value <= spec_.towns.peer_bands.back())
                problems_.add(item.where, "band limits must increase",
                              "sort the limits from the smallest to the largest");
            spec_.towns.peer_bands.push_back(*value);
        }
    }

    void read_sources(const spec_node& node) {
        if (!is_mapping(node, "'sources'", "name each source, e.g. 'arcep: {file: ..., key: ...}'"))
            return;
        for (const auto& [key, value] : node.entries) {
            if (!is_identifier(key.text) || key.text == "towns") {
                problems_.add(key.where, "'" + key.text + "' is not a valid source name",
                              key.text == "towns" ? "'towns' is the reference list; choose another name"
                                                  : "use lower-case letters, digits and '_'");
                continue;
            }
            spec_.sources.push_back(read_source(value, key.text, "source '" + key.text + "'", ""));
        }
    }

    void read_indicators(const spec_node& node) {
        if (node.type != spec_node::kind::sequence || node.items.empty()) {
            problems_.add(node.where, "indicators must be a non-empty list",
                          "add entries such as '- id: ftth' with a plugin and its params");
            return;
        }
        std::set<std::string> seen;
        for (const auto& item : node.items) {
            if (!mapping(item, "an indicator", {"id", "plugin", "label", "unit", "better", "params", "on_failure"}))
                continue;
            indicator_spec ind;
            ind.where = item.where;
            if (const auto* n = required(item, "id", "the indicator"); n && text(*n, "id")) {
                ind.id = n->text;
                ind.where = n->where;
                if (!is_identifier(ind.id))
                    problems_.add(n->where, "indicator id '" + ind.id + "' is not valid",
                                  "use lower-case letters, digits and '_', starting with a letter");
                else if (!seen.insert(ind.id).second)
                    problems_.add(n->where, "indicator id '" + ind.id + "' is used twice",
                                  "give each indicator its own id");
            }
            if (const auto* n = required(item, "plugin", "indicator '" + ind.id + "'"); n && text(*n, "plugin")) {
                ind.plugin = n->text;
                ind.plugin_where = n->where;
            }
            ind.label = optional_text(item, "label", "label");
            if (const auto* n = item.find("unit"); n && text(*n, "unit")) {
                ind.unit = n->text;
                ind.unit_where = n->where;
                if (std::find(known_units().begin(), known_units().end(), n->text) == known_units().end())
                    problems_.add(n->where, "unknown unit '" + n->text + "'",
                                  unknown_name_hint(n->text, known_units()));
            }
            if (const auto* n = item.find("better"); n && text(*n, "better")) {
                if (n->text == "higher") ind.better = direction::higher_is_better;
                else if (n->text == "lower") ind.better = direction::lower_is_better;
                else
                    problems_.add(n->where, "better must be 'higher' or 'lower', found '" + n->text + "'",
                                  "say whether a larger value is good news for a town");
            }
            if (const auto* n = item.find("on_failure"); n && text(*n, "on_failure")) {
                if (n->text == "skip") ind.on_failure = failure_policy::skip;
                else if (n->text != "stop")
                    problems_.add(n->where, "on_failure must be 'stop' or 'skip', found '" + n->text + "'",
                                  "'stop' fails the run when the plugin fails; 'skip' shows the indicator as failed");
            }
            if (const auto* params = item.find("params")) {
                ind.params_where = params->where;
                if (params->type != spec_node::kind::mapping) {
                    problems_.add(params->where, "params must be a mapping of names to values");
                } else {
                    for (const auto& [key, value] : params->entries) {
                        if (auto v = text(value, "parameter '" + key.text + "'"))
                            ind.params.push_back({key.text, *v, value.where, key.where});
                    }
                }
            }
            spec_.indicators.push_back(std::move(ind));
        }
    }

    void read_output(const spec_node& node) {
        if (!mapping(node, "'output'", {"workbook"})) return;
        if (const auto* n = required(node, "workbook", "'output'"); n && text(*n, "output.workbook")) {
            spec_.output.workbook = n->text;
            spec_.output.where = n->where;
            std::string rest = n->text;
            for (std::size_t open = rest.find('{'); open != std::string::npos; open = rest.find('{', open + 1)) {
                const auto close = rest.find('}', open);
                const std::string field = rest.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
                const std::vector<std::string> fields{"report.id", "report.period"};
                if (close == std::string::npos || std::find(fields.begin(), fields.end(), field) == fields.end())
                    problems_.add(n->where, "unknown placeholder '{" + field + "}' in output.workbook",
                                  unknown_name_hint(field, fields));
            }
            if (!n->text.ends_with(".xlsx"))
                problems_.add(n->where, "output.workbook must end with .xlsx, found '" + n->text + "'");
        }
    }

    std::filesystem::path file_;
    std::filesystem::path base_;
    report_spec spec_;
    diagnostic_list problems_;
};

}  // namespace

report_spec build_report_spec(const spec_node& root, const std::filesystem::path& file) {
    return spec_builder(file).build(root);
}

report_spec read_report_spec(const std::filesystem::path& file) {
    return build_report_spec(read_yaml_file(file), file);
}

}  // namespace munidash
