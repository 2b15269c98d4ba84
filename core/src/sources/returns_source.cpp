#include "sources/returns_source.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "base/insee_code.hpp"
#include "base/logging.hpp"
#include "base/sha256.hpp"
#include "sources/cell_values.hpp"
#include "sources/request_answers.hpp"
#include "sources/xlsx_reader.hpp"

namespace munidash {

namespace {

// "Questions!E9", or "'Mes réponses'!E9" when the name needs quotes, as a spreadsheet writes it.
std::string at_cell(const std::string& sheet, std::uint32_t row, std::uint32_t column) {
    const bool plain = !sheet.empty() && std::all_of(sheet.begin(), sheet.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    return (plain ? sheet : "'" + sheet + "'") + "!" + cell_reference(row, column);
}

// A cell's text as the identity sheet means it: numbers written without a useless ".0".
std::string identity_text(const xlsx_cell* cell) {
    if (!cell) return {};
    if (cell->kind == xlsx_cell_kind::number && std::abs(cell->number) < 1e15 &&
        cell->number == std::round(cell->number))
        return std::to_string(static_cast<long long>(cell->number));
    return cell->text;
}

const char* const ask_again =
    "send the town its own request workbook again (munidash request), or ask for the right file";

// One file read and checked; `row` holds its answers when it has no problem.
struct file_result {
    return_file file;
    std::vector<std::string> row;
    std::vector<cell_origin> origins;
};

class return_checker {
public:
    return_checker(const source_spec& source, const std::set<std::string, std::less<>>& towns)
        : request_(source.request), towns_(towns) {}

    file_result check(const std::filesystem::path& path) {
        file_result out;
        out.file.file = path;
        try {
            const auto workbook = read_xlsx_file(path);
            out.file.modified = workbook.modified;
            check_workbook(workbook, out);
        } catch (const munidash_error& e) {
            for (const auto& d : e.diagnostics()) out.file.problems.push_back(d);
            reason(out, "not a readable .xlsx workbook");
        }
        out.file.refused = !out.file.problems.empty();
        return out;
    }

private:
    void problem(file_result& out, std::string message, std::string hint) {
        out.file.problems.push_back({{out.file.file, 0, 0}, std::move(message), std::move(hint)});
    }
    static void reason(file_result& out, std::string why) {
        if (out.file.reason.empty()) out.file.reason = std::move(why);
    }

    void check_workbook(const xlsx_workbook& workbook, file_result& out) {
        const auto identity = std::find_if(workbook.sheets.begin(), workbook.sheets.end(),
                                           [](const xlsx_sheet& s) { return s.name == "munidash"; });
        if (identity == workbook.sheets.end()) {
            problem(out,
                    "the workbook has no 'munidash' identity sheet: it is not a request workbook, or it was copied "
                    "into another workbook",
                    ask_again);
            reason(out, "no identity sheet");
            return;
        }
        const auto keys = check_identity(*identity, out);
        if (!out.file.problems.empty()) return;  // another request's answers cannot be checked against these questions
        check_answers(workbook, *identity, keys, out);
        if (!out.file.problems.empty()) reason(out, "answers refused");
    }

    // The identity's rows by key, checked; what a row holds is where problems point.
    struct identity_row {
        std::string value;
        std::uint32_t row = 0;
    };

    std::map<std::string, identity_row> check_identity(const xlsx_sheet& sheet, file_result& out) {
        std::map<std::string, identity_row> keys;
        for (const auto& cell : sheet.cells)
            if (cell.column == 1 && cell.kind == xlsx_cell_kind::text)
                keys.emplace(cell.text, identity_row{identity_text(sheet.find(cell.row, 2)), cell.row});
        const auto value_at = [&](const std::string& key) -> const identity_row* {
            const auto it = keys.find(key);
            if (it != keys.end()) return &it->second;
            problem(out, "munidash: the identity sheet has no '" + key + "' row, expected one in column A",
                    "the identity was edited: " + std::string(ask_again));
            reason(out, "identity edited");
            return nullptr;
        };
        const auto* format = value_at("munidash-request");
        const auto* report = value_at("report");
        const auto* version = value_at("request_version");
        const auto* town = value_at("town");
        const auto* questions = value_at("questions");
        const auto* checksum = value_at("checksum");
        if (!format || !report || !version || !town || !questions || !checksum) return keys;
        const auto cell = [&](const identity_row* r) { return at_cell(sheet.name, r->row, 2); };
        out.file.town = town->value;
        if (format->value != "1") {
            problem(out, cell(format) + ": found format '" + format->value + "', expected 1",
                    "this file was made by another version of munidash's requests: " + std::string(ask_again));
            reason(out, "another request format");
        }
        if (request_checksum(report->value, version->value, town->value, questions->value) != lower(checksum->value)) {
            problem(out,
                    cell(checksum) + ": found checksum '" + checksum->value +
                        "', expected the checksum of this sheet's report, request_version, town and questions",
                    "the identity sheet was edited by hand: " + std::string(ask_again));
            reason(out, "identity edited (checksum)");
        }
        if (report->value != request_.report_id) {
            problem(out,
                    cell(report) + ": found report '" + report->value + "', expected '" + request_.report_id +
                        "': this is a return of another request",
                    "move it to the folder of that report's returns");
            reason(out, "another report");
        }
        if (version->value != std::to_string(request_.version)) {
            const bool older = version->value.size() < std::to_string(request_.version).size() ||
                               (version->value.size() == std::to_string(request_.version).size() &&
                                version->value < std::to_string(request_.version));
            problem(out,
                    cell(version) + ": found request_version '" + version->value + "', expected " +
                        std::to_string(request_.version) + (older ? ": the town filled in an older request" : ""),
                    older ? "send the town the current request workbook and ask it to copy its answers into it"
                          : "this return is of a newer request than the spec: check requests.version");
            reason(out, older ? "older request version" : "another request version");
        }
        if (!towns_.contains(town->value)) {
            problem(
                out, cell(town) + ": found town '" + town->value + "', expected one of the report's selected towns",
                "check the file: it may be another association's request, or the town is excluded from this report");
            reason(out, "town not selected");
        }
        std::string expected;
        for (const auto& q : request_.questions) expected += (expected.empty() ? "" : ",") + q.id;
        if (out.file.problems.empty() && questions->value != expected) {
            problem(
                out, cell(questions) + ": found questions '" + questions->value + "', expected '" + expected + "'",
                "the spec's questions changed without a new requests.version: raise it and send the requests again");
            reason(out, "other questions");
        }
        return keys;
    }

    static std::string lower(std::string s) {
        for (auto& c : s)
            if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        return s;
    }

    // The column of each marker, found anywhere in a visible sheet, so that inserted rows or
    // columns and a renamed sheet change nothing.
    struct markers {
        const xlsx_sheet* sheet = nullptr;
        std::uint32_t row = 0, id = 0, answer = 0, prefill = 0, confirmed = 0;
    };

    static markers find_markers(const xlsx_workbook& workbook, const xlsx_sheet& identity) {
        for (const auto& sheet : workbook.sheets) {
            if (&sheet == &identity) continue;
            markers m;
            for (const auto& cell : sheet.cells) {
                if (cell.kind != xlsx_cell_kind::text) continue;
                if (cell.text == "munidash:id" && !m.id) {
                    m.id = cell.column;
                    m.row = cell.row;
                } else if (cell.text == "munidash:answer" && !m.answer)
                    m.answer = cell.column;
                else if (cell.text == "munidash:prefill" && !m.prefill)
                    m.prefill = cell.column;
                else if (cell.text == "munidash:confirmed" && !m.confirmed)
                    m.confirmed = cell.column;
            }
            if (m.id) {
                m.sheet = &sheet;
                return m;
            }
        }
        return {};
    }

    void check_answers(const xlsx_workbook& workbook, const xlsx_sheet& identity,
                       const std::map<std::string, identity_row>&, file_result& out) {
        const auto m = find_markers(workbook, identity);
        if (!m.sheet || !m.answer) {
            problem(out,
                    std::string(m.sheet ? m.sheet->name + ": no cell 'munidash:answer'" : "no cell 'munidash:id'") +
                        " marks the questions' rows, expected the hidden marker row above the questions",
                    "the questions' sheet was rebuilt or its hidden row deleted: " + std::string(ask_again));
            reason(out, "questions' markers missing");
            return;
        }
        const auto& sheet = *m.sheet;
        std::map<std::string, std::uint32_t> row_of;  // question id -> its row
        for (const auto& cell : sheet.cells) {
            if (cell.column != m.id || cell.row <= m.row) continue;
            const auto id = identity_text(&cell);
            if (id.empty()) continue;
            const auto known = std::any_of(request_.questions.begin(), request_.questions.end(),
                                           [&](const question_spec& q) { return q.id == id; });
            if (!known)
                problem(out,
                        at_cell(sheet.name, cell.row, cell.column) + ": found question id '" + id +
                            "', expected one of this request's questions",
                        "a row was copied from another request, or an id edited: " + std::string(ask_again));
            else if (!row_of.emplace(id, cell.row).second)
                problem(out,
                        at_cell(sheet.name, cell.row, cell.column) + ": question '" + id +
                            "' has a second row (first at row " + std::to_string(row_of[id]) +
                            "), expected one row per question",
                        "delete the copied row, keeping the answer you mean");
        }
        out.row.assign(1, out.file.town);
        out.origins.assign(1, cell_origin::declared);
        for (const auto& q : request_.questions) {
            const auto found = row_of.find(q.id);
            if (found == row_of.end()) {
                problem(out,
                        sheet.name + ": question '" + q.id + "' (" + q.label + ") has no row, expected one in column " +
                            cell_reference(1, m.id).substr(0, cell_reference(1, m.id).size() - 1),
                        "a row was deleted: " + std::string(ask_again));
                out.row.emplace_back();
                out.origins.push_back(cell_origin::declared);
                continue;
            }
            const auto row = found->second;
            const auto answer = check_answer(q, sheet.find(row, m.answer));
            const auto where = at_cell(sheet.name, row, m.answer);
            if (!answer.problem.empty())
                problem(out, where + ": answer to '" + q.id + "' (" + q.label + "): " + answer.problem, answer.hint);
            else if (answer.empty && q.required)
                problem(out,
                        where + ": answer to '" + q.id + "' (" + q.label + ") is empty, expected " + expected_answer(q),
                        "this answer is required: fill it in and send the file again");
            out.row.push_back(answer.value);
            out.origins.push_back(origin_of(q, sheet, m, row, answer));
        }
    }

    // Pre-filled and left as it was without a confirmation: flagged; anything else the town declared.
    static cell_origin origin_of(const question_spec& q, const xlsx_sheet& sheet, const markers& m, std::uint32_t row,
                                 const checked_answer& answer) {
        if (!m.prefill || answer.empty) return cell_origin::declared;
        const auto* prefill_cell = sheet.find(row, m.prefill);
        if (!prefill_cell) return cell_origin::declared;
        const auto prefilled = check_answer(q, prefill_cell);
        if (prefilled.empty || !prefilled.problem.empty() || prefilled.value != answer.value)
            return cell_origin::declared;
        if (m.confirmed) {
            question_spec yes_no;
            yes_no.id = yes_no.label = "confirmed";
            yes_no.type = question_type::yes_no;
            yes_no.required = false;
            const auto confirmed = check_answer(yes_no, sheet.find(row, m.confirmed));
            if (confirmed.problem.empty() && confirmed.value == "1") return cell_origin::declared;
        }
        return cell_origin::prefilled;
    }

    const request_identity_spec& request_;
    const std::set<std::string, std::less<>>& towns_;
};

}  // namespace

std::string request_checksum(std::string_view report, std::string_view version, std::string_view town,
                             std::string_view questions) {
    const std::string joined =
        std::string(report) + "|" + std::string(version) + "|" + std::string(town) + "|" + std::string(questions);
    return sha256_of_text(joined).substr(0, 16);
}

std::vector<std::filesystem::path> returned_files(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (!name.ends_with(".xlsx") && !name.ends_with(".XLSX")) continue;
        if (name.starts_with("~$") || name.starts_with(".")) {
            log_debug("returns: " + it->path().string() + " left out: a lock file or a hidden file");
            continue;
        }
        out.push_back(it->path());
    }
    if (ec)
        throw munidash_error(failure_kind::input, diagnostic{{folder, 0, 0},
                                                             "the folder of returns cannot be read: " + ec.message(),
                                                             "check that it exists and that munidash may read it"});
    std::sort(out.begin(), out.end());
    return out;
}

returns_read read_returns(const source_spec& source, const std::set<std::string, std::less<>>& towns) {
    returns_read out;
    out.table.file = source.returns;
    out.table.header.emplace_back("code");
    for (const auto& q : source.request.questions) out.table.header.push_back(q.id);
    return_checker checker(source, towns);
    std::vector<file_result> results;
    for (const auto& path : returned_files(source.returns)) results.push_back(checker.check(path));
    // Two files for one town: which one is right is the analyst's call, so neither is used.
    std::map<std::string, std::vector<std::size_t>> files_of_town;
    for (std::size_t i = 0; i < results.size(); ++i)
        if (!results[i].file.town.empty() && is_insee_code(results[i].file.town))
            files_of_town[results[i].file.town].push_back(i);
    for (const auto& [town, indexes] : files_of_town) {
        if (indexes.size() < 2) continue;
        for (const auto i : indexes) {
            std::string others;
            for (const auto j : indexes)
                if (j != i) others += (others.empty() ? "'" : ", '") + results[j].file.file.filename().string() + "'";
            auto& f = results[i].file;
            f.problems.push_back(
                {{f.file, 0, 0},
                 "munidash: town " + town + " also has a return in " + others + ", expected one file per town",
                 "keep the town's right file in the folder and move the other one away"});
            if (f.reason.empty()) f.reason = "two files for one town";
            f.refused = true;
        }
    }
    // The file name munidash gave the request starts with its town's code. A name that starts with
    // another selected town's code is most likely that town's answers typed into the wrong request:
    // counted for the town inside, they would be silently wrong for both, so the file is refused.
    for (auto& r : results) {
        auto& f = r.file;
        const auto name = f.file.filename().string();
        if (f.refused || f.town.empty() || name.size() < 6) continue;
        const auto named = name.substr(0, 5);
        if (std::isalnum(static_cast<unsigned char>(name[5])) || named == f.town || !towns.contains(named)) continue;
        f.problems.push_back(
            {{f.file, 0, 0},
             "munidash!B4: the file name starts with town " + named + ", the request inside is town " + f.town +
                 "'s: town " + named + " may have filled in another town's request",
             "ask town " + named + ": if it answered in " + f.town +
                 "'s request, send it its own request workbook again (munidash request); if the file is " + f.town +
                 "'s, rename it " + f.town + "-....xlsx"});
        f.reason = "file name of another town";
        f.refused = true;
    }
    int line = 0;
    for (auto& r : results) {
        ++line;
        if (!r.file.refused) {
            out.table.rows.push_back(std::move(r.row));
            out.table.row_lines.push_back(line);
            out.table.origins.push_back(std::move(r.origins));
        }
        out.files.push_back(std::move(r.file));
    }
    return out;
}

}  // namespace munidash
