#include <ctime>

#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {
// The order of labels.sheet_descriptions: one sentence per kind of sheet.
enum class sheet_description : std::size_t {
    cover,
    summary,
    composite,
    peers,
    comparisons,
    town,
    quality,
    methodology
};
}  // namespace

void write_cover_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                       const sheet_plan& plan) {
    const auto& report = results.spec.report;
    auto sheet = doc.add_sheet(plan.cover);
    auto big = looks::title();
    big.font_size = 22;
    std::uint32_t row = 1;
    sheet.row_height(row, 34);
    sheet.text(row++, 1, report.title, big);
    sheet.text(row++, 1, report.period, looks::title());
    if (plan.single_town)
        sheet.text(
            row++, 1,
            results.towns.towns[*plan.single_town].name + " (" + results.towns.towns[*plan.single_town].code + ")",
            looks::title());
    row++;
    if (!report.organisation.empty()) sheet.text(row++, 1, report.organisation, looks::subtitle());
    if (!report.author.empty()) sheet.text(row++, 1, report.author, looks::subtitle());
    sheet.text(row++, 1, labels.produced_on + date_text(results.created) + " — munidash " + MUNIDASH_VERSION,
               looks::subtitle());
    if (!report.notice.empty()) {
        row++;
        sheet.text(row++, 1, report.notice, looks::notice());
    }
    // Old data is said on the first page, not only in the methodology.
    for (const auto& warning : stale_source_warnings(results, labels)) sheet.text(row++, 1, warning, looks::notice());
    row++;
    auto paragraph = looks::subtitle();
    paragraph.wrap = true;
    paragraph.vertical_top = true;
    for (const auto& text : labels.cover_reading) {
        sheet.merge(row, 1, row, 3, text, paragraph);
        sheet.row_height(row++, 45);
    }
    row++;
    sheet.text(row++, 1, labels.contents, looks::title());
    auto link = looks::text();
    link.font_color = 0x0563C1;
    const auto entry = [&](const std::string& name, const std::string& description) {
        if (name.empty()) return;
        sheet.sheet_link(row, 1, name, name, link);
        sheet.text(row++, 2, description, looks::text());
    };
    const auto describe = [&](sheet_description which) -> const std::string& {
        return labels.sheet_descriptions.at(static_cast<std::size_t>(which));
    };
    entry(plan.summary, describe(sheet_description::summary));
    entry(plan.composite, describe(sheet_description::composite));
    entry(plan.peers, describe(sheet_description::peers));
    entry(plan.comparisons, describe(sheet_description::comparisons));
    for (std::size_t t = 0; t < plan.towns.size(); ++t) entry(plan.towns[t], describe(sheet_description::town));
    entry(plan.quality, describe(sheet_description::quality));
    entry(plan.methodology, describe(sheet_description::methodology));
    const double widths[] = {3, 34, 70, 10};
    for (std::size_t k = 0; k < std::size(widths); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.column_width(c, c, widths[c]);
    }
    auto print = page_setup(results, labels, -1, -1, widths);
    print.landscape = false;
    print.scale = printing::readable_scale(printing::columns_points(widths), 0, print.landscape);
    sheet.set_print(print);
    sheet.activate();  // the workbook opens here, where reading starts: what it holds, links to each sheet
}

}  // namespace munidash
