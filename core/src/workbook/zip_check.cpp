// The only file that uses minizip: finished workbooks read back to their last byte, and changed
// where libxlsxwriter 1.1.4 cannot write what the workbook needs.
#include "workbook/zip_check.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "workbook/xml_check.hpp"

namespace munidash {

namespace {
struct unzip_closer {
    void operator()(void* handle) const { unzClose(handle); }
};

bool is_xml_part(std::string_view name) { return name.ends_with(".xml") || name.ends_with(".rels"); }
}  // namespace

namespace {

// One entry of the zip directory, and where it starts, so that any reader can go straight to it.
struct directory_entry {
    std::string name;
    unz_file_info64 info{};
    unz64_file_pos position{};
};

// What checking one part found: nothing, damage in the container, or damage in its XML.
struct part_verdict {
    std::string damage;
    bool container = false;
};

// Reads one part to its end (the CRC is checked at the end), and checks it when it is XML: the
// quick scan first; expat reads the part again and decides when the scan has a doubt, or when the
// rows and cells it counted are not those written.
part_verdict check_part(unzFile zip, const directory_entry& entry, std::span<const sheet_census> sheets,
                        std::vector<char>& buffer) {
    const auto& name = entry.name;
    const bool xml_part = is_xml_part(name);
    const bool worksheet = name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml");
    const sheet_census* census = nullptr;
    for (const auto& c : sheets)
        if (c.part == name) census = &c;
    const auto read_part = [&](const auto& feed) -> part_verdict {
        auto position = entry.position;
        if (unzGoToFilePos64(zip, &position) != UNZ_OK || unzOpenCurrentFile(zip) != UNZ_OK)
            return {"part " + name + " cannot be opened", true};
        ZPOS64_T total = 0;
        int read = 0;
        while ((read = unzReadCurrentFile(zip, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            total += static_cast<ZPOS64_T>(read);
            feed(buffer.data(), static_cast<std::size_t>(read));
        }
        const int closed = unzCloseCurrentFile(zip);  // UNZ_CRCERROR when the data is wrong
        if (read < 0 || closed != UNZ_OK || total != entry.info.uncompressed_size)
            return {"part " + name + " is truncated or corrupt in the zip", true};
        return {};
    };
    xml_quick_check quick(worksheet);
    if (auto verdict = read_part([&](const char* bytes, std::size_t size) {
            if (xml_part) quick.feed(bytes, size);
        });
        !verdict.damage.empty() || !xml_part)
        return verdict;
    const auto counted_as_written = [&](std::uint64_t rows, std::uint64_t cells) {
        return !census || (rows == census->rows && cells == census->cells);
    };
    if (quick.finish() && counted_as_written(quick.rows(), quick.cells())) return {};

    xml_stream_check xml(worksheet);
    if (auto verdict = read_part([&](const char* bytes, std::size_t size) { xml.feed(bytes, size); });
        !verdict.damage.empty())
        return verdict;
    if (const auto error = xml.finish(); !error.empty())
        return {"part " + name + " is not well-formed XML (" + error + "): it was cut short", false};
    if (!counted_as_written(xml.rows(), xml.cells()))
        return {"part " + name + " (sheet '" + census->sheet + "') holds " + std::to_string(xml.rows()) + " rows and " +
                    std::to_string(xml.cells()) + " cells where " + std::to_string(census->rows) + " and " +
                    std::to_string(census->cells) + " were written: some were lost on the way",
                false};
    return {};
}

// Above this much XML, the parts are read by two threads: the national workbook's re-reading
// took as long as a third of its writing.
constexpr ZPOS64_T parallel_from_bytes = 16u << 20;

}  // namespace

archive_check check_xlsx_archive(const std::filesystem::path& file, std::span<const std::string> required_parts,
                                 std::span<const sheet_census> sheets) {
    archive_check result;
    const auto container = [&](std::string what) {
        result.damage = std::move(what);
        result.container_damaged = true;
        return result;
    };
    std::unique_ptr<void, unzip_closer> zip(unzOpen64(file.c_str()));
    if (!zip) return container("it is not a readable zip archive (cut short?)");
    std::vector<directory_entry> entries;
    ZPOS64_T total_bytes = 0;
    int status = unzGoToFirstFile(zip.get());
    for (; status == UNZ_OK; status = unzGoToNextFile(zip.get())) {
        directory_entry entry;
        char name[512] = {};
        if (unzGetCurrentFileInfo64(zip.get(), &entry.info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
            unzGetFilePos64(zip.get(), &entry.position) != UNZ_OK)
            return container("an entry of its zip directory cannot be read");
        entry.name = name;
        total_bytes += entry.info.uncompressed_size;
        entries.push_back(std::move(entry));
    }
    if (status != UNZ_END_OF_LIST_OF_FILE) return container("its zip directory cannot be read to its end");
    if (entries.empty()) return container("it holds no part");

    // Each part is read by whichever reader is free, the largest first; the verdicts are then
    // taken in the archive's order, so that the message does not depend on the threads.
    std::vector<part_verdict> verdicts(entries.size());
    std::vector<std::size_t> order(entries.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return entries[a].info.uncompressed_size > entries[b].info.uncompressed_size;
    });
    std::atomic<std::size_t> next{0};
    const auto reader = [&](unzFile handle) {
        std::vector<char> buffer(1 << 16);
        for (std::size_t k = next++; k < order.size(); k = next++) {
            if (!handle) {
                verdicts[order[k]] = {"it is not a readable zip archive (cut short?)", true};
                continue;
            }
            verdicts[order[k]] = check_part(handle, entries[order[k]], sheets, buffer);
        }
    };
    if (total_bytes >= parallel_from_bytes && entries.size() > 1) {
        std::unique_ptr<void, unzip_closer> second(unzOpen64(file.c_str()));
        std::thread helper(reader, second.get());
        reader(zip.get());
        helper.join();
    } else {
        reader(zip.get());
    }
    for (std::size_t k = 0; k < entries.size(); ++k) {
        if (verdicts[k].damage.empty()) {
            result.parts.push_back(entries[k].name);
            continue;
        }
        result.damage = verdicts[k].damage;
        result.container_damaged = verdicts[k].container;
        return result;
    }
    for (const auto& census : sheets)
        if (std::find(result.parts.begin(), result.parts.end(), census.part) == result.parts.end()) {
            result.damage = "part " + census.part + " (sheet '" + census.sheet + "') is missing";
            return result;
        }
    for (const auto& required : required_parts)
        if (std::find(result.parts.begin(), result.parts.end(), required) == result.parts.end()) {
            result.damage = "part " + required + " is missing";
            return result;
        }
    return result;
}

namespace {

// One part of the archive as stored: its compressed bytes are copied without recompressing, so
// that the other parts stay exactly as libxlsxwriter made them.
struct stored_part {
    std::string name;
    unz_file_info64 info{};
    int method = 0;
    int level = 0;
    std::vector<char> bytes;  // compressed, or the new XML for the part that changes
    bool raw = true;
};

bool read_all(void* zip, std::vector<char>& into) {
    char buffer[1 << 15];
    int read = 0;
    while ((read = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0) into.insert(into.end(), buffer, buffer + read);
    return read == 0;
}

}  // namespace

std::string set_sheet_state(const std::filesystem::path& file, const std::string& sheet, const std::string& state) {
    std::vector<stored_part> parts;
    bool changed = false;
    {
        std::unique_ptr<void, unzip_closer> zip(unzOpen64(file.c_str()));
        if (!zip) return "the workbook just written is not a readable zip archive";
        for (int status = unzGoToFirstFile(zip.get()); status != UNZ_END_OF_LIST_OF_FILE;
             status = unzGoToNextFile(zip.get())) {
            if (status != UNZ_OK) return "its zip directory cannot be read";
            stored_part part;
            char name[512] = {};
            if (unzGetCurrentFileInfo64(zip.get(), &part.info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
                return "an entry of its zip directory cannot be read";
            part.name = name;
            part.raw = part.name != "xl/workbook.xml";
            if (unzOpenCurrentFile2(zip.get(), &part.method, &part.level, part.raw ? 1 : 0) != UNZ_OK)
                return "part " + part.name + " cannot be opened";
            const bool read = read_all(zip.get(), part.bytes);
            if (unzCloseCurrentFile(zip.get()) != UNZ_OK || !read) return "part " + part.name + " cannot be read";
            if (!part.raw) {
                std::string xml(part.bytes.begin(), part.bytes.end());
                const auto at = xml.find("<sheet name=\"" + sheet + "\"");
                const auto end = at == std::string::npos ? at : xml.find("/>", at);
                const auto hidden = end == std::string::npos ? end : xml.find("state=\"hidden\"", at);
                if (hidden == std::string::npos || hidden > end)
                    return "sheet '" + sheet + "' is not a hidden sheet of xl/workbook.xml";
                xml.replace(hidden, 14, "state=\"" + state + "\"");
                part.bytes.assign(xml.begin(), xml.end());
                changed = true;
            }
            parts.push_back(std::move(part));
        }
    }
    if (!changed) return "the archive has no xl/workbook.xml";
    zipFile out = zipOpen64(file.c_str(), APPEND_STATUS_CREATE);
    if (!out) return "the workbook cannot be opened again to write it";
    bool ok = true;
    for (const auto& part : parts) {
        zip_fileinfo info{};
        info.dosDate = part.info.dosDate;
        info.internal_fa = part.info.internal_fa;
        info.external_fa = part.info.external_fa;
        info.tmz_date.tm_sec = part.info.tmu_date.tm_sec;
        info.tmz_date.tm_min = part.info.tmu_date.tm_min;
        info.tmz_date.tm_hour = part.info.tmu_date.tm_hour;
        info.tmz_date.tm_mday = part.info.tmu_date.tm_mday;
        info.tmz_date.tm_mon = part.info.tmu_date.tm_mon;
        info.tmz_date.tm_year = part.info.tmu_date.tm_year;
        ok = zipOpenNewFileInZip2_64(out, part.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, part.method,
                                     part.level == 0 ? Z_DEFAULT_COMPRESSION : part.level, part.raw ? 1 : 0,
                                     0) == ZIP_OK &&
             zipWriteInFileInZip(out, part.bytes.data(), static_cast<unsigned>(part.bytes.size())) == ZIP_OK &&
             (part.raw ? zipCloseFileInZipRaw64(out, part.info.uncompressed_size, part.info.crc)
                       : zipCloseFileInZip(out)) == ZIP_OK;
        if (!ok) break;
    }
    if (zipClose(out, nullptr) != ZIP_OK || !ok) return "writing the archive again failed (is the disk full?)";
    return {};
}

}  // namespace munidash
