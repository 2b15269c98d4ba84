#include "workbook/request_workbook.hpp"

#include "base/sha256.hpp"
#include "workbook/atomic_workbook.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

std::string request_checksum(const std::string& report, int version, const std::string& town,
                             const std::vector<question_spec>& questions) {
    std::string ids;
    for (const auto& q : questions) ids += (ids.empty() ? "" : ",") + q.id;
    return sha256_of_text(report + "|" + std::to_string(version) + "|" + town + "|" + ids).substr(0, 16);
}

namespace {

std::string escape_ampersands(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '&' ? std::string("&&") : std::string(1, c);
    return out;
}

// The identity the reader checks: key in column A, value in column B, every value as text so that
// the checksum is recomputed from exactly what is written.
void write_identity(xlsx_document& doc, const request_context& request) {
    const auto& spec = request.spec;
    std::string ids;
    for (const auto& q : spec.requests.questions) ids += (ids.empty() ? "" : ",") + q.id;
    const std::vector<std::pair<std::string, std::string>> rows{
        {"munidash-request", request_format},
        {"report", spec.report.id},
        {"request_version", std::to_string(spec.requests.version)},
        {"town", request.place.code},
        {"town_name", request.place.name},
        {"questions", ids},
        {"checksum",
         request_checksum(spec.report.id, spec.requests.version, request.place.code, spec.requests.questions)},
    };
    auto sheet = doc.add_sheet("munidash");
    for (std::uint32_t row = 0; row < rows.size(); ++row) {
        sheet.text(row, 0, rows[row].first);
        sheet.text(row, 1, rows[row].second);
    }
    sheet.protect();
    sheet.hide_completely();
}

}  // namespace

print_setup request_page_setup(const request_context& request, const request_labels& labels, std::int32_t repeat_row,
                               std::span<const double> widths, bool landscape) {
    print_setup setup;
    setup.landscape = landscape;
    setup.scale = printing::readable_scale(printing::columns_points(widths), 0, landscape);
    setup.repeat_first_row = repeat_row;
    setup.repeat_last_row = repeat_row;
    setup.header = "&L" + escape_ampersands(request.spec.requests.from) + "&R" +
                   escape_ampersands(request.place.name + " (" + request.place.code + ")");
    setup.footer = "&L&A&R" + labels.page;
    return setup;
}

void write_request_workbook(const request_context& request, const std::filesystem::path& target,
                            replacement_batch* batch) {
    const auto& labels = request_labels_for(request.spec.report.language);
    const auto& report = request.spec.report;
    document_properties properties;
    properties.title = labels.title + " — " + request.place.name + " (" + request.place.code + ")";
    properties.subject = report.title;
    properties.author = request.spec.requests.from;
    properties.company = report.organisation;
    properties.keywords = "munidash; request; " + report.id + "; " + request.place.code;
    properties.comments = request.spec.requests.why;
    properties.created = request.created;
    const std::vector<std::string> parts{
        "[Content_Types].xml",     "_rels/.rels",   "docProps/core.xml",        "docProps/app.xml",
        "xl/workbook.xml",         "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml"};
    write_workbook_atomically(
        target, properties, request.replace_read_only, parts,
        [&](xlsx_document& doc) {
            write_request_cover(doc, request, labels, labels.cover_sheet);
            write_request_questions(doc, request, labels, labels.questions_sheet);
            write_identity(doc, request);
        },
        batch);
}

}  // namespace munidash
