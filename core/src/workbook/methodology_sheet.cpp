#include <algorithm>

#include "workbook/sheet_columns.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

namespace {

// A file as the methodology names it: relative to the spec's folder. An absolute path beside a
// spec named by a relative one had no relative form, and showed as nothing.
std::string shown_path(const std::filesystem::path& file, const std::filesystem::path& spec_file) {
    std::error_code ec;
    const auto folder = std::filesystem::absolute(spec_file, ec).parent_path().lexically_normal();
    const auto relative = std::filesystem::absolute(file, ec).lexically_normal().lexically_relative(folder);
    return relative.empty() ? file.filename().string() : relative.string();
}

// A source as the methodology shows it: name, file relative to the spec, description, vintage.
std::string describe_source(const source_spec& source, const report_spec& spec, const workbook_labels& labels) {
    if (&source == &spec.towns.reference && spec.towns.builtin_reference)
        return source.name + labels.colon + labels.builtin_reference;
    // A folder of returned requests has no file: its folder is shown (it used to show "..").
    const auto& path = source.returns.empty() ? source.file : source.returns;
    std::string out = source.name + labels.colon + shown_path(path, spec.file);
    if (!source.description.empty()) out += " — " + source.description;
    if (!source.producer.empty() || !source.vintage.empty())
        out += " (" + source.producer + (source.producer.empty() || source.vintage.empty() ? "" : ", ") +
               source.vintage + ")";
    if (source.illustrative) out += " — " + labels.illustrative;
    return out;
}

// "2 683 lignes ; 27 sans code commune valide ; 121 hors de la liste de référence".
std::string describe_rows(const source_summary& summary, const workbook_labels& labels) {
    const auto count = [&](std::size_t rows, const std::string& what) {
        return format_integer(static_cast<double>(rows), labels) + " " + what;
    };
    std::string out = count(summary.rows, labels.rows_read);
    if (summary.rows_without_code > 0) out += "; " + count(summary.rows_without_code, labels.rows_without_code);
    if (summary.rows_outside_reference > 0)
        out += "; " + count(summary.rows_outside_reference, labels.rows_outside_reference);
    return out;
}

const source_spec* find_source(const report_spec& spec, const std::string& name) {
    if (name == "towns") return &spec.towns.reference;
    for (const auto& s : spec.sources)
        if (s.name == name) return &s;
    return nullptr;
}

// The table's columns, declared once with their widths (characters): narrow enough to print one page
// across at 74 %, 11-point type at 8 points or more.
column_table declare_columns(const workbook_labels& labels) {
    column_table t;
    t.add(labels.indicator_id, 12);
    t.add(labels.label, 22);
    t.add(labels.unit, 10);
    t.add(labels.direction, 14);
    t.add(labels.definition, 31);
    t.add(labels.parameters, 24);
    t.add(labels.plugin, 14);
    t.add(labels.plugin_version, 8);
    t.add(labels.sources, 34);
    return t;
}

// One indicator's cells, in the columns' order: what it is, how it is computed, from which sources.
std::vector<std::string> indicator_cells(const report_results& results, const workbook_labels& labels, std::size_t k) {
    const auto& spec = results.spec;
    const auto& ind = results.plan.indicators[k];
    const auto& failure = results.values[k].failure;
    std::string params, sources;
    for (const auto& p : ind.params)
        if (p.given) params += (params.empty() ? "" : "\n") + p.declaration.name + " = " + p.text;
    for (const auto& name : ind.sources)
        if (const auto* source = find_source(spec, name))
            sources += (sources.empty() ? "" : "\n") + describe_source(*source, spec, labels);
    const auto& plugin = *ind.implementation->plugin;
    return {ind.spec->id,
            ind.label,
            labels.unit_name(ind.unit),
            ind.better == direction::higher_is_better ? labels.higher_better : labels.lower_better,
            failure.empty() ? ind.definition : labels.failure_prefix + failure,
            params,
            plugin.name + " (" + ind.implementation->description.id + ")",
            plugin.version,
            sources};
}

// Paragraphs, one a row from `row` on, each merged across the table's width and wrapped, so that it prints
// within the page.
class paragraph_writer {
public:
    paragraph_writer(xlsx_sheet& sheet, const column_table& columns, std::uint32_t row)
        : sheet_(sheet), last_col_(columns.last()), row_(row), look_(looks::subtitle()) {
        for (double w : columns.widths()) width_ += w;
        look_.wrap = true;
        look_.vertical_top = true;
    }
    // Writes `text` as the next paragraph.
    void paragraph(const std::string& text) {
        sheet_.merge(row_, 0, row_, last_col_, text, look_);
        const std::string texts[] = {text};
        const double width[] = {width_};
        sheet_.row_height(row_, wrapped_row_height(texts, width));
        ++row_;
    }
    // Writes `text` as a title, after an empty row.
    void title(const std::string& text) {
        ++row_;
        sheet_.text(row_++, 0, text, looks::title());
    }
    // Leaves an empty row.
    void skip() { ++row_; }

private:
    xlsx_sheet& sheet_;
    std::uint16_t last_col_;
    std::uint32_t row_;
    cell_format look_;
    double width_ = 0;
};

// Each source: its file, description, vintage, and how many of its rows were read and set aside.
void write_sources(paragraph_writer& out, const report_results& results, const workbook_labels& labels) {
    const auto& spec = results.spec;
    out.title(labels.sources);
    out.paragraph(describe_source(spec.towns.reference, spec, labels));
    for (const auto& source : spec.sources) {
        std::string line = describe_source(source, spec, labels);
        for (const auto& summary : results.sources)
            if (summary.name == source.name) line += " — " + describe_rows(summary, labels);
        out.paragraph(line);
    }
}

// How peer groups, comparisons and flags work, in words.
void write_methods(paragraph_writer& out, const report_results& results, const workbook_labels& labels) {
    out.title(labels.methods_title);
    out.paragraph(labels.methods.front());
    out.paragraph(labels.peer_methods.at(static_cast<std::size_t>(results.spec.towns.grouping)));
    for (std::size_t k = 1; k < labels.methods.size(); ++k) out.paragraph(labels.methods[k]);
    // Capping is explained where a value was capped: a report without it must not speak of it.
    const bool capped = std::any_of(results.values.begin(), results.values.end(), [](const indicator_values& v) {
        return std::find(v.flags.begin(), v.flags.end(), value_flag::capped) != v.flags.end();
    });
    if (capped) out.paragraph(labels.capped_method);
    for (const auto& text : labels.comparison_methods) out.paragraph(text);
    out.paragraph(labels.flag_legend(true));
}

}  // namespace

