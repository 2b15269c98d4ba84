#include "workbook/request_workbook.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {
// "31/01/2027" in French; the ISO date as written in English, which no reader misreads.
std::string due_text(const std::string& iso, const request_labels& labels) {
    if (!labels.french || iso.size() != 10) return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}
}  // namespace

void write_request_cover(xlsx_document& doc, const request_context& request, const request_labels& labels,
                         const std::string& sheet_name) {
    const auto& r = request.spec.requests;
    auto sheet = doc.add_sheet(sheet_name);
    auto big = looks::title();
    big.font_size = 20;
    std::uint32_t row = 1;
    sheet.row_height(row, 30);
    sheet.text(row++, 1, labels.title, big);
    sheet.text(row++, 1, request.spec.report.title, looks::title());
    sheet.text(row++, 1, request.place.name + " (" + request.place.code + ")", looks::title());
    row++;
    auto key = looks::subtitle();
    key.bold = true;
    key.vertical_top = true;
    auto value = looks::subtitle();
    value.wrap = true;
    value.vertical_top = true;
    const std::vector<double> widths{70};
    const auto line = [&](const std::string& name, const std::string& text) {
        sheet.text(row, 1, name, key);
        sheet.text(row, 2, text, value);
        const std::vector<std::string> texts{text};
        sheet.row_height(row++, wrapped_row_height(texts, widths));
    };
    line(labels.from, r.from);
    line(labels.why, r.why);
    line(labels.due, due_text(r.due, labels));
    // An address is a link only when it is one (mailto or http): never a path or a program.
    const bool mail = r.contact.find('@') != std::string::npos && r.contact.find_first_of(":/\\ ") == std::string::npos;
    if (mail) {
        sheet.text(row, 1, labels.contact, key);
        auto link = value;
        link.font_color = 0x0563C1;
        sheet.web_link(row++, 2, "mailto:" + r.contact, r.contact, link);
    } else {
        line(labels.contact, r.contact);
    }
    line(labels.town, request.place.name + " (" + request.place.code + ")");
    line(labels.version, std::to_string(r.version));
    row++;
    sheet.text(row++, 1, labels.how_title, looks::title());
    for (const auto& step : labels.how_steps) {
        sheet.merge(row, 1, row, 2, step, value);
        const std::vector<std::string> texts{step};
        const std::vector<double> both{96};
        sheet.row_height(row++, wrapped_row_height(texts, both));
    }
    row++;
    sheet.text(row, 1, labels.produced_on + date_text(request.created) + " — munidash " + MUNIDASH_VERSION,
               looks::subtitle());
    const std::vector<double> column_widths{3, 26, 70};
    for (std::size_t k = 0; k < column_widths.size(); ++k) {
        const auto c = static_cast<std::uint16_t>(k);
        sheet.column_width(c, c, column_widths[c]);
    }
    sheet.set_print(request_page_setup(request, labels, -1, column_widths, false));
    sheet.protect();
    sheet.activate();
}

}  // namespace munidash
