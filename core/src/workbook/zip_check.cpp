// With zip_patch.cpp, the only files that use minizip.
#include "zip_check.hpp"

#include <algorithm>
#include <memory>

#include <minizip/unzip.h>

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
        std::unique_ptr<xml_stream_check> xml(is_xml_part(name) ? new xml_stream_check : nullptr);
        ZPOS64_T total = 0;
        int read = 0;
        while ((read = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            total += static_cast<ZPOS64_T>(read);
            if (xml) xml->feed(buffer.data(), static_cast<std::size_t>(read));
        }
        const int closed = unzCloseCurrentFile(zip.get());  // UNZ_CRCERROR when the data is wrong
        if (read < 0 || closed != UNZ_OK || total != info.uncompressed_size)
            return container(std::string("part ") + name + " is truncated or corrupt in the zip");
        if (xml)
            if (const auto error = xml->finish(); !error.empty()) {
                result.damage = std::string("part ") + name + " is not well-formed XML (" + error + "): it was cut short";
                return result;
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

}  // namespace munidash
