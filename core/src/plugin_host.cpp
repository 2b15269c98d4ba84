// The only file that uses Boost.DLL (and dlfcn, to recover the loader's reason when a load fails:
// Boost.DLL 1.74 clears dlerror() and reports only a generic error code).
#define BOOST_DLL_USE_STD_FS 1
#include "plugin_host.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include "logging.hpp"
#include "names.hpp"
#include "platform.hpp"

#ifndef MUNIDASH_PLUGIN_RELATIVE_DIR
#error "MUNIDASH_PLUGIN_RELATIVE_DIR must be set by the build: the plugin folder relative to bin/"
#endif

namespace munidash {

struct plugin_host::library {
    boost::dll::shared_library handle;
};

plugin_host::plugin_host() : registry_(std::make_unique<indicator_registry>()) {}

plugin_host::~plugin_host() {
    registry_.reset();  // every indicator first, then the code that implements them
}

std::filesystem::path plugin_host::default_directory() {
    const std::filesystem::path program = boost::dll::program_location();
    return (program.parent_path() / MUNIDASH_PLUGIN_RELATIVE_DIR).lexically_normal();
}

std::vector<std::filesystem::path> plugin_host::plugin_files(const std::filesystem::path& directory) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
        const auto name = entry.path().filename().string();
        if (name.starts_with(plugin_file_prefix) && name.ends_with(plugin_file_suffix))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

namespace {

const std::string engine_description =
    std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " +
    std::to_string(MUNIDASH_PLUGIN_ABI) + ", build " + MUNIDASH_BUILD_TAG + ")";

const std::string rebuild_hint =
    std::string("rebuild the plugin against this engine's SDK: find_package(munidash ") +
    std::to_string(MUNIDASH_PLUGIN_ABI) + ") and munidash_add_plugin()";

// Why `file` cannot be a loadable shared library of this machine's kind, or "" when it can. The
// loader maps segments without checking them against the file's size, and touching a page past the
// end of a truncated file kills the process with SIGBUS: so the headers are checked first.
std::string elf_problem(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    Elf64_Ehdr header{};
    if (ec || !in.read(reinterpret_cast<char*>(&header), sizeof header) ||
        std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
        return "not a shared library (the file does not start with the ELF header)";
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB)
        return "an ELF file for another kind of machine (not 64-bit little-endian)";
    if (header.e_type != ET_DYN) return "an ELF file that is not a shared library (an executable or object file)";
    const auto fits = [&](std::uint64_t offset, std::uint64_t length) {
        return offset <= size && length <= size - offset;
    };
    if (header.e_phentsize != sizeof(Elf64_Phdr) ||
        !fits(header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr)))
        return "a truncated or damaged shared library (its program headers are incomplete)";
    in.seekg(static_cast<std::streamoff>(header.e_phoff));
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr segment{};
        if (!in.read(reinterpret_cast<char*>(&segment), sizeof segment))
            return "a truncated or damaged shared library (its program headers cannot be read)";
        if (segment.p_type == PT_LOAD && !fits(segment.p_offset, segment.p_filesz))
            return "a truncated shared library: it is " + std::to_string(size) +
                   " bytes, its segments need " + std::to_string(segment.p_offset + segment.p_filesz);
    }
    if (header.e_shoff != 0 && !fits(header.e_shoff, std::uint64_t{header.e_shnum} * header.e_shentsize))
        return "a truncated shared library: it is " + std::to_string(size) + " bytes, its section table ends at " +
               std::to_string(header.e_shoff + std::uint64_t{header.e_shnum} * header.e_shentsize);
    return {};
}

// Others than the owner can write: anyone who can write the file can run code in our process.
std::string writable_by_others(const std::filesystem::path& file) {
    struct stat st {};
    for (const auto& p : {file, file.parent_path()}) {
        if (::stat(p.c_str(), &st) == 0 && (st.st_mode & S_IWOTH) != 0 &&
            !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) != 0 && p != file))
            return p.string();
    }
    return {};
}


}  // namespace

