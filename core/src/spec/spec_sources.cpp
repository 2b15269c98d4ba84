#include "spec/spec_builder.hpp"

#include "base/names.hpp"
#include "base/suggestions.hpp"

namespace munidash {

source_spec spec_builder::read_source(const spec_node& node, std::string name, std::string_view what,
                                      std::string default_key) {
    source_spec source;
    source.name = std::move(name);
    source.where = node.where;
    source.key = std::move(default_key);
    if (node.type == spec_node::kind::scalar) {
        source.file = resolve(node);
        source.file_where = node.where;
        return source;
    }
    if (!mapping(node, what,
                 {"file",    "key",          "separator", "decimal",    "thousands",       "encoding", "missing",
                  "rename",  "rows",         "aggregate", "skip_lines", "period_column",   "secret",   "description",
                  "vintage", "illustrative", "producer",  "map_codes",  "merged_communes", "returns",  "on_refused"}))
        return source;
    if (read_returns_source(node, source, what)) return source;
    if (const auto* n = required(node, "file", what); n && text(*n, "file")) {
        source.file = resolve(*n);
        source.file_where = n->where;
    }
    if (const auto* n = node.find("key"); n && text(*n, "key")) {
        source.key = n->text;
        source.key_where = n->where;
    }
    if (source.key.empty())
        problems_.add(node.where, std::string(what) + " has no 'key'",
                      "name the column that holds the INSEE code, e.g. key: code_insee");
    read_dialect(node, source.dialect);
    read_renames(node, source);
    if (const auto* n = node.find("period_column"); n && text(*n, "period_column")) {
        source.period_column = n->text;
        source.period_column_where = n->where;
    }
    read_rows(node, source);
    read_merge(node, source);
    source.producer = optional_text(node, "producer", "producer").value_or("");
    source.description = optional_text(node, "description", "description").value_or("");
    source.vintage = optional_text(node, "vintage", "vintage").value_or("");
    if (const auto* n = node.find("illustrative")) source.illustrative = boolean(*n, "illustrative").value_or(false);
    return source;
}

void spec_builder::read_dialect(const spec_node& node, csv_dialect& dialect) {
    bool dialect_valid = true;
    const auto read_mark = [&](const char* key, std::string_view allowed, char& mark) {
        if (const auto* n = node.find(key)) {
            const auto value = single_character(*n, key, allowed);
            dialect_valid = dialect_valid && value.has_value();
            mark = value.value_or(mark);
        }
    };
    read_mark("separator", ",;\t|", dialect.separator);
    read_mark("decimal", ".,", dialect.decimal);
    read_mark("thousands", " .,", dialect.thousands);
    const auto& d = dialect;
    if (dialect_valid && d.decimal == d.separator)
        problems_.add(node.where, "the decimal mark and the separator are both '" + std::string(1, d.separator) + "'",
                      "French files use separator ';' with decimal ','");
    if (dialect_valid && d.thousands != '\0' && (d.thousands == d.decimal || d.thousands == d.separator))
        problems_.add(node.find("thousands")->where,
                      "the thousands separator '" + std::string(1, d.thousands) + "' is also this source's " +
                          (d.thousands == d.decimal ? "decimal mark" : "separator"),
                      "French files write 1 234,5: thousands \" \", decimal \",\"");
    if (const auto* n = node.find("encoding"); n && text(*n, "encoding")) {
        auto encoding = enum_named<text_encoding>(n->text);
        for (const auto& [alias, value] : text_encoding_aliases)
            if (!encoding && n->text == alias) encoding = value;
        if (encoding)
            dialect.encoding = *encoding;
        else
            problems_.add(n->where, "unknown encoding '" + n->text + "'",
                          unknown_name_hint(n->text, enum_names<text_encoding>()));
    }
    if (const auto* n = node.find("missing")) {
        if (n->type != spec_node::kind::sequence) {
            problems_.add(n->where, "missing must be a list of markers, e.g. [\"\", NA, s]");
        } else {
            dialect.missing_markers.clear();
            for (const auto& item : n->items)
                if (auto marker = item.type == spec_node::kind::null ? std::optional<std::string>("")
                                                                     : text(item, "a missing marker"))
                    dialect.missing_markers.push_back(*marker);
        }
    }
    if (const auto* n = node.find("skip_lines")) {
        const auto lines = number(*n, "skip_lines");
        if (lines && (*lines < 0 || *lines > 100 || *lines != static_cast<int>(*lines)))
            problems_.add(n->where, "skip_lines must be a whole number from 0 to 100",
                          "the number of lines before the header line");
        else if (lines)
            dialect.skip_lines = static_cast<int>(*lines);
    }
    if (const auto* n = node.find("secret")) {
        if (n->type != spec_node::kind::sequence) {
            problems_.add(n->where, "secret must be a list of markers, e.g. [s, secret]");
        } else {
            dialect.secret_markers.clear();
            for (const auto& item : n->items)
                if (auto marker = text(item, "a secret marker")) dialect.secret_markers.push_back(*marker);
        }
    }
}

void spec_builder::read_renames(const spec_node& node, source_spec& source) {
    if (const auto* n = node.find("rename");
        n && is_mapping(*n, "rename", "write rename: {\"Column in the file\": new_name}")) {
        for (const auto& [from, to] : n->entries) {
            auto new_name = text(to, "a new column name");
            if (!new_name) continue;
            if (!is_identifier(*new_name))
                problems_.add(to.where, "new column name '" + *new_name + "' is not valid",
                              "use lower-case letters, digits and '_', starting with a letter");
            source.renames.push_back({from.text, *new_name, from.where});
        }
    }
}

void spec_builder::read_rows(const spec_node& node, source_spec& source) {
    if (const auto* n = node.find("rows"); n && text(*n, "rows")) {
        if (n->text == "many")
            source.many_rows = true;
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
    for (const auto& [key, value] : aggregate->entries) {
        aggregate_spec a;
        a.name = key.text;
        a.position = key.where;
        if (!is_identifier(a.name))
            problems_.add(key.where, "aggregate name '" + a.name + "' is not valid",
                          "use lower-case letters, digits and '_'; indicators use it as " + source.name + ".NAME");
        if (!mapping(value, "aggregate '" + a.name + "'", {"function", "column", "where"})) continue;
        if (const auto* f = required(value, "function", "aggregate '" + a.name + "'"); f && text(*f, "function")) {
            if (const auto function = enum_named<aggregate_function>(f->text))
                a.function = *function;
            else
                problems_.add(f->where, "unknown aggregate function '" + f->text + "'",
                              unknown_name_hint(f->text, enum_names<aggregate_function>()));
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
                else if (auto one = text(values, "a value"))
                    kept.push_back(*one);
                a.where.emplace_back(column.text, std::move(kept));
            }
        }
        source.aggregates.push_back(std::move(a));
    }
}

void spec_builder::read_merge(const spec_node& node, source_spec& source) {
    auto& merge = source.merge;
    merge.where = node.where;
    if (const auto* n = node.find("map_codes")) merge.map_codes = boolean(*n, "map_codes").value_or(true);
    const auto* n = node.find("merged_communes");
    if (!n || !mapping(*n, "'merged_communes'", {"add", "weighted", "others"})) return;
    merge.where = n->where;
    if (!merge.map_codes)
        problems_.add(n->where,
                      "'merged_communes' says how to combine the rows of merged communes, but map_codes is false",
                      "remove one of the two");
    if (source.many_rows)
        problems_.add(n->where, "a source with 'rows: many' combines rows through its aggregates",
                      "remove 'merged_communes'; the rows of former communes count for today's commune");
    if (const auto* add = n->find("add")) {
        if (add->type != spec_node::kind::sequence)
            problems_.add(add->where, "add must be a list of columns that count something",
                          "e.g. add: [locaux, locaux_ftth]");
        else
            for (const auto& item : add->items)
                if (auto column = text(item, "a column")) merge.add.push_back(*column);
    }
    if (const auto* weighted = n->find("weighted");
        weighted && is_mapping(*weighted, "weighted",
                               "e.g. weighted: {taux_fibre: locaux}: a rate and the count it is a rate of")) {
        for (const auto& [column, weight] : weighted->entries)
            if (auto w = text(weight, "a weight column")) merge.weighted.emplace_back(column.text, *w);
    }
    if (const auto* others = n->find("others"); others && text(*others, "others")) {
        if (others->text == "chef_lieu")
            merge.chef_lieu = true;
        else if (others->text != "refuse")
            problems_.add(others->where, "others must be 'refuse' or 'chef_lieu', found '" + others->text + "'",
                          "'chef_lieu' takes the row of the commune's own code and flags the value as an estimate");
    }
}

void spec_builder::read_sources(const spec_node& node) {
    if (!is_mapping(node, "'sources'", "name each source, e.g. 'arcep: {file: ..., key: ...}'")) {
        gaps_.sources_unreadable = true;
        return;
    }
    for (const auto& [key, value] : node.entries) {
        if (!is_identifier(key.text) || key.text == "towns") {
            problems_.add(key.where, "'" + key.text + "' is not a valid source name",
                          key.text == "towns" ? "'towns' is the reference list; choose another name"
                                              : "use lower-case letters, digits and '_'");
            // References to it are mistaken the same way: "unknown source" would say nothing more.
            if (key.text != "towns") gaps_.unreadable_sources.insert(key.text);
            continue;
        }
        const auto problems_before = problems_.items().size();
        spec_.sources.push_back(read_source(value, key.text, "source '" + key.text + "'", ""));
        if (problems_.items().size() != problems_before) gaps_.unreadable_sources.insert(key.text);
    }
}

}  // namespace munidash
