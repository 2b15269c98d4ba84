// Reads what a plugin file says about itself without loading it: its ELF headers, checked against
// the file's size, and the identity note MUNIDASH_PLUGIN writes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <variant>

namespace munidash {

// The identity a plugin declares in its note; every field as written by the plugin's build.
struct plugin_identity {
    std::string abi;          // the plugin ABI number, as text
    std::string build_tag;    // MUNIDASH_BUILD_TAG of the plugin's build
    std::string sdk_version;  // MUNIDASH_VERSION of the SDK it was built with
    std::string name;
    std::string version;
};

// Why a file cannot be read as a plugin: the reason, and whether the file is a sound shared
// library (then only the note is missing or damaged).
struct identity_problem {
    std::string reason;
    bool is_shared_library = false;
};

// The identity in `file`'s note, or why there is none. Reads the file only; never maps or runs it.
std::variant<plugin_identity, identity_problem> read_plugin_identity(const std::filesystem::path& file);

// The "key=value" fields of an identity's text (NUL-separated), for tests and the reader.
std::map<std::string, std::string> identity_fields(std::string_view text);

}  // namespace munidash
