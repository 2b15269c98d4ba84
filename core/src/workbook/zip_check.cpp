// The only file that uses minizip: finished workbooks read back to their last byte, and changed
// where libxlsxwriter 1.1.4 cannot write what the workbook needs.
#include "zip_check.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "xml_check.hpp"

namespace munidash {

namespace {
struct unzip_closer {
    void operator()(void* handle) const { unzClose(handle); }
};

bool is_xml_part(std::string_view name) { return name.ends_with(".xml") || name.ends_with(".rels"); }
}  // namespace

archive_check check_xlsx_archive(const std::filesystem::path& file, std::span<const std::string> required_parts) {
    archive_check result;
    const auto container = [&](std::string what) {
        result.damage = std::move(what);
        result.container_damaged = true;
        return result;
    };
    std::unique_ptr<void, unzip_closer> zip(unzOpen64(file.c_str()));
    if (!zip) return container("it is not a readable zip archive (cut short?)");
    std::vector<char> buffer(1 << 16);
    int status = unzGoToFirstFile(zip.get());
    for (; status == UNZ_OK; status = unzGoToNextFile(zip.get())) {
        unz_file_info64 info{};
        char name[512] = {};
        if (unzGetCurrentFileInfo64(zip.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
            return container("an entry of its zip directory cannot be read");
        if (unzOpenCurrentFile(zip.get()) != UNZ_OK) return container(std::string("part ") + name + " cannot be opened");
        const bool xml_part = is_xml_part(name);
        xml_quick_check quick;
        ZPOS64_T total = 0;
        int read = 0;
        while ((read = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            total += static_cast<ZPOS64_T>(read);
            if (xml_part) quick.feed(buffer.data(), static_cast<std::size_t>(read));
        }
        const int closed = unzCloseCurrentFile(zip.get());  // UNZ_CRCERROR when the data is wrong
        if (read < 0 || closed != UNZ_OK || total != info.uncompressed_size)
            return container(std::string("part ") + name + " is truncated or corrupt in the zip");
        if (xml_part && !quick.finish()) {
            // The quick look has a doubt: expat reads the part again and decides, and says where it broke.
            if (unzOpenCurrentFile(zip.get()) != UNZ_OK) return container(std::string("part ") + name + " cannot be opened");
            xml_stream_check xml;
            while ((read = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
                xml.feed(buffer.data(), static_cast<std::size_t>(read));
            if (read < 0 || unzCloseCurrentFile(zip.get()) != UNZ_OK)
                return container(std::string("part ") + name + " is truncated or corrupt in the zip");
            if (const auto error = xml.finish(); !error.empty()) {
                result.damage = std::string("part ") + name + " is not well-formed XML (" + error + "): it was cut short";
                return result;
            }
        }
        result.parts.emplace_back(name);
    }
    if (status != UNZ_END_OF_LIST_OF_FILE) return container("its zip directory cannot be read to its end");
    if (result.parts.empty()) return container("it holds no part");
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
                if (hidden == std::string::npos || hidden > end) return "sheet '" + sheet + "' is not a hidden sheet of xl/workbook.xml";
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
                                     part.level == 0 ? Z_DEFAULT_COMPRESSION : part.level, part.raw ? 1 : 0, 0) == ZIP_OK &&
             zipWriteInFileInZip(out, part.bytes.data(), static_cast<unsigned>(part.bytes.size())) == ZIP_OK &&
             (part.raw ? zipCloseFileInZipRaw64(out, part.info.uncompressed_size, part.info.crc)
                       : zipCloseFileInZip(out)) == ZIP_OK;
        if (!ok) break;
    }
    if (zipClose(out, nullptr) != ZIP_OK || !ok) return "writing the archive again failed (is the disk full?)";
    return {};
}

}  // namespace munidash