bool plugin_host::load(const std::filesystem::path& file) {
    const auto refuse = [&](std::string what, std::string hint) {
        log_error("refused plugin " + file.string() + ": " + what);
        refusals_.push_back({{file, 0, 0}, "plugin refused: " + std::move(what), std::move(hint)});
        return false;
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return refuse("not a regular file", "give the path of a munidash_plugin_*.so file");
    if (const auto open = writable_by_others(file); !open.empty())
        return refuse("'" + open + "' can be written by other users, so anyone could run code in this process",
                      "chmod o-w '" + open + "'");
    if (const auto problem = elf_problem(file); !problem.empty())
        return refuse(problem, "remove it from the plugin folder, or rebuild it with munidash_add_plugin()");

    auto lib = std::make_unique<library>();
    try {
        lib->handle.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        // Ask the loader itself for the reason (truncated file, missing symbol, wrong machine).
        std::string reason = e.what();
        if (void* h = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL)) ::dlclose(h);
        else if (const char* why = ::dlerror()) reason = why;
        return refuse("the dynamic loader cannot load it: " + reason,
                      "a missing symbol means the plugin was built against another version of a "
                      "library; " + rebuild_hint);
    }
    if (!lib->handle.has(MUNIDASH_PLUGIN_ENTRY_NAME)) {
        libraries_.push_back(std::move(lib));  // loaded code stays loaded for the whole run
        return refuse("it has no entry point '" MUNIDASH_PLUGIN_ENTRY_NAME "': it is not a munidash plugin",
                      "declare the plugin with MUNIDASH_PLUGIN(name, version, register_function)");
    }
    const auto entry = lib->handle.get<const munidash_plugin_info*()>(MUNIDASH_PLUGIN_ENTRY_NAME);
    const munidash_plugin_info* info = entry();
    libraries_.push_back(std::move(lib));
    if (info == nullptr) return refuse("its entry point returned no plugin information", rebuild_hint);
    // The first field is the only one whose place is guaranteed across ABI versions.
    if (info->abi_version != MUNIDASH_PLUGIN_ABI)
        return refuse("it was built for plugin ABI " + std::to_string(info->abi_version) +
                          ", this engine is " + engine_description,
                      rebuild_hint);
    if (info->build_tag == nullptr || std::strcmp(info->build_tag, MUNIDASH_BUILD_TAG) != 0)
        return refuse(std::string("it was built with '") + (info->build_tag ? info->build_tag : "(none)") +
                          "', this engine is " + engine_description,
                      "build the plugin with the same standard library and settings as the engine; " +
                          rebuild_hint);
    if (info->name == nullptr || !is_identifier(info->name))
        return refuse(std::string("its name '") + (info->name ? info->name : "(none)") +
                          "' is not valid: use lower-case letters, digits and '_'",
                      "fix the first argument of MUNIDASH_PLUGIN");
    if (info->version == nullptr || info->sdk_version == nullptr || info->register_indicators == nullptr)
        return refuse("its plugin information is incomplete (version or registration function missing)",
                      "declare the plugin with MUNIDASH_PLUGIN(name, version, register_function)");
    for (const auto& other : plugins_)
        if (other.name == info->name)
            return refuse("a plugin named '" + other.name + "' is already loaded from " + other.file.string(),
                          "remove one of the two files, or rename one plugin");

    auto& kept = plugins_.emplace_back(plugin_record{info->name, info->version, info->sdk_version,
                                                     info->abi_version, info->build_tag, file, {}});
    indicator_registry::staging staged(*registry_, kept);
    std::string failure;
    try {
        info->register_indicators(staged);
    } catch (const std::exception& e) {
        failure = std::string("registering its indicators failed: ") + e.what();
    } catch (...) {
        failure = "registering its indicators threw an exception that is not a std::exception";
    }
    if (!failure.empty()) {
        plugins_.pop_back();
        return refuse(failure, "fix the plugin's registration function; throw munidash::indicator_error");
    }
    registry_->commit(std::move(staged), kept);
    std::string ids;
    for (const auto& id : kept.indicator_ids) ids += (ids.empty() ? "" : ", ") + id;
    log_info("loaded plugin " + kept.name + " " + kept.version + " from " + file.string() +
             " (indicators: " + ids + ")");
    return true;
}

