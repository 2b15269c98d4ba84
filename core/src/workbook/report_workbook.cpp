#include "report_workbook.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "../diagnostics.hpp"
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

}  // namespace

void write_report_workbook(const report_results& results, const std::filesystem::path& target) {
    const auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        output_failure(folder, "cannot create the output folder: " + ec.message(),
                       "check output.workbook in the spec, or give --output");
    const auto temporary = folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    const auto& labels = labels_for(results.spec.report.language);
    try {
        {
            xlsx_document doc(temporary, properties_of(results));
            write_summary_sheet(doc, results, labels);
            if (results.composite) write_composite_sheet(doc, results, labels);
            write_peer_groups_sheet(doc, results, labels);
            write_comparisons_sheet(doc, results, labels);
            write_methodology_sheet(doc, results, labels);
            doc.close();
        }
        const std::vector<std::string> required{
            "[Content_Types].xml",        "_rels/.rels",                "docProps/core.xml",
            "docProps/app.xml",           "xl/workbook.xml",            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",   "xl/worksheets/sheet2.xml",   "xl/worksheets/sheet3.xml",
            "xl/worksheets/sheet4.xml",
            "xl/charts/chart1.xml"};
        check_xlsx_archive(temporary, required);
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

}  // namespace munidash