void write_methodology_sheet(xlsx_document& doc, const report_results& results, const workbook_labels& labels,
                             const std::string& sheet_name) {
    const auto& spec = results.spec;
    auto sheet = doc.add_sheet(sheet_name);
    sheet.text(0, 0, labels.methodology_title, looks::title());
    sheet.text(1, 0, spec.report.title + " — " + spec.report.period, looks::subtitle());
    if (!spec.report.notice.empty()) sheet.text(2, 0, spec.report.notice, looks::notice());

    const std::uint32_t header_row = 4;
    const auto columns = declare_columns(labels);
    columns.write_headers(sheet, header_row, looks::header());
    columns.set_widths(sheet);
    const auto widths = columns.widths();

    const auto cell = looks::wrapped();
    std::uint32_t row = header_row + 1;
    for (std::size_t k = 0; k < results.plan.indicators.size(); ++k) {
        const auto cells = indicator_cells(results, labels, k);
        for (std::size_t column = 0; column < cells.size(); ++column)
            sheet.text(row, static_cast<std::uint16_t>(column), cells[column], cell);
        sheet.row_height(row, wrapped_row_height(cells, widths));
        ++row;
    }
    paragraph_writer out(sheet, columns, row);
    write_sources(out, results, labels);
    write_methods(out, results, labels);
    out.skip();
    out.paragraph(labels.generated_by + MUNIDASH_VERSION);
    sheet.set_print(page_setup(results, labels, static_cast<std::int32_t>(header_row),
                               static_cast<std::int32_t>(header_row), widths));
}

}  // namespace munidash
