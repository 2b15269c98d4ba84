// With zip_check.cpp, the only file that uses minizip.
#include "zip_patch.hpp"

#include <memory>
#include <vector>

#include <minizip/unzip.h>
#include <minizip/zip.h>

namespace munidash {

namespace {

struct unzip_closer {
    void operator()(void* handle) const { unzClose(handle); }
};

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
