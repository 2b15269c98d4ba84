#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/utf8.hpp"
#include "sources/commune_directory.hpp"

#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

constexpr std::uint32_t header_row = 4;
// The tables under the first one (rows mapped, set aside, returns) span eight columns: a sentence (a reason,
// a refusal) is merged across the columns the first table uses for numbers.
constexpr std::uint16_t last_list_col = 7;

// The flags counted: those with a mark (a new flag's row in the labels adds its column here); the towns'
// own answers only in reports that read returns.
std::vector<value_flag> counted_flags(const report_results& results, const workbook_labels& labels) {
    const bool reads_returns =
        std::any_of(results.sources.begin(), results.sources.end(), [](const source_summary& s) { return s.returns; });
    std::vector<value_flag> flags;
    for (const auto& row : labels.flags)
        if (!row.mark.empty() &&
            (reads_returns || (row.flag != value_flag::declared && row.flag != value_flag::prefilled)))
            flags.push_back(row.flag);
    return flags;
}

// The first table's columns, declared once: the indicator, with a value, missing, one per flag, the coverage.
struct indicator_columns {
    column_table table;
    std::uint16_t indicator, with_value, missing, first_flag, coverage;
};

indicator_columns declare_columns(const workbook_labels& labels, const std::vector<value_flag>& flags) {
    constexpr double count_width = 16;
    indicator_columns c;
    c.indicator = c.table.add(labels.indicator, 44);
    c.with_value = c.table.add(labels.with_value, count_width);
    c.missing = c.table.add(labels.missing, count_width);
    c.first_flag = c.table.count();
    for (const auto f : flags) c.table.add(labels.flag_name(f), count_width);
    c.coverage = c.table.add(labels.coverage_share, count_width);
    return c;
}

// Per indicator: how many towns have a value, how many miss one, how many carry each flag, the share covered.
void write_indicator_counts(xlsx_sheet& sheet, const report_results& results, const indicator_columns& columns,
                            const std::vector<value_flag>& flags) {
    columns.table.write_headers(sheet, header_row, looks::header());
    auto percent = looks::whole_number();
    percent.number_format = "0%";
    const auto count_look = looks::value("count");
    const auto towns = results.towns.towns.size();
    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const auto row = static_cast<std::uint32_t>(header_row + 1 + k);
        const auto& v = results.values[k];
        const auto with_value = static_cast<std::size_t>(
            std::count_if(v.values.begin(), v.values.end(), [](double x) { return !std::isnan(x); }));
        sheet.text(row, columns.indicator, results.plan.indicators[k].label, looks::text());
        sheet.number(row, columns.with_value, static_cast<double>(with_value), count_look);
        sheet.number(row, columns.missing, static_cast<double>(towns - with_value), count_look);
        for (std::size_t f = 0; f < flags.size(); ++f)
            sheet.number(row, static_cast<std::uint16_t>(columns.first_flag + f),
                         static_cast<double>(std::count(v.flags.begin(), v.flags.end(), flags[f])), count_look);
        sheet.number(row, columns.coverage,
                     towns == 0 ? 0.0 : static_cast<double>(with_value) / static_cast<double>(towns), percent);
    }
}

// A table's header row at `row`, which moves past it.
void write_list_header(xlsx_sheet& sheet, std::uint32_t& row, const std::vector<std::string>& names, double height) {
    for (std::size_t k = 0; k < names.size(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.text(row, c, names[c], looks::header());
    }
    sheet.row_height(row++, height);
}

// Per source: rows read, without a valid code, outside the reference list.
void write_source_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                       std::uint32_t& row) {
    const auto count_look = looks::value("count");
    sheet.text(row++, 0, labels.rows_title, looks::title());
    write_list_header(sheet, row,
                      {labels.sources, labels.rows_read, labels.rows_without_code, labels.rows_outside_reference}, 62);
    for (const auto& s : results.sources) {
        sheet.text(row, 0, s.name, looks::text());
        sheet.number(row, 1, static_cast<double>(s.rows), count_look);
        sheet.number(row, 2, static_cast<double>(s.rows_without_code), count_look);
        sheet.number(row, 3, static_cast<double>(s.rows_outside_reference), count_look);
        ++row;
    }
}

