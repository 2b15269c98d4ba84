#include "report_workbook.hpp"

#include <cerrno>
#include <cstdio>
#include <functional>
#include <thread>

#include "../diagnostics.hpp"
#include "../logging.hpp"
#include "../platform.hpp"
#include "sheet_names.hpp"
#include "sheet_writers.hpp"
#include "zip_check.hpp"

namespace munidash {

namespace {

[[noreturn]] void output_failure(const std::filesystem::path& file, const std::string& what, const std::string& hint) {
    throw munidash_error(failure_kind::output, diagnostic{{file, 0, 0}, what, hint});
}

// "TMPDIR '/tmp': 0 B free now, of 64.0 MB", and the output folder's unless it is the same filesystem.
std::string spaces(const std::filesystem::path& tmpdir, const std::filesystem::path& folder) {
    const bool same = platform::space_of(tmpdir).device == platform::space_of(folder).device;
    return platform::describe_space("TMPDIR", tmpdir) +
           (same ? " (the output folder is on the same filesystem)"
                 : "; " + platform::describe_space("output folder", folder));
}

// Says what re-reading the new workbook found wrong, and which filesystem failed: the zip itself
// cut short is the output folder's; a part's XML cut short inside an intact zip is libxlsxwriter's
// temporary file of that part, in TMPDIR, whose failed writes libxlsxwriter does not report.
[[noreturn]] void damaged(const std::filesystem::path& target, const std::filesystem::path& folder,
                          const std::filesystem::path& tmpdir, const archive_check& check) {
    const std::string kept = "; the previous workbook was kept, unchanged";
    if (check.container_damaged)
        output_failure(target,
                       "the new workbook is damaged: " + check.damage + "; the output folder's disk is full or failing: " +
                           platform::describe_space("output folder", folder),
                       "free space on the output folder's disk (or write elsewhere with --output) and run again" + kept);
    if (check.damage.find("cut short") != std::string::npos)
        output_failure(target,
                       "the new workbook is incomplete: " + check.damage +
                           " in libxlsxwriter's temporary file, so TMPDIR is full or failing: " + spaces(tmpdir, folder),
                       "free space in TMPDIR, or point TMPDIR at a folder with room (TMPDIR=/var/tmp munidash run ...), "
                       "and run again" + kept);
    output_failure(target, "the new workbook is incomplete: " + check.damage + "; " + spaces(tmpdir, folder),
                   "run again; report it if it happens again" + kept);
}

[[noreturn]] void system_failure(const std::filesystem::path& target, const std::filesystem::path& folder,
                                 const std::string& step, int error) {
    const bool full = platform::is_disk_full(error);
    output_failure(target,
                   (full ? "the output folder's disk is full: " : std::string()) + step + " failed: " +
                       platform::error_text(error) + "; " + platform::describe_space("output folder", folder),
                   std::string(full ? "free space on the output folder's disk (or write elsewhere with --output)"
                                    : "check the output folder's disk and permissions") +
                       " and run again; the previous workbook was kept, unchanged");
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

// Writes a workbook to a temporary file beside `target`, re-reads every part (zip CRCs, XML), flushes
// it to disk, then renames it over `target`; on failure the temporary file goes and `target` stays
// as it was. Every write, flush, close and rename that this code makes is checked.
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
    const platform::writer_thread writing;  // SIGINT and SIGTERM park this thread before cleaning up
    const auto temporary = platform::temporary_name_for(target);
    // Created and registered at once: SIGINT and SIGTERM remove it whenever they come.
    const int fd = platform::create_temporary(temporary);
    if (fd < 0) system_failure(target, folder, "creating the temporary file " + temporary.filename().string(), errno);
    int open_fd = fd;
    try {
        std::filesystem::path tmpdir;
        {
            // libxlsxwriter opens it again by its /proc name, which cannot re-create it after a signal removed it.
            xlsx_document doc(platform::reopening_name(fd, temporary), properties_of(results), target);
            tmpdir = doc.temporary_folder();
            build(doc);
            doc.close();
        }
        open_fd = -1;
        if (const int error = platform::close_descriptor(fd); error != 0)
            system_failure(target, folder, "closing the new workbook", error);
        std::vector<std::string> required{"[Content_Types].xml", "_rels/.rels",     "docProps/core.xml",
                                          "docProps/app.xml",    "xl/workbook.xml", "xl/styles.xml",
                                          "xl/charts/chart1.xml"};
        for (std::size_t n = 1; n <= sheets; ++n) required.push_back("xl/worksheets/sheet" + std::to_string(n) + ".xml");
        if (const auto check = check_xlsx_archive(temporary, required); !check.complete())
            damaged(target, folder, tmpdir, check);
        if (previous_mode)
            if (const auto problem = apply_mode(temporary, *previous_mode); !problem.empty())
                output_failure(target, "cannot give the new workbook the mode of the one it replaces: " + problem,
                               "check the permissions of the output folder; the previous workbook is unchanged");
        if (const int error = platform::sync_file(temporary); error != 0)
            system_failure(target, folder, "flushing the new workbook to disk", error);
        std::filesystem::rename(temporary, target, ec);
        if (ec) system_failure(target, folder, "moving the new workbook into place (rename)", ec.value());
    } catch (...) {
        if (open_fd >= 0) platform::close_descriptor(open_fd);
        std::filesystem::remove(temporary, ec);
        platform::forget_temporary(temporary);
        throw;
    }
    platform::forget_temporary(temporary);
    // The new workbook is complete and in place: a folder that cannot be flushed only means that a
    // power cut could bring the previous one back. Said, but not a failure of the run.
    if (const int error = platform::sync_folder(folder); error != 0)
        log_warning(target.string() + ": the workbook is written, but its folder could not be flushed to disk (" +
                    platform::error_text(error) + "): after a power cut the previous workbook may come back");
}

}  // namespace

void write_report_workbook(const report_results& results, const std::filesystem::path& target) {
    const auto& labels = labels_for(results.spec.report.language);
    if (const auto stale = platform::remove_stale_temporaries(target.parent_path()); stale > 0)
        log_info("removed " + std::to_string(stale) + " temporary file(s) left by killed runs beside " + target.string());
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
