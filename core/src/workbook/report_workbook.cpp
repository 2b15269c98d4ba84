#include "report_workbook.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "../diagnostics.hpp"
#include "../platform.hpp"
#include <cstdio>
#include <functional>
#include <thread>

#include "sheet_names.hpp"
#include "sheet_writers.hpp"
#include "zip_check.hpp"

namespace munidash {

namespace {

[[noreturn]] void output_failure(const std::filesystem::path& file, const std::string& what, const std::string& hint) {
    throw munidash_error(failure_kind::output, diagnostic{{file, 0, 0}, what, hint});
}

// Flushes a file or a folder to the disk, so that a crash after the rename cannot leave an empty file.
void sync_path(const std::filesystem::path& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return;
    const int result = ::fsync(fd);
    ::close(fd);
    if (result != 0 && !directory)
        output_failure(path, "cannot flush the workbook to disk", "check the free space of the output folder");
}

}  // namespace

void check_replaceable(const std::filesystem::path& target, bool force) {
    const auto mode = mode_of(target);
    if (!mode || !is_read_only(*mode) || force) return;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode->permissions);
    output_failure(target, std::string("the workbook is read-only (mode ") + octal + "): it was not replaced",
                   "give --force to replace it, keeping its mode, or make it writable with chmod u+w");
}

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

// Writes a workbook to a temporary file beside `target`, re-reads every part, then renames it over
// `target`; on failure the temporary file goes and `target` stays as it was.
template <class Build>
void write_atomically(const std::filesystem::path& target, const report_results& results, std::size_t sheets,
                      Build&& build) {
    const auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    check_replaceable(target, results.replace_read_only);
    // The replaced workbook's mode and owner are the operator's choice: the new one keeps them.
    const auto previous_mode = mode_of(target);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        output_failure(folder, "cannot create the output folder: " + ec.message(),
                       "check output.workbook in the spec, or give --output");
    // The thread id keeps parallel writers of one process apart (they write different targets).
    const auto temporary = folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000));
    try {
        {
            xlsx_document doc(temporary, properties_of(results));
            build(doc);
            doc.close();
        }
        std::vector<std::string> required{"[Content_Types].xml", "_rels/.rels",     "docProps/core.xml",
                                          "docProps/app.xml",    "xl/workbook.xml", "xl/styles.xml",
                                          "xl/charts/chart1.xml"};
        for (std::size_t n = 1; n <= sheets; ++n) required.push_back("xl/worksheets/sheet" + std::to_string(n) + ".xml");
        check_xlsx_archive(temporary, required);
        if (previous_mode)
            if (const auto problem = apply_mode(temporary, *previous_mode); !problem.empty())
                output_failure(target, "cannot give the new workbook the mode of the one it replaces: " + problem,
                               "check the permissions of the output folder; the previous workbook is unchanged");
        sync_path(temporary, false);
        std::filesystem::rename(temporary, target, ec);
        if (ec)
            output_failure(target, "cannot move the finished workbook into place: " + ec.message(),
                           "check that the output folder is writable; the previous workbook is unchanged");
        sync_path(folder, true);
    } catch (...) {
        std::filesystem::remove(temporary, ec);
        throw;
    }
}

}  // namespace

void write_report_workbook(const report_results& results, const std::filesystem::path& target) {
    const auto& labels = labels_for(results.spec.report.language);
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
    write_atomically(target, results, sheets, [&](xlsx_document& doc) {
        write_cover_sheet(doc, results, labels, plan);
        write_summary_sheet(doc, results, labels, plan.summary);
        if (results.composite) write_composite_sheet(doc, results, labels, plan.composite);
        write_peer_groups_sheet(doc, results, labels, plan.peers);
        if (!plan.comparisons.empty()) write_comparisons_sheet(doc, results, labels, plan.comparisons);
        for (std::size_t t = 0; t < plan.towns.size(); ++t) write_town_sheet(doc, results, labels, t, plan.towns[t]);
        write_quality_sheet(doc, results, labels, plan.quality);
        write_methodology_sheet(doc, results, labels, plan.methodology);
    });
}

void write_town_workbook(const report_results& results, std::size_t town, const std::filesystem::path& target) {
    const auto& labels = labels_for(results.spec.report.language);
    sheet_names names;
    sheet_plan plan;
    plan.cover = names.add(labels.cover_sheet);
    plan.towns.push_back(names.add(results.towns.towns[town].name));
    plan.single_town = town;
    plan.methodology = names.add(labels.methodology_sheet);
    write_atomically(target, results, 3, [&](xlsx_document& doc) {
        write_cover_sheet(doc, results, labels, plan);
        write_town_sheet(doc, results, labels, town, plan.towns.front());
        write_methodology_sheet(doc, results, labels, plan.methodology);
    });
}

}  // namespace munidash