// Every row that counts for a town under another code (a merged or renamed commune).
void write_mapped_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                       std::uint32_t& row) {
    const auto mapped_count =
        std::accumulate(results.sources.begin(), results.sources.end(), std::size_t{0},
                        [](std::size_t n, const source_summary& s) { return n + s.mapped.size(); });
    if (mapped_count == 0) return;
    const auto& directory = commune_directory::builtin();
    const auto commune_name = [&](const std::string& code) {
        const auto* c = directory.find(code);
        return c ? code + " " + c->name : code;
    };
    const auto count_look = looks::value("count");
    ++row;
    sheet.text(row++, 0, labels.mapped_title, looks::title());
    sheet.merge(row, 0, row, last_list_col, labels.mapped_intro, looks::wrapped());
    sheet.row_height(row++, 48);
    write_list_header(sheet, row,
                      {labels.source_word, labels.line, labels.code_in_file, labels.former_name, labels.commune_today,
                       "", labels.change, labels.change_year},
                      30);
    for (const auto& s : results.sources)
        for (const auto& m : s.mapped) {
            sheet.text(row, 0, s.name, looks::text());
            sheet.number(row, 1, m.line, count_look);
            sheet.text(row, 2, m.code, looks::text());
            sheet.text(row, 3, m.name, looks::text());
            sheet.merge(row, 4, row, 5, commune_name(m.town), looks::text());
            sheet.text(row, 6, labels.change_kinds.at(static_cast<std::size_t>(m.kind)), looks::text());
            sheet.text(row, 7, m.changed, looks::text());
            ++row;
        }
}

// Every row that counts for no town, and why.
void write_set_aside_rows(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                          std::uint32_t& row) {
    const auto set_aside_count =
        std::accumulate(results.sources.begin(), results.sources.end(), std::size_t{0},
                        [](std::size_t n, const source_summary& s) { return n + s.set_aside.size(); });
    if (set_aside_count == 0) return;
    const auto count_look = looks::value("count");
    ++row;
    sheet.text(row++, 0, labels.set_aside_title, looks::title());
    write_list_header(sheet, row, {labels.source_word, labels.line, labels.code_in_file, labels.reason, "", "", "", ""},
                      30);
    for (const auto& s : results.sources)
        for (const auto& r : s.set_aside) {
            sheet.text(row, 0, s.name, looks::text());
            sheet.number(row, 1, r.line, count_look);
            sheet.text(row, 2, xml_safe(r.code), looks::text());
            // The reason is a sentence: it spans the columns the tables above use for numbers.
            sheet.merge(row, 3, row, last_list_col, labels.set_aside_reasons.at(static_cast<std::size_t>(r.reason)),
                        looks::text());
            ++row;
        }
}

// One returned file's row: its status, name, date and, when refused, why.
void write_return_file(xlsx_sheet& sheet, const workbook_labels& labels, std::uint32_t row, const std::string& who,
                       const return_file& f) {
    sheet.text(row, 0, xml_safe(who), looks::text());
    sheet.text(row, 1, f.refused ? labels.returns_refused : labels.returns_answered, looks::text());
    sheet.text(row, 2, xml_safe(f.file.filename().string()), looks::text());
    sheet.text(row, 3, xml_safe(f.modified), looks::text());
    if (f.refused) sheet.merge(row, 4, row, last_list_col, xml_safe(f.reason), looks::text());
}

// Every selected town: answered (with its file's own date), refused (why), or no answer; then the files
// refused before their town could be known (not a workbook, no identity).
void write_returns(xlsx_sheet& sheet, const report_results& results, const workbook_labels& labels,
                   const source_summary& s, std::uint32_t& row) {
    ++row;
    sheet.text(row++, 0, labels.returns_title + " (" + s.name + ")", looks::title());
    write_list_header(sheet, row,
                      {labels.commune_today, labels.return_status, labels.return_file, labels.return_date,
                       labels.return_why, "", "", ""},
                      30);
    for (const auto& t : results.towns.towns) {
        std::vector<const return_file*> files;
        for (const auto& f : s.return_files)
            if (f.town == t.code) files.push_back(&f);
        if (files.empty()) {
            sheet.text(row, 0, xml_safe(t.code + " " + t.name), looks::text());
            sheet.text(row++, 1, labels.returns_no_answer, looks::text());
        }
        for (const auto* f : files) write_return_file(sheet, labels, row++, t.code + " " + t.name, *f);
    }
    for (const auto& f : s.return_files) {
        if (!f.refused || std::any_of(results.towns.towns.begin(), results.towns.towns.end(),
                                      [&](const town& t) { return t.code == f.town; }))
            continue;
        write_return_file(sheet, labels, row++, f.town, f);
    }
}

}  // namespace

void write_quality_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.quality_title, looks::title());
    sheet.text(1, 0, labels.quality_intro, looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(2, 0, results.spec.report.notice, looks::notice());

    const auto flags = counted_flags(results, labels);
    const auto columns = declare_columns(labels, flags);
    write_indicator_counts(sheet, results, columns, flags);
    auto row = static_cast<std::uint32_t>(header_row + results.plan.indicators.size() + 2);
    write_source_rows(sheet, results, labels, row);
    write_mapped_rows(sheet, results, labels, row);
    write_set_aside_rows(sheet, results, labels, row);
    for (const auto& s : results.sources)
        if (s.returns) write_returns(sheet, results, labels, s, row);

    columns.table.set_widths(sheet);
    sheet.set_print(page_setup(results, labels, static_cast<std::int32_t>(header_row),
                               static_cast<std::int32_t>(header_row), columns.table.widths()));
}

}  // namespace munidash
