#include "run/request_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <thread>

#include "base/logging.hpp"
#include "base/names.hpp"
#include "base/placeholders.hpp"
#include "base/platform.hpp"
#include "run/engine_steps.hpp"
#include "sources/commune_directory.hpp"
#include "workbook/labels.hpp"

namespace munidash {

town_file_template request_file_template(const report_spec& spec, const std::optional<std::filesystem::path>& folder) {
    const auto& r = spec.requests;
    town_file_template names{r.output, r.output_folder, r.output_where, "requests.output"};
    if (!folder) return names;
    // The part after the template's fixed folders, placeholders and all, goes under the given folder.
    const auto brace = r.output.find('{');
    const auto slash = r.output.rfind('/', brace == std::string::npos ? r.output.size() : brace);
    names.text = slash == std::string::npos ? r.output : r.output.substr(slash + 1);
    names.folder = std::filesystem::absolute(*folder).lexically_normal();
    return names;
}

namespace {

std::string origin_of(const source_spec& source, const request_labels& labels) {
    auto name = source.producer.empty() ? source.name : source.producer + " (" + source.name + ")";
    if (source.vintage.empty()) return name;
    return fill_placeholders(labels.prefilled_from, {{"source", name}, {"vintage", source.vintage}});
}

std::string lower_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// "1", "oui", "yes", "true" are yes; "0", "non", "no", "false" are no; anything else is not a yes/no.
std::optional<bool> yes_no(const std::string& text) {
    const auto t = lower_ascii(text);
    if (t == "oui" || t == "yes" || t == "true" || t == "o" || t == "y") return true;
    if (t == "non" || t == "no" || t == "false" || t == "n") return false;
    if (const auto n = parse_plain_number(t); n && (*n == 0 || *n == 1)) return *n == 1;
    return std::nullopt;
}

// The reference list's text columns, for prefill: towns.name and the like.
std::string town_text(const town& t, const std::string& column) {
    if (column == "code") return t.code;
    if (column == "name") return t.name;
    if (column == "department") return t.department;
    if (column == "region") return t.region;
    if (column == "epci") return t.epci;
    return {};
}

}  // namespace

std::vector<std::vector<request_prefill>> request_prefills(const report_spec& spec, const town_list& towns,
                                                           const std::map<std::string, source_table>& sources) {
    const auto& labels = request_labels_for(spec.report.language);
    const auto& questions = spec.requests.questions;
    std::vector<std::vector<request_prefill>> out(towns.towns.size(), std::vector<request_prefill>(questions.size()));
    const auto codes = towns.codes();
    diagnostic_list problems;
    for (std::size_t k = 0; k < questions.size(); ++k) {
        const auto& q = questions[k];
        if (q.prefill_source.empty()) continue;
        const bool numeric =
            q.type == question_type::number || q.type == question_type::integer || q.type == question_type::percent;
        const bool from_towns = q.prefill_source == "towns";
        const auto* table = from_towns ? nullptr : &sources.at(q.prefill_source);
        const auto origin = from_towns ? reference_name(spec.towns) : origin_of(table->spec(), labels);
        const auto where = from_towns ? spec.towns.reference.file : table->spec().file;
        if (numeric) {
            std::vector<double> values;
            if (from_towns)
                for (const auto& t : towns.towns) values.push_back(t.population);
            else
                values = table->numbers(q.prefill_column, codes, &problems);
            std::size_t outside = 0;
            for (std::size_t t = 0; t < values.size(); ++t) {
                if (std::isnan(values[t])) continue;
                out[t][k] = {true, true, values[t], {}, origin};
                if ((q.min && values[t] < *q.min) || (q.max && values[t] > *q.max)) ++outside;
            }
            // Still pre-filled: the town sees the known value and corrects it, or the bounds are wrong.
            if (outside > 0)
                log_warning(to_string(q.prefill_where) + ": " + std::to_string(outside) +
                            " towns have a pre-filled value of question '" + q.id +
                            "' outside its bounds; Excel will refuse it if retyped (check min and max)");
            continue;
        }
        std::vector<std::string> texts;
        if (from_towns)
            for (const auto& t : towns.towns) texts.push_back(town_text(t, q.prefill_column));
        else
            texts = table->texts(q.prefill_column, codes);
        for (std::size_t t = 0; t < texts.size(); ++t) {
            if (texts[t].empty()) continue;
            auto text = texts[t];
            const auto refuse = [&](const std::string& expected) {
                problems.add({where, 0, 0},
                             "column '" + q.prefill_column + "' gives town " + codes[t] + " the value '" + text +
                                 "', which question '" + q.id + "' (prefill: " + q.prefill_source + "." +
                                 q.prefill_column + ") cannot take: expected " + expected,
                             "correct the file, or remove the question's prefill");
            };
            if (q.type == question_type::yes_no) {
                const auto answer = yes_no(text);
                if (!answer) {
                    refuse("oui/non, yes/no, 1/0 or true/false");
                    continue;
                }
                text = *answer ? labels.yes : labels.no;
            } else if (q.type == question_type::choice &&
                       std::find(q.choices.begin(), q.choices.end(), text) == q.choices.end()) {
                std::string list;
                for (const auto& c : q.choices) list += (list.empty() ? "" : ", ") + c;
                refuse("one of " + list);
                continue;
            }
            out[t][k] = {true, false, 0, text, origin};
        }
    }
    problems.throw_if_any(failure_kind::input);
    return out;
}

std::vector<std::filesystem::path> write_request_workbooks(const report_spec& spec, const town_list& towns,
                                                           const std::vector<std::vector<request_prefill>>& prefills,
                                                           const town_file_template& names, shard part, unsigned jobs,
                                                           bool progress, std::time_t created, bool force) {
    std::vector<std::size_t> all(towns.towns.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    const auto mine = shard_share(all, part);
    write_town_files(
        towns, mine, jobs, progress, town_file_root(names), "request workbooks",
        [&](std::size_t t) { return town_file_path(spec, names, towns.towns[t]); },
        [&](std::size_t t, const std::filesystem::path& target, replacement_batch& batch) {
            write_request_workbook({spec, towns.towns[t], prefills[t], created, force}, target, &batch);
        });
    std::vector<std::filesystem::path> written;
    for (const auto t : mine) written.push_back(town_file_path(spec, names, towns.towns[t]));
    return written;
}

request_summary write_requests(const std::filesystem::path& spec_file, const engine_options& options) {
    const auto part = options.shard.empty() ? shard{} : parse_shard(options.shard);
    plugin_host host;
    const auto checked = check_report(spec_file, host, options);
    const auto& spec = checked.spec;
    if (!spec.requests.present)
        throw munidash_error(failure_kind::spec,
                             diagnostic{{spec_file, 1, 1},
                                        "the spec has no 'requests' section: there is nothing to ask",
                                        "add requests: with from, why, due, contact and questions (see "
                                        "docs/request-workbooks.md)"});
    const auto created = document_time();
    const auto& directory = commune_directory::builtin();
    const auto reference = reference_communes(spec.towns, directory);
    const auto towns = select_towns(reference, spec.towns);
    std::set<std::string, std::less<>> known;
    for (const auto& c : reference) known.insert(c.code);
    const auto names = request_file_template(spec, options.request_folder);
    // One batch at a time per folder and shard, as for the town workbooks.
    const auto root = town_file_root(names);
    const std::string lock_name = part.count > 1 ? ".munidash-requests-shard-" + std::to_string(part.index) + "-of-" +
                                                       std::to_string(part.count) + ".lock"
                                                 : std::string(".munidash-requests.lock");
    const output_lock lock(root / lock_name, root, options.wait_seconds);
    // Only the sources that pre-fill an answer are read: the others have nothing to say to a town.
    auto prefilling = spec;
    std::erase_if(prefilling.sources, [&](const source_spec& source) {
        return std::none_of(spec.requests.questions.begin(), spec.requests.questions.end(),
                            [&](const question_spec& q) { return q.prefill_source == source.name; });
    });
    const code_mapper mapper(std::move(known), directory);
    const auto sources =
        load_sources(prefilling, checked.plan, spec.report.period, mapper, options.list_rows, towns).first;
    const auto prefills = request_prefills(spec, towns, sources);
    const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    request_summary summary;
    summary.towns = towns.towns.size();
    summary.files =
        write_request_workbooks(spec, towns, prefills, names, part, jobs, options.progress, created, options.force);
    return summary;
}

}  // namespace munidash
