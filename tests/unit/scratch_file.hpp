// What the unit tests share: a file written for one test, removed with it.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace munidash_test {

// A file in the temporary folder holding `text`, named for this process; removed at the end.
class scratch_file {
public:
    explicit scratch_file(const std::string& name, const std::string& text = {})
        : path_(std::filesystem::temp_directory_path() / ("munidash-unit-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~scratch_file() { std::filesystem::remove(path_); }
    scratch_file(const scratch_file&) = delete;
    scratch_file& operator=(const scratch_file&) = delete;
    // Where the file is.
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace munidash_test
