#include <algorithm>
#include <cmath>

#include "sheet_writers.hpp"

namespace munidash {

void write_quality_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                         const std::string& sheet_name) {
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.quality_title, looks::title());
    sheet.text(1, 0, labels.quality_intro, looks::subtitle());
    if (!results.spec.report.notice.empty()) sheet.text(2, 0, results.spec.report.notice, looks::notice());

    const std::uint32_t header_row = 4;
    // Missing, then each flag a value can carry.
    const std::vector<value_flag> flags{value_flag::capped, value_flag::imputed, value_flag::censored, value_flag::estimate};
    std::vector<std::string> headers{labels.indicator, labels.with_value, labels.missing};
    for (const auto f : flags) headers.push_back(labels.flag_names.at(static_cast<std::size_t>(f)));
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
    sheet.row_height(row++, 45);
    for (const auto& s : results.sources) {
        sheet.text(row, 0, s.name, looks::text());
        sheet.number(row, 1, static_cast<double>(s.rows), count_look);
        sheet.number(row, 2, static_cast<double>(s.rows_without_code), count_look);
        sheet.number(row, 3, static_cast<double>(s.rows_outside_reference), count_look);
        ++row;
    }
    sheet.column_width(0, 0, 44);
    sheet.column_width(1, static_cast<std::uint16_t>(headers.size() - 1), 16);
    sheet.set_print(page_setup(results, labels, static_cast<std::int32_t>(header_row), static_cast<std::int32_t>(header_row)));
}

}  // namespace munidash
