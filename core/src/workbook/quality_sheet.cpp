#include <algorithm>
#include <cmath>
#include <numeric>

#include "sources/commune_directory.hpp"
#include "base/utf8.hpp"

#include "workbook/sheet_writers.hpp"

namespace munidash {

void write_quality_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.quality_title, looks::title());
    sheet.text(1, 0, labels.quality_intro, looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(2, 0, results.spec.report.notice, looks::notice());

    const std::uint32_t header_row = 4;
    // Missing, then each flag a value can carry.
    // Those with a mark (a new flag's row in the labels adds its column here); the towns' own answers
    // only in reports that read returns.
    const bool reads_returns =
        std::any_of(results.sources.begin(), results.sources.end(), [](const source_summary& s) { return s.returns; });
    std::vector<value_flag> flags;
    for (const auto& row : labels.flags)
        if (!row.mark.empty() && (reads_returns || (row.flag != value_flag::declared && row.flag != value_flag::prefilled)))
            flags.push_back(row.flag);
    std::vector<std::string> headers{labels.indicator, labels.with_value, labels.missing};
    for (const auto f : flags) headers.push_back(labels.flag_name(f));
    headers.push_back(labels.coverage_share);
    for (std::uint16_t c = 0; c < headers.size(); ++c) sheet.text(header_row, c, headers[c], looks::header());
    auto percent = looks::whole_number();
    percent.number_format = "0%";
    const auto count_look = looks::value("count");
    const auto towns = results.towns.towns.size();
    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const auto row = static_cast<std::uint32_t>(header_row + 1 + k);
        const auto& v = results.values[k];
        std::size_t with_value = 0;
        for (double x : v.values)
            if (!std::isnan(x)) ++with_value;
        sheet.text(row, 0, results.plan.indicators[k].label, looks::text());
        sheet.number(row, 1, static_cast<double>(with_value), count_look);
        sheet.number(row, 2, static_cast<double>(towns - with_value), count_look);
        for (std::size_t f = 0; f < flags.size(); ++f)
            sheet.number(row, static_cast<std::uint16_t>(3 + f),
                         static_cast<double>(std::count(v.flags.begin(), v.flags.end(), flags[f])), count_look);
        sheet.number(row, static_cast<std::uint16_t>(3 + flags.size()),
                     towns == 0 ? 0.0 : static_cast<double>(with_value) / static_cast<double>(towns), percent);
    }
    std::uint32_t row = static_cast<std::uint32_t>(header_row + results.plan.indicators.size() + 2);
    sheet.text(row++, 0, labels.rows_title, looks::title());
    const std::string source_headers[] = {labels.sources, labels.rows_read, labels.rows_without_code,
                                          labels.rows_outside_reference};
    for (std::uint16_t c = 0; c < 4; ++c) sheet.text(row, c, source_headers[c], looks::header());
    sheet.row_height(row++, 62);
    for (const auto& s : results.sources) {
        sheet.text(row, 0, s.name, looks::text());
        sheet.number(row, 1, static_cast<double>(s.rows), count_look);
        sheet.number(row, 2, static_cast<double>(s.rows_without_code), count_look);
        sheet.number(row, 3, static_cast<double>(s.rows_outside_reference), count_look);
        ++row;
    }
    // Every row that counts for a town under another code, then every row that counts for none.
    const auto& directory = commune_directory::builtin();
    const auto commune_name = [&](const std::string& code) {
        const auto* c = directory.find(code);
        return c ? code + " " + c->name : code;
    };
    const auto table_header = [&](const std::vector<std::string>& names) {
        for (std::uint16_t c = 0; c < names.size(); ++c) sheet.text(row, c, names[c], looks::header());
        sheet.row_height(row++, 30);
    };
    const auto mapped_count = std::accumulate(results.sources.begin(), results.sources.end(), std::size_t{0},
                                              [](std::size_t n, const source_summary& s) { return n + s.mapped.size(); });
    if (mapped_count > 0) {
        ++row;
        sheet.text(row++, 0, labels.mapped_title, looks::title());
        sheet.merge(row, 0, row, 7, labels.mapped_intro, looks::wrapped());
        sheet.row_height(row++, 48);
        table_header({labels.source_word, labels.line, labels.code_in_file, labels.former_name, labels.commune_today, "",
                      labels.change, labels.change_year});
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
    const auto set_aside_count = std::accumulate(results.sources.begin(), results.sources.end(), std::size_t{0},
                                                 [](std::size_t n, const source_summary& s) { return n + s.set_aside.size(); });
    if (set_aside_count > 0) {
        ++row;
        sheet.text(row++, 0, labels.set_aside_title, looks::title());
        table_header({labels.source_word, labels.line, labels.code_in_file, labels.reason, "", "", "", ""});
        for (const auto& s : results.sources)
            for (const auto& r : s.set_aside) {
                sheet.text(row, 0, s.name, looks::text());
                sheet.number(row, 1, r.line, count_look);
                sheet.text(row, 2, xml_safe(r.code), looks::text());
                // The reason is a sentence: it spans the columns the tables above use for numbers.
                sheet.merge(row, 3, row, 7, labels.set_aside_reasons.at(static_cast<std::size_t>(r.reason)), looks::text());
                ++row;
            }
    }
    for (const auto& s : results.sources) {
        if (!s.returns) continue;
        // Every selected town: answered (with its file's own date), refused (why), or no answer.
        ++row;
        sheet.text(row++, 0, labels.returns_title + " (" + s.name + ")", looks::title());
        table_header({labels.commune_today, labels.return_status, labels.return_file, labels.return_date, labels.return_why,
                      "", "", ""});
        for (const auto& t : results.towns.towns) {
            std::vector<const return_file*> files;
            for (const auto& f : s.return_files)
                if (f.town == t.code) files.push_back(&f);
            if (files.empty()) {
                sheet.text(row, 0, xml_safe(t.code + " " + t.name), looks::text());
                sheet.text(row++, 1, labels.returns_no_answer, looks::text());
            }
            for (const auto* f : files) {
                sheet.text(row, 0, xml_safe(t.code + " " + t.name), looks::text());
                sheet.text(row, 1, f->refused ? labels.returns_refused : labels.returns_answered, looks::text());
                sheet.text(row, 2, xml_safe(f->file.filename().string()), looks::text());
                sheet.text(row, 3, xml_safe(f->modified), looks::text());
                if (f->refused) sheet.merge(row, 4, row, 7, xml_safe(f->reason), looks::text());
                ++row;
            }
        }
        // Files refused before their town could be known (not a workbook, no identity).
        for (const auto& f : s.return_files) {
            if (!f.refused || std::any_of(results.towns.towns.begin(), results.towns.towns.end(),
                                          [&](const town& t) { return t.code == f.town; }))
                continue;
            sheet.text(row, 0, xml_safe(f.town), looks::text());
            sheet.text(row, 1, labels.returns_refused, looks::text());
            sheet.text(row, 2, xml_safe(f.file.filename().string()), looks::text());
            sheet.text(row, 3, xml_safe(f.modified), looks::text());
            sheet.merge(row, 4, row, 7, xml_safe(f.reason), looks::text());
            ++row;
        }
    }
    std::vector<double> widths{44};
    widths.resize(headers.size(), 16);
    for (std::uint16_t c = 0; c < widths.size(); ++c) sheet.column_width(c, c, widths[c]);
    sheet.set_print(page_setup(results, labels, static_cast<std::int32_t>(header_row), static_cast<std::int32_t>(header_row), widths));
}

}  // namespace munidash
