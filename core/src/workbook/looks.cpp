#include <algorithm>
#include <cmath>

#include "sheet_writers.hpp"

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

cell_format value(const std::string& unit, bool flagged) {
    cell_format f;
    f.border = true;
    f.italic = flagged;
    f.number_format = number_format(unit);
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
    std::string name = last ? labels.group_last_range : labels.group_range;
    const auto replace = [&](std::string_view field, const std::string& value) {
        if (const auto at = name.find(field); at != std::string::npos) name.replace(at, field.size(), value);
    };
    replace("{min}", format_integer(g.min, labels));
    replace("{max}", format_integer(g.max, labels));
    return name;
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
            std::size_t characters = 0;  // UTF-8: count lead bytes only
            for (std::size_t k = start; k < end; ++k)
                if ((static_cast<unsigned char>(texts[i][k]) & 0xC0u) != 0x80u) ++characters;
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

print_setup page_setup(const report_results& results, const workbook_labels& labels,
                       std::int32_t repeat_first_row, std::int32_t repeat_last_row) {
    const auto& report = results.spec.report;
    print_setup setup;
    setup.repeat_first_row = repeat_first_row;
    setup.repeat_last_row = repeat_last_row;
    setup.header = "&L" + escape_ampersands(report.organisation) + "&R" +
                   escape_ampersands(report.title + " — " + report.period);
    setup.footer = "&L&A&R" + labels.page;
    return setup;
}

}  // namespace munidash
