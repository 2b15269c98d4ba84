#include <algorithm>
#include <cmath>
#include <ctime>

#include "base/placeholders.hpp"
#include "base/utf8.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace looks {

namespace {
constexpr std::uint32_t dark_blue = 0x1F3864;
constexpr std::uint32_t light_blue = 0xDDEBF7;
constexpr std::uint32_t notice_red = 0xC00000;
}  // namespace

cell_format title() {
    cell_format f;
    f.bold = true;
    f.font_size = 16;
    f.font_color = dark_blue;
    return f;
}

cell_format subtitle() {
    cell_format f;
    f.font_size = 11;
    f.font_color = 0x404040;
    return f;
}

cell_format notice() {
    cell_format f;
    f.bold = true;
    f.font_color = notice_red;
    return f;
}

cell_format header() {
    cell_format f;
    f.bold = true;
    f.wrap = true;
    f.border = true;
    f.fill_color = light_blue;
    f.horizontal = cell_format::align::center;
    return f;
}

cell_format group_header() {
    cell_format f = header();
    f.fill_color = dark_blue;
    f.font_color = 0xFFFFFF;
    return f;
}

cell_format failed_header() {
    cell_format f = header();
    f.fill_color = notice_red;
    f.font_color = 0xFFFFFF;
    return f;
}

cell_format text() {
    cell_format f;
    f.border = true;
    return f;
}

cell_format wrapped() {
    cell_format f;
    f.wrap = true;
    f.border = true;
    f.vertical_top = true;
    return f;
}

cell_format whole_number() {
    cell_format f;
    f.border = true;
    f.number_format = "0";
    return f;
}

std::string number_format(const std::string& unit) {
    if (unit == "percent") return "0.0\" %\"";
    if (unit == "count") return "#,##0";
    if (unit.starts_with("per_")) return "0.00";
    return "0.0";
}

cell_format value(const std::string& unit, const std::string& mark) {
    cell_format f;
    f.border = true;
    f.italic = !mark.empty();
    // The mark inside quotes: Excel shows it after the number and keeps the cell a number.
    f.number_format = number_format(unit) + (mark.empty() ? "" : "\" " + mark + "\"");
    return f;
}

cell_format mark_only() {
    cell_format f;
    f.border = true;
    f.italic = true;
    f.horizontal = cell_format::align::right;  // where the numbers of the column stand
    return f;
}

}  // namespace looks

std::string peer_group_name(const town_list& towns, std::size_t group, const workbook_labels& labels) {
    const auto& g = towns.groups.at(group);
    switch (g.kind) {
        case peer_grouping::department: return g.name.empty() ? g.key : g.key + " " + g.name;
        case peer_grouping::epci:
            if (g.others) return labels.no_epci;
            return g.name.empty() ? "EPCI " + g.key : g.name;
        case peer_grouping::explicit_groups: return g.others ? labels.other_towns : g.key;
        case peer_grouping::population: break;
    }
    if (std::isinf(g.max)) return labels.all_sizes;  // the spec declares no population bands
    const bool last = group + 1 == towns.groups.size();
    const auto min = format_integer(g.min, labels);
    const auto max = format_integer(g.max, labels);
    return fill_placeholders(last ? labels.group_last_range : labels.group_range, {{"min", min}, {"max", max}});
}

double wrapped_row_height(std::span<const std::string> texts, std::span<const double> widths) {
    std::size_t lines = 1;
    for (std::size_t i = 0; i < texts.size() && i < widths.size(); ++i) {
        std::size_t cell_lines = 0;
        std::size_t start = 0;
        const auto per_line = static_cast<std::size_t>(std::max(1.0, widths[i] * 1.1));
        while (start <= texts[i].size()) {
            auto end = texts[i].find('\n', start);
            if (end == std::string::npos) end = texts[i].size();
            const std::size_t characters = utf8_length(std::string_view(texts[i]).substr(start, end - start));
            cell_lines += std::max<std::size_t>(1, (characters + per_line - 1) / per_line);
            start = end + 1;
        }
        lines = std::max(lines, cell_lines);
    }
    return 15.0 * static_cast<double>(lines);
}

namespace {
std::string escape_ampersands(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '&' ? std::string("&&") : std::string(1, c);
    return out;
}
}  // namespace

namespace printing {

double column_points(double chars) {
    if (chars <= 0) return 0;
    return std::floor(chars * 7 + 5) * 0.75;
}

double columns_points(std::span<const double> widths) {
    double total = 0;
    for (const double w : widths) total += column_points(w);
    return total;
}

namespace {
// A4 is 595.28 × 841.89 points; libxlsxwriter's default margins are 0.7 inch left and right and 0.75 inch
// top and bottom. LibreOffice draws the same columns about 6 % wider than Excel (measured on its PDF, with
// Carlito for Calibri): only 93 % of the page is counted on, so that both print what was planned.
constexpr double a4_short = 595.28, a4_long = 841.89, side_margins = 2 * 0.7 * 72, end_margins = 2 * 0.75 * 72;
constexpr double usable = 0.93;
}  // namespace

double printable_width(bool landscape) { return ((landscape ? a4_long : a4_short) - side_margins) * usable; }

double printable_height(bool landscape) { return ((landscape ? a4_short : a4_long) - end_margins) * usable; }

std::uint16_t readable_scale(double width, double height, bool landscape) {
    double fit = 100;
    if (width > 0) fit = std::min(fit, 100 * printable_width(landscape) / width);
    if (height > 0) fit = std::min(fit, 100 * printable_height(landscape) / height);
    return static_cast<std::uint16_t>(std::clamp(std::floor(fit), static_cast<double>(min_scale), 100.0));
}

std::vector<std::uint16_t> group_breaks(std::span<const column_group> groups, double repeated, std::uint16_t scale,
                                        bool landscape) {
    const double page = printable_width(landscape) * 100 / scale;  // in unscaled points
    std::vector<std::uint16_t> breaks;
    double used = 0;  // the first page holds the repeated columns as the first group's part
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double width = columns_points(groups[g].widths);
        if (g > 0 && used + width > page) {
            breaks.push_back(groups[g].first);
            used = repeated;
        }
        used += width;
    }
    return breaks;
}

}  // namespace printing

print_setup page_setup(const report_results& results, const workbook_labels& labels, std::int32_t repeat_first_row,
                       std::int32_t repeat_last_row, std::span<const double> widths, double height) {
    const auto& report = results.spec.report;
    print_setup setup;
    setup.scale = printing::readable_scale(printing::columns_points(widths), height, setup.landscape);
    setup.repeat_first_row = repeat_first_row;
    setup.repeat_last_row = repeat_last_row;
    setup.header =
        "&L" + escape_ampersands(report.organisation) + "&R" + escape_ampersands(report.title + " — " + report.period);
    setup.footer = "&L&A&R" + labels.page;
    return setup;
}

std::string date_text(std::time_t when) {
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%d/%m/%Y", &utc);
    return text;
}

}  // namespace munidash
