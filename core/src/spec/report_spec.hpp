// A report specification as plain, validated structs: what the rest of the engine reads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <munidash/plugin.hpp>

#include "base/diagnostics.hpp"
#include "base/enum_table.hpp"
#include "spec/isolation_settings.hpp"
#include "spec/request_questions.hpp"

namespace munidash {

// How a CSV file is written: French open data mostly uses ';' and a decimal comma.
// The character encodings a source may declare; cells are converted to UTF-8 when read.
enum class text_encoding { utf8, latin1, windows1252 };

// The encodings' names as the spec writes them (other spellings: text_encoding_aliases).
inline constexpr enum_entry<text_encoding> text_encoding_table[]{
    {text_encoding::utf8, "utf-8", "Unicode, the default"},
    {text_encoding::latin1, "latin-1", "ISO-8859-1, older French files"},
    {text_encoding::windows1252, "windows-1252", "Latin-1 with the œ, € and typographic quotes of Windows"},
};
static_assert(is_enum_table(text_encoding_table));
constexpr const auto& entries_of(text_encoding) { return text_encoding_table; }

// Other spellings of the encodings that a spec may use; errors list only the table's names.
inline constexpr std::pair<std::string_view, text_encoding> text_encoding_aliases[]{
    {"UTF-8", text_encoding::utf8},        {"utf8", text_encoding::utf8},
    {"latin1", text_encoding::latin1},     {"iso-8859-1", text_encoding::latin1},
    {"ISO-8859-1", text_encoding::latin1}, {"cp1252", text_encoding::windows1252},
};

// How a CSV file is written: French open data mostly uses ';', a decimal comma and spaces
// between thousands.
struct csv_dialect {
    char separator = ',';
    char decimal = '.';
    char thousands = '\0';  // '\0': none; ' ' also matches U+00A0 and U+202F
    text_encoding encoding = text_encoding::utf8;
    int skip_lines = 0;                                       // lines before the header (a disclaimer, say)
    std::vector<std::string> missing_markers{"", "NA", "s"};  // cells that mean "no value"
    std::vector<std::string> secret_markers{"s"};  // cells that mean "hidden by statistical secret": flagged censored
};

// A column of a file given another name in the spec, e.g. "Nb locaux FTTH" -> locaux_ftth.
struct column_rename {
    std::string from;
    std::string to;
    text_position where;
};

// How the rows of a town become one value, for sources with several rows per town.
enum class aggregate_function { count, sum, mean, min, max };

// The functions' names as the spec writes them (aggregate: {x: {function: NAME}}).
inline constexpr enum_entry<aggregate_function> aggregate_function_table[]{
    {aggregate_function::count, "count", "the number of the town's rows"},
    {aggregate_function::sum, "sum", "the sum of the column over the town's rows"},
    {aggregate_function::mean, "mean", "the mean of the column over the town's rows that have a value"},
    {aggregate_function::min, "min", "the smallest value of the column"},
    {aggregate_function::max, "max", "the largest value of the column"},
};
static_assert(is_enum_table(aggregate_function_table));
constexpr const auto& entries_of(aggregate_function) { return aggregate_function_table; }

// A column computed from a multi-row source: e.g. sites = count of rows where format_fs is
// "Site principal". Indicators use it as `source.name`.
struct aggregate_spec {
    std::string name;
    aggregate_function function = aggregate_function::count;
    std::string column;  // the column summed, averaged...; empty for count
    std::vector<std::pair<std::string, std::vector<std::string>>>
        where;  // keep rows whose column holds one of the values
    text_position position;
};

// How rows keyed by the codes of communes that have merged since the file was published become
// one row of today's commune. Counts add up; anything else needs the spec to say how.
struct merge_spec {
    bool map_codes = true;         // attribute former codes and arrondissements to today's communes
    std::vector<std::string> add;  // columns that count something: summed
    std::vector<std::pair<std::string, std::string>> weighted;  // column, the count it is a rate of: weighted mean
    bool chef_lieu = false;  // other columns: the row of the commune's own code, flagged estimate
    text_position where;     // the source's merged_communes entry, or the source
};

// One CSV file keyed by INSEE commune code.
struct source_spec {
    std::string name;            // how indicators refer to it: `name.column`
    std::filesystem::path file;  // absolute, resolved against the spec's folder
    std::string key;             // the column that holds the INSEE code
    csv_dialect dialect;
    std::string description;             // what the data is, for the methodology sheet
    std::string vintage;                 // the date or period the data describes
    bool illustrative = false;           // invented values: the workbook says so everywhere it shows them
    std::vector<column_rename> renames;  // applied to the header as it is read
    bool many_rows = false;              // several rows per town (a list of sites, say)
    std::string period_column;           // a column naming each row's period: only the report's period is read
    text_position period_column_where;
    std::vector<aggregate_spec> aggregates;  // with many_rows: the columns indicators can use
    merge_spec merge;                        // rows of communes that have merged since
    std::string producer;                    // who publishes the data, e.g. ARCEP, shown beside its vintage
    std::filesystem::path returns;           // `returns:`: a folder of returned request workbooks instead of a CSV file
    text_position returns_where;
    request_identity_spec request;  // with `returns:`, the request whose answers the folder holds
    bool skip_refused = false;      // on_refused: skip: refused returns are warnings, not a failed run
    text_position where;            // the source's entry in the spec
    text_position file_where;       // its `file:` value
    text_position key_where;        // its `key:` value
};

// A code written in the spec (a town, a department...), with where it was written.
struct located_code {
    std::string code;
    text_position where;
};

// How towns are sorted into peer groups.
enum class peer_grouping { population, department, epci, explicit_groups };

// The groupings' names as the spec writes them (peer_groups: {by: NAME}).
inline constexpr enum_entry<peer_grouping> peer_grouping_table[]{
    {peer_grouping::population, "population", "towns of comparable size, by population bands"},
    {peer_grouping::department, "department", "the towns of the same department"},
    {peer_grouping::epci, "epci", "the towns of the same intercommunality (EPCI)"},
    {peer_grouping::explicit_groups, "groups", "groups of towns named in the spec; the others form one group"},
};
static_assert(is_enum_table(peer_grouping_table));
constexpr const auto& entries_of(peer_grouping) { return peer_grouping_table; }

// A group of towns named in the spec (peer_groups: {by: groups, groups: {...}}).
struct named_group {
    std::string name;
    std::vector<located_code> towns;
    text_position where;
};

// The reference list of towns, which towns are compared, and how peers are grouped.
struct towns_spec {
    source_spec reference;  // columns: code, name, population (+ optional department, region, epci and
                            // their names); no file: the built-in list of today's communes
    bool builtin_reference = true;
    std::optional<double> population_min;
    std::optional<double> population_max;
    std::vector<located_code> departments;  // each criterion left empty selects every town
    std::vector<located_code> regions;
    std::vector<located_code> epcis;     // SIREN of the intercommunalities
    std::vector<located_code> codes;     // only these towns
    std::vector<located_code> excluded;  // never these towns
    text_position select_where;
    peer_grouping grouping = peer_grouping::population;
    std::vector<double> peer_bands;  // ascending population limits; towns in [b_i, b_i+1)
    text_position peer_bands_where;
    std::vector<named_group> groups;  // for peer_grouping::explicit_groups, in spec order
};

// One parameter of an indicator, as written in the spec.
struct param_value {
    std::string name;
    std::string text;                // the value, or the list as "[a, b]" for display
    std::vector<std::string> items;  // the items of a list value
    bool list = false;
    text_position where;      // the value
    text_position key_where;  // the parameter's name
};

// What a run does when an indicator's plugin fails while computing.
enum class failure_policy {
    stop,  // the run fails (the default: a scheduled run must not hide a broken indicator)
    skip,  // the run goes on; the indicator is shown as failed in the workbook
};

// The policies' names as the spec writes them (on_failure: NAME).
inline constexpr enum_entry<failure_policy> failure_policy_table[]{
    {failure_policy::stop, "stop", "fails the run when the plugin fails"},
    {failure_policy::skip, "skip", "shows the indicator as failed"},
};
static_assert(is_enum_table(failure_policy_table));
constexpr const auto& entries_of(failure_policy) { return failure_policy_table; }

// The directions' names as the spec writes them (better: NAME) and plugin listings print them.
inline constexpr enum_entry<direction> direction_table[]{
    {direction::higher_is_better, "higher", "a larger value is good news for a town"},
    {direction::lower_is_better, "lower", "a smaller value is good news for a town"},
};
static_assert(is_enum_table(direction_table));
constexpr const auto& entries_of(direction) { return direction_table; }

// Where plugins compute and within which limits, as one part of a spec writes it: the `plugins:`
// section for every indicator, or one indicator's own keys, which win key by key.
struct isolation_spec {
    std::optional<isolation_mode> mode;  // isolation: none | process
    text_position mode_where;
    std::optional<double> time_limit;  // limits.time, in seconds
    text_position time_where;
    std::optional<std::uint64_t> memory_limit;  // limits.memory, in bytes (only enforced with isolation: process)
    text_position memory_where;
    std::optional<bool> seccomp;  // seccomp: true forbids network, file writes and programs (needs a child)
    text_position seccomp_where;
};

// One indicator of the report: which plugin computes it, and how it is shown.
struct indicator_spec {
    std::string id;
    text_position where;
    std::string plugin;  // the id of a registered indicator kind, e.g. "ratio"
    text_position plugin_where;
    std::optional<std::string> label;       // overrides the plugin's label
    std::optional<std::string> definition;  // overrides the plugin's definition (methodology sheet)
    std::optional<std::string> unit;
    text_position unit_where;
    std::optional<direction> better;
    std::vector<param_value> params;
    text_position params_where;
    failure_policy on_failure = failure_policy::stop;
    std::optional<double> target;  // the value every town should reach, e.g. 100 (% fibre)
    isolation_spec isolation;      // overrides the spec's `plugins:` section
};

// The report's metadata, shown on the workbook's sheets and in its document properties.
struct report_meta {
    std::string id;
    std::string title;
    std::string period;
    std::string language = "fr";
    std::string author;
    std::string organisation;
    std::string notice;           // a warning shown on every sheet, e.g. that values are illustrative
    std::string previous_period;  // when set, indicators are also computed for it, and changes shown
    text_position previous_period_where;
    double max_data_age = 2;     // years a source's vintage may lag the period before the workbook warns
    bool allow_partial = false;  // a run with a skipped indicator (on_failure: skip) still exits 0
};

// The normalisation methods of the OECD/JRC Handbook that munidash offers.
enum class normalisation {
    minmax,      // 100 × (x − min) ÷ (max − min) over the selection
    zscore,      // (x − mean) ÷ standard deviation (population), sign follows the direction
    rank,        // 100 × (n − rank) ÷ (n − 1)
    percentile,  // the percentile rank, 100 = best
    goalposts,   // 100 × (x − low) ÷ (high − low), clamped to [0, 100], with fixed goalposts
    index,       // 100 × x ÷ reference; lower is better: 100 × (2 − x ÷ reference), so 0 scores 200
};

// The methods' names as the spec writes them (normalise: NAME).
inline constexpr enum_entry<normalisation> normalisation_table[]{
    {normalisation::minmax, "minmax", "100 × (x − min) ÷ (max − min) over the towns compared"},
    {normalisation::zscore, "zscore", "(x − mean) ÷ standard deviation"},
    {normalisation::rank, "rank", "100 × (n − rank) ÷ (n − 1)"},
    {normalisation::percentile, "percentile", "the percentile rank, 100 = best"},
    {normalisation::goalposts, "goalposts", "100 × (x − low) ÷ (high − low) with fixed goalposts, within 0 to 100"},
    {normalisation::index, "index", "100 × x ÷ the value of all towns compared"},
};
static_assert(is_enum_table(normalisation_table));
constexpr const auto& entries_of(normalisation) { return normalisation_table; }

// The spec's names of the methods, in enum order (normalisation_table's names, kept for the sheets).
const std::vector<std::string>& normalisation_names();

// How normalised indicators are combined.
enum class aggregation { arithmetic, geometric };

// The aggregations' names as the spec writes them (aggregate: NAME).
inline constexpr enum_entry<aggregation> aggregation_table[]{
    {aggregation::arithmetic, "arithmetic", "the weighted arithmetic mean of the scores"},
    {aggregation::geometric, "geometric",
     "the weighted geometric mean: a weak score is not fully offset by a strong one"},
};
static_assert(is_enum_table(aggregation_table));
constexpr const auto& entries_of(aggregation) { return aggregation_table; }

// What happens to a town's missing indicator in the composite index.
enum class imputation {
    none,         // left out; the town is scored on the others if enough weight remains
    peer_median,  // replaced by its peer group's median, and flagged
};

// The imputations' names as the spec writes them (impute: NAME).
inline constexpr enum_entry<imputation> imputation_table[]{
    {imputation::none, "none", "a missing indicator is left out; the town is scored on the others"},
    {imputation::peer_median, "peer_median", "a missing indicator takes its peer group's median, flagged"},
};
static_assert(is_enum_table(imputation_table));
constexpr const auto& entries_of(imputation) { return imputation_table; }

// A group of indicators with a weight of its own (e.g. connectivity, services, skills).
struct axis_spec {
    std::string id;
    std::string label;
    double weight = 1;
    std::vector<std::string> indicators;
    text_position where;
};

// The Monte Carlo analysis of the composite's ranks.
struct robustness_spec {
    int draws = 0;  // 0: no analysis
    std::uint64_t seed = 1;
    double weight_variation = 0.25;             // each weight is drawn in [w × (1 − v), w × (1 + v)]
    std::vector<normalisation> normalisations;  // drawn among; empty: the composite's own
    std::vector<aggregation> aggregations;      // drawn among; empty: the composite's own
};

// The composite index: normalise, weight, aggregate (OECD/JRC Handbook).
struct composite_spec {
    bool present = false;
    std::string label;
    normalisation method = normalisation::minmax;
    aggregation aggregate = aggregation::arithmetic;
    std::vector<std::pair<std::string, double>> weights;  // per indicator; 1 when absent
    std::vector<axis_spec> axes;                          // empty: one axis of every indicator
    double min_coverage = 0.65;                           // share of the weights a town needs to be scored
    imputation impute = imputation::none;
    std::vector<std::pair<std::string, std::pair<double, double>>> goalposts;  // per indicator
    robustness_spec robustness;
    text_position where;
};

// The towns that get a workbook of their own when not all do (output.per_town_only): the listed
// codes and the `largest` most populous towns of the selection, together. The others are still
// compared: ranks and peer medians stay those of the whole selection.
struct town_workbook_choice {
    bool present = false;             // false: every selected town gets a workbook
    std::vector<located_code> codes;  // each must be a selected town
    std::size_t largest = 0;          // 0: none chosen by population
    text_position where;              // the per_town_only entry
};

// Where the workbook goes: a template with {report.id} and {report.period}.
struct output_spec {
    std::string workbook;
    text_position where;
    bool town_sheets = false;         // one page per town in the workbook
    bool comparisons = true;          // the Comparaisons sheet: one row per town and indicator
    text_position comparisons_where;  // the comparisons entry, or the output section when it is absent
    std::string per_town;             // a template with {town.code} and {town.slug}: one workbook per town
    text_position per_town_where;
    std::filesystem::path per_town_folder;
    town_workbook_choice per_town_only;  // which towns get one, when not all
    std::filesystem::path folder;        // relative paths start from the folder of the spec that wrote them
};

// The requests section: what the association asks every selected town, in a workbook of its own.
struct request_spec {
    bool present = false;
    int version = 1;      // a return of another version is refused by the reader
    std::string from;     // who asks (cover)
    std::string why;      // why (cover)
    std::string due;      // by when, an ISO date YYYY-MM-DD
    std::string contact;  // where to send it back
    std::string output;   // a template with {town.code} (and {town.slug}), like output.per_town
    text_position output_where;
    std::filesystem::path output_folder;  // the folder of the spec that wrote `output`
    std::vector<question_spec> questions;
    text_position where;
};

// A whole, validated report specification.
struct report_spec {
    std::filesystem::path file;  // the spec itself
    report_meta report;
    towns_spec towns;
    std::vector<source_spec> sources;
    std::vector<indicator_spec> indicators;
    composite_spec composite;
    output_spec output;
    request_spec requests;               // the request workbooks (munidash request), when the spec has them
    std::filesystem::path plugins_lock;  // when set, plugins must be the builds this lock file pins
    text_position plugins_lock_where;
    isolation_spec plugins;  // the `plugins:` section: isolation and limits of every indicator
};

// The isolation settings of `indicator`: its own keys, else the spec's `plugins:` section, else
// in the engine's process without limits. `seccomp: true` alone implies isolation: process.
isolation_settings effective_isolation(const report_spec& spec, const indicator_spec& indicator);

// The units the workbook knows how to format.
const std::vector<std::string>& known_units();

}  // namespace munidash
