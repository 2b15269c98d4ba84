// SHA-256 of files, as lower-case hex: what a run's manifest records of its inputs and outputs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace munidash {

// The SHA-256 of the file's bytes, or nullopt when it cannot be read.
std::optional<std::string> sha256_of_file(const std::filesystem::path& file);

// The SHA-256 of bytes in memory.
std::string sha256_of_text(std::string_view bytes);

}  // namespace munidash
