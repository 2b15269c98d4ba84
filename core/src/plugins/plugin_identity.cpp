// ELF parsing by hand, on purpose: the file is untrusted and must be read, not mapped or loaded, and
// a few headers from <elf.h> are all it takes. Every offset is checked against the file's size.
#include "plugins/plugin_identity.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

std::map<std::string, std::string> identity_fields(std::string_view text) {
    std::map<std::string, std::string> fields;
    while (!text.empty()) {
        const auto end = text.find('\0');
        const auto field = text.substr(0, end);
        if (const auto eq = field.find('='); eq != std::string_view::npos)
            fields.emplace(std::string(field.substr(0, eq)), std::string(field.substr(eq + 1)));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return fields;
}

namespace {

constexpr std::uint64_t align4(std::uint64_t n) { return (n + 3) / 4 * 4; }

// The identity note among the notes of one PT_NOTE segment's bytes, if there is one.
std::optional<std::string> find_identity(const std::vector<char>& notes) {
    std::uint64_t at = 0;
    while (at + 12 <= notes.size()) {
        std::uint32_t header[3];
        std::memcpy(header, notes.data() + at, sizeof header);
        const std::uint64_t owner_size = header[0], description_size = header[1];
        const std::uint64_t owner_at = at + 12, description_at = owner_at + align4(owner_size);
        if (description_at > notes.size() || description_size > notes.size() - description_at) return std::nullopt;
        const std::string_view owner(notes.data() + owner_at, owner_size);
        if (header[2] == MUNIDASH_PLUGIN_NOTE_TYPE &&
            owner == std::string_view(MUNIDASH_PLUGIN_NOTE_OWNER, sizeof(MUNIDASH_PLUGIN_NOTE_OWNER)))
            return std::string(notes.data() + description_at, description_size);
        at = description_at + align4(description_size);
    }
    return std::nullopt;
}

}  // namespace

std::variant<plugin_identity, identity_problem> read_plugin_identity(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    Elf64_Ehdr header{};
    if (ec || !in.read(reinterpret_cast<char*>(&header), sizeof header) ||
        std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
        return identity_problem{"not a shared library (the file does not start with the ELF header)"};
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB)
        return identity_problem{"an ELF file for another kind of machine (not 64-bit little-endian)"};
    if (header.e_type != ET_DYN)
        return identity_problem{"an ELF file that is not a shared library (an executable or object file)"};
    const auto fits = [&](std::uint64_t offset, std::uint64_t length) {
        return offset <= size && length <= size - offset;
    };
    // The loader maps segments without checking them against the file's size, and touching a page
    // past the end of a truncated file kills the process with SIGBUS: so the headers come first.
    if (header.e_phentsize != sizeof(Elf64_Phdr) ||
        !fits(header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr)))
        return identity_problem{"a truncated or damaged shared library (its program headers are incomplete)"};
    std::vector<Elf64_Phdr> segments(header.e_phnum);
    in.seekg(static_cast<std::streamoff>(header.e_phoff));
    if (!in.read(reinterpret_cast<char*>(segments.data()),
                 static_cast<std::streamsize>(segments.size() * sizeof(Elf64_Phdr))))
        return identity_problem{"a truncated or damaged shared library (its program headers cannot be read)"};
    for (const auto& segment : segments)
        if (segment.p_type == PT_LOAD && !fits(segment.p_offset, segment.p_filesz))
            return identity_problem{"a truncated shared library: it is " + std::to_string(size) +
                                    " bytes, its segments need " + std::to_string(segment.p_offset + segment.p_filesz)};
    if (header.e_shoff != 0 && !fits(header.e_shoff, std::uint64_t{header.e_shnum} * header.e_shentsize))
        return identity_problem{"a truncated shared library: it is " + std::to_string(size) +
                                " bytes, its section table ends at " +
                                std::to_string(header.e_shoff + std::uint64_t{header.e_shnum} * header.e_shentsize)};

    for (const auto& segment : segments) {
        if (segment.p_type != PT_NOTE || !fits(segment.p_offset, segment.p_filesz) || segment.p_filesz > (1u << 20))
            continue;
        std::vector<char> notes(segment.p_filesz);
        in.seekg(static_cast<std::streamoff>(segment.p_offset));
        if (!in.read(notes.data(), static_cast<std::streamsize>(notes.size()))) continue;
        if (const auto text = find_identity(notes)) {
            auto fields = identity_fields(*text);
            return plugin_identity{fields["abi"], fields["build"], fields["sdk"], fields["name"], fields["version"]};
        }
    }
    return identity_problem{
        "a shared library without munidash's identity note: it is not a munidash plugin, or it "
        "was built with an SDK older than plugin ABI 3",
        true};
}

}  // namespace munidash
