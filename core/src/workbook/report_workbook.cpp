#include "workbook/report_workbook.hpp"

#include <cerrno>
#include <cstdio>
#include <functional>
#include <thread>

#include "base/diagnostics.hpp"
#include "base/logging.hpp"
#include "base/platform.hpp"
#include "workbook/sheet_names.hpp"
#include "workbook/sheet_writers.hpp"
#include "workbook/zip_check.hpp"

namespace munidash {

namespace {

document_properties properties_of(const report_results& results) {
    const auto& report = results.spec.report;
    document_properties p;
    p.title = report.title + " — " + report.period;
    p.subject = report.title;
    p.author = report.author;
    p.company = report.organisation;
    p.keywords = "munidash; " + report.id + "; " + report.period;
    p.comments = report.notice;
    p.created = results.created;
    return p;
}

// The parts a complete workbook of `sheets` sheets holds; a report's first chart too.
std::vector<std::string> parts(std::size_t sheets, bool chart) {
    std::vector<std::string> required{"[Content_Types].xml", "_rels/.rels",     "docProps/core.xml",
                                      "docProps/app.xml",    "xl/workbook.xml", "xl/styles.xml"};
    if (chart) required.emplace_back("xl/charts/chart1.xml");
    for (std::size_t n = 1; n <= sheets; ++n) required.push_back("xl/worksheets/sheet" + std::to_string(n) + ".xml");
    return required;
}

}  // namespace

void write_report_workbook(const report_results& results, const std::filesystem::path& target) {
    const auto& labels = labels_for(results.spec.report.language);
    if (const auto stale = platform::remove_stale_temporaries(target.parent_path()); stale > 0)
        log_info("removed " + std::to_string(stale) + " temporary file(s) left by killed runs beside " +
                 target.string());
    // Every name is decided first: the cover links to them, and a town called "Synthèse" must not
    // take the summary's name.
    sheet_names names;
    sheet_plan plan;
    plan.cover = names.add(labels.cover_sheet);
    plan.summary = names.add(labels.summary_sheet);
    if (results.composite) plan.composite = names.add(labels.composite_sheet);
    plan.peers = names.add(labels.peers_sheet);
    if (results.spec.output.comparisons) plan.comparisons = names.add(labels.comparisons_sheet);
    plan.quality = names.add(labels.quality_sheet);
    plan.methodology = names.add(labels.methodology_sheet);
    if (results.spec.output.town_sheets)
        for (const auto& t : results.towns.towns) plan.towns.push_back(names.add(t.name));
    std::size_t sheets = 5 + plan.towns.size();  // cover, summary, peers, quality, methodology, towns
    if (results.composite) ++sheets;
    if (!plan.comparisons.empty()) ++sheets;
    write_workbook_atomically(target, properties_of(results), results.replace_read_only, parts(sheets, true),
                              [&](xlsx_document& doc) {
                                  write_cover_sheet(doc, results, labels, plan);
                                  write_summary_sheet(doc, results, labels, plan.summary);
                                  if (results.composite) write_composite_sheet(doc, results, labels, plan.composite);
                                  write_peer_groups_sheet(doc, results, labels, plan.peers);
                                  if (!plan.comparisons.empty())
                                      write_comparisons_sheet(doc, results, labels, plan.comparisons);
                                  for (std::size_t t = 0; t < plan.towns.size(); ++t)
                                      write_town_sheet(doc, results, labels, t, plan.towns[t]);
                                  write_quality_sheet(doc, results, labels, plan.quality);
                                  write_methodology_sheet(doc, results, labels, plan.methodology);
                              });
}

void write_town_workbook(const report_results& results, std::size_t town, const std::filesystem::path& target,
                         replacement_batch* batch) {
    const auto& labels = labels_for(results.spec.report.language);
    sheet_names names;
    sheet_plan plan;
    plan.cover = names.add(labels.cover_sheet);
    plan.towns.push_back(names.add(results.towns.towns[town].name));
    plan.single_town = town;
    plan.methodology = names.add(labels.methodology_sheet);
    write_workbook_atomically(
        target, properties_of(results), results.replace_read_only, parts(3, true),
        [&](xlsx_document& doc) {
            write_cover_sheet(doc, results, labels, plan);
            write_town_sheet(doc, results, labels, town, plan.towns.front());
            write_methodology_sheet(doc, results, labels, plan.methodology);
        },
        batch);
}

}  // namespace munidash