void plugin_host::load_directories(const std::vector<std::filesystem::path>& directories) {
    for (const auto& directory : directories) {
        if (!std::filesystem::is_directory(directory)) {
            refusals_.push_back({{directory, 0, 0}, "plugin folder '" + directory.string() + "' does not exist",
                                 "check --plugin-dir and MUNIDASH_PLUGIN_PATH"});
            continue;
        }
        for (const auto& file : plugin_files(directory)) load(file);
    }
}

indicator_column plugin_host::compute(const registered_indicator& indicator,
                                      const indicator_inputs& inputs,
                                      const text_position& used_at,
                                      const isolation_settings& isolation) const {
    const auto fail = [&](std::string_view what, std::string hint = {}) {
        return munidash_error(failure_kind::plugin,
                              diagnostic{used_at,
                                         "indicator '" + indicator.description.id + "' of plugin '" +
                                             indicator.plugin->name + "' " + indicator.plugin->version +
                                             " (" + indicator.plugin->file.string() + ") " + std::string(what),
                                         hint.empty() ? "report this to the plugin's author, with the spec and data"
                                                      : std::move(hint)});
    };
    const auto message = [&](std::string_view what, std::string hint = {}) {
        return format_diagnostic(fail(what, std::move(hint)).diagnostics().front());
    };
    // In this process nothing can go on after a crash, a hang or exit(): say how to contain them.
    const std::string contain_hint =
        "give the indicator 'isolation: process' (or run with --isolate-plugins) so that its failure is contained "
        "and on_failure: skip can go on, and report this to the plugin's author";
    indicator_column out;
    if (isolation.mode == isolation_mode::process) {
        auto outcome = run_isolated([&] { return indicator.implementation->compute(inputs); }, isolation);
        if (!outcome.ok) throw fail(outcome.failure, outcome.hint);
        out = std::move(outcome.column);
    } else {
        try {
            // A plugin that calls exit() would end the run with its status (often 0), no workbook and no
            // word: the trap turns that into this message and the plugin exit code.
            const exit_trap trap(message("called exit() while computing: the run is stopped, no workbook was written",
                                         contain_hint),
                                 static_cast<int>(failure_kind::plugin));
            // A crash or a hang leaves this process unfit to go on (on_failure: skip cannot help): the
            // guard names the plugin and stops the run with the plugin exit code, not a bare signal.
            const in_process_guard guard([&](std::string_view what) { return message(what, contain_hint); },
                                         isolation.time_limit, static_cast<int>(failure_kind::plugin));
            out = indicator.implementation->compute(inputs);
        } catch (const std::bad_alloc&) {
            throw fail("ran out of memory while computing (an allocation failed: std::bad_alloc)",
                       "give the indicator 'isolation: process' and 'limits: {memory: ...}' to bound it, and report "
                       "this to the plugin's author");
        } catch (const std::exception& e) {
            throw fail(std::string("failed: ") + e.what());
        } catch (...) {
            throw fail("failed with an exception that is not a std::exception");
        }
    }
    const auto towns = inputs.town_count();
    if (out.values.size() != towns)
        throw fail("returned " + std::to_string(out.values.size()) + " values for " +
                   std::to_string(towns) + " towns");
    if (!out.flags.empty() && out.flags.size() != towns)
        throw fail("returned " + std::to_string(out.flags.size()) + " flags for " +
                   std::to_string(towns) + " towns");
    if (out.numerators.size() != out.denominators.size() ||
        (!out.numerators.empty() && out.numerators.size() != towns))
        throw fail("returned " + std::to_string(out.numerators.size()) + " numerators and " +
                   std::to_string(out.denominators.size()) + " denominators for " + std::to_string(towns) +
                   " towns (both empty, or one each per town)");
    return out;
}

}  // namespace munidash
