// The only file that uses minizip.
#include "zip_check.hpp"

#include <algorithm>
#include <memory>

#include <minizip/unzip.h>

#include "../diagnostics.hpp"

namespace munidash {

namespace {
struct unzip_closer {
    void operator()(void* handle) const { unzClose(handle); }
};

[[noreturn]] void damaged(const std::filesystem::path& file, const std::string& what) {
    throw munidash_error(failure_kind::output,
                         diagnostic{{file, 0, 0}, "the written workbook is damaged: " + what,
                                    "the previous workbook was kept; check the free disk space and retry"});
}
}  // namespace

std::vector<std::string> check_xlsx_archive(const std::filesystem::path& file,
                                            std::span<const std::string> required_parts) {
    std::unique_ptr<void, unzip_closer> zip(unzOpen64(file.c_str()));
    if (!zip) damaged(file, "it is not a readable zip archive");
    std::vector<std::string> parts;
    std::vector<char> buffer(1 << 16);
    for (int status = unzGoToFirstFile(zip.get()); status == UNZ_OK; status = unzGoToNextFile(zip.get())) {
        unz_file_info64 info{};
        char name[512] = {};
        if (unzGetCurrentFileInfo64(zip.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
            damaged(file, "an entry of its directory cannot be read");
        if (unzOpenCurrentFile(zip.get()) != UNZ_OK) damaged(file, std::string("part ") + name + " cannot be opened");
        ZPOS64_T total = 0;
        int read = 0;
        while ((read = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
            total += static_cast<ZPOS64_T>(read);
        const int closed = unzCloseCurrentFile(zip.get());  // UNZ_CRCERROR when the data is wrong
        if (read < 0 || closed != UNZ_OK || total != info.uncompressed_size)
            damaged(file, std::string("part ") + name + " is truncated or corrupt");
        parts.emplace_back(name);
    }
    if (parts.empty()) damaged(file, "it holds no part");
    for (const auto& required : required_parts)
        if (std::find(parts.begin(), parts.end(), required) == parts.end())
            damaged(file, "part " + required + " is missing");
    return parts;
}

}  // namespace munidash
