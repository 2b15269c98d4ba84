// The spec builder: walks a spec's tree into a report_spec, recording every problem with its
// position instead of stopping at the first. Its sections live in spec_reader.cpp (report,
// indicators, output), spec_sources.cpp, spec_towns.cpp and spec_requests.cpp; its helpers in
// spec_walk.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "spec/report_spec.hpp"
#include "spec/spec_reader.hpp"
#include "spec/yaml_document.hpp"

namespace munidash {

// Records a diagnostic for each {placeholder} of the file name template `node` (the spec's key
// `what`, e.g. "output.per_town") that is not among `known`, and for each '{' never closed.
void check_placeholders(const spec_node& node, std::string_view what, const std::vector<std::string>& known,
                        diagnostic_list& problems);

class spec_builder {
public:
    // A builder for the spec in `file`; relative paths are resolved against its folder.
    explicit spec_builder(const std::filesystem::path& file);
    // The report_spec of `root`; throws munidash_error(spec) listing every problem found.
    report_spec build(const spec_node& root);
    // The report_spec of `root` as far as it is sound, with the problems found and the gaps they leave.
    spec_reading read(const spec_node& root);

private:
    // Helpers that check a node's shape, recording a diagnostic when it is wrong.
    bool is_mapping(const spec_node& node, std::string_view what, std::string hint);

    // Checks that `node` is a mapping whose keys are all in `allowed`.
    bool mapping(const spec_node& node, std::string_view what, std::vector<std::string> allowed);

    const spec_node* required(const spec_node& node, std::string_view key, std::string_view what);

    std::optional<std::string> text(const spec_node& node, std::string_view what);

    std::optional<std::string> optional_text(const spec_node& parent, std::string_view key, std::string_view what);

    std::optional<double> number(const spec_node& node, std::string_view what);

    std::optional<bool> boolean(const spec_node& node, std::string_view what);

    std::optional<char> single_character(const spec_node& node, std::string_view what, std::string_view allowed);

    static std::string join(const std::vector<std::string>& items);

    // A path written in `node`, resolved against the folder of the file it was written in (a base
    // spec's paths are relative to the base).
    std::filesystem::path resolve(const spec_node& node) const;

    // The sections of a spec.
    void read_report(const spec_node& node);

    void read_indicators(const spec_node& node);

    // isolation, limits and seccomp of `parent` (the plugins section, or an indicator named `owner`).
    void read_isolation(const spec_node& parent, isolation_spec& into, const std::string& owner);

    void read_output(const spec_node& node);

    // output.per_town_only: the codes and the number of largest towns that get a workbook.
    void read_per_town_only(const spec_node& node, bool has_per_town);

    // Reads a CSV source entry: either a bare path or a mapping.
    source_spec read_source(const spec_node& node, std::string name, std::string_view what, std::string default_key);

    // rows: one | many, and for many, the aggregates that turn a town's rows into values.
    // How a source's file is written: separator, decimal and thousands marks, encoding, missing and secret markers, lines to skip.
    void read_dialect(const spec_node& node, csv_dialect& dialect);
    // The source's renamed columns (rename: {"Column in the file": new_name}).
    void read_renames(const spec_node& node, source_spec& source);
    void read_merge(const spec_node& node, source_spec& source);
    void read_rows(const spec_node& node, source_spec& source);

    void read_sources(const spec_node& node);

    // A source's `returns:` and `on_refused:` keys (spec_returns.cpp); false when it has none.
    bool read_returns_source(const spec_node& node, source_spec& source, std::string_view what);
    // Gives each returns source the request it reads (once `requests:` is read); a returns source
    // without `requests:` is an error.
    void attach_requests();

    void read_towns(const spec_node& node);

    void read_departments(const spec_node& node);

    // A list of codes, each checked by `valid`; `what` and `hint` word the error.
    std::vector<located_code> read_codes(const spec_node& node, std::string_view what, bool (*valid)(std::string_view),
                                         std::string_view hint);

    void read_peer_groups(const spec_node& node);
    void read_composite(const spec_node& node);
    void read_robustness(const spec_node& node);
    // Checks the composite against the indicators, once both are read.
    void check_composite();

    void read_bands(const spec_node& node);

    // requests: who asks, why, by when, the file names, and the questions (spec_requests.cpp).
    void read_requests(const spec_node& node);
    void read_question(const spec_node& item, std::vector<std::string>& seen);
    // A question's min and max; `type` is its type's node when the type was understood, else null.
    void read_question_bounds(const spec_node& item, question_spec& q, const spec_node* type, const std::string& who);
    // A choice question's choices, each usable in Excel's drop-down list; `type` as for the bounds.
    void read_question_choices(const spec_node& item, question_spec& q, const spec_node* type, const std::string& who);

    std::filesystem::path file_;
    std::filesystem::path base_;
    report_spec spec_;
    diagnostic_list problems_;
    spec_gaps gaps_;
    bool indicator_ids_known_ = true;  // every indicator entry was read with its id: references to them can be checked
};

}  // namespace munidash
