// The spec's side of returned request workbooks: a source with `returns:`, given the request whose
// answers it reads (the `requests:` section, read in spec_requests.cpp).
#include <algorithm>

#include "spec/spec_builder.hpp"

namespace munidash {

bool spec_builder::read_returns_source(const spec_node& node, source_spec& source, std::string_view what) {
    const auto* returns = node.find("returns");
    if (const auto* n = node.find("on_refused"); n && text(*n, "on_refused")) {
        if (!returns)
            problems_.add(n->where, "'on_refused' is for a source with 'returns:'",
                          "remove it, or add returns: FOLDER");
        else if (n->text == "skip")
            source.skip_refused = true;
        else if (n->text != "fail")
            problems_.add(
                n->where, "on_refused must be 'fail' or 'skip', found '" + n->text + "'",
                "'skip' goes on without the refused files, with a warning; 'fail' (the default) stops the run");
    }
    if (!returns) return false;
    if (text(*returns, "returns")) {
        source.returns = resolve(*returns);
        source.returns_where = returns->where;
        std::error_code ec;
        if (!std::filesystem::is_directory(source.returns, ec))
            problems_.add(
                returns->where,
                "the folder of returns '" + source.returns.string() + "' of " + std::string(what) + " does not exist",
                "create it and put the towns' returned workbooks (.xlsx) in it; paths are relative to the spec's folder");
    }
    // The table of returns is keyed by "code"; the CSV keys have no meaning for workbooks.
    source.key = "code";
    for (const char* key : {"file", "key", "separator", "decimal", "thousands", "encoding", "missing", "rename", "rows",
                            "aggregate", "skip_lines", "period_column", "secret", "merged_communes"})
        if (const auto* n = node.find(key))
            problems_.add(
                n->where, std::string(what) + " reads returned workbooks ('returns:'), so '" + key + "' has no meaning",
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

void spec_builder::attach_requests() {
    for (auto& source : spec_.sources) {
        if (source.returns_where.line == 0 && source.returns.empty()) continue;
        if (!spec_.requests.present) {
            problems_.add(source.returns_where,
                          "source '" + source.name +
                              "' reads returned request workbooks, but the spec has no 'requests:' section",
                          "add requests: {version: 1, questions: [...]}: the questions the returns answer");
            gaps_.unreadable_sources.insert(source.name);  // its columns are the questions it lacks
            continue;
        }
        source.request = request_identity_spec{spec_.report.id, spec_.requests.version, spec_.requests.questions,
                                               spec_.requests.where};
    }
}

}  // namespace munidash
