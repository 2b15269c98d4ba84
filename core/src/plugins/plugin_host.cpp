// The only file that uses Boost.DLL (and dlfcn, to read the loader's reason when a load fails:
// Boost.DLL 1.74 reports only a generic error code, and leaves the loader's message in dlerror()).
#define BOOST_DLL_USE_STD_FS 1
#include "plugins/plugin_host.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <munidash/checks.hpp>

#include "base/logging.hpp"
#include "base/names.hpp"
#include "base/platform.hpp"
#include "base/sha256.hpp"
#include "plugins/plugin_identity.hpp"
#include "plugins/plugin_lock.hpp"
#include "plugins/plugin_trust.hpp"

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
        if (name.starts_with(plugin_file_prefix) && name.ends_with(plugin_file_suffix)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

namespace {

const std::string engine_description = std::string("munidash ") + MUNIDASH_VERSION + " (plugin ABI " +
                                       std::to_string(MUNIDASH_PLUGIN_ABI) + ", build " + MUNIDASH_BUILD_TAG + ")";

const std::string rebuild_hint = std::string("rebuild the plugin against this engine's SDK: find_package(munidash ") +
                                 std::to_string(MUNIDASH_PLUGIN_ABI) + ") and munidash_add_plugin()";

// Why a plugin is refused, and what fixes it.
struct refusal {
    std::string what;
    std::string hint;
};

// Why a plugin, known by the identity note read from its file, is not one this engine loads; nothing
// when it may be loaded. Everything up to dlopen reads the file only: no code of a refused plugin ever runs.
std::optional<refusal> refusal_before_loading(const plugin_identity& identity,
                                              const std::deque<plugin_record>& loaded) {
    if (identity.abi != MUNIDASH_PLUGIN_ABI_TEXT)
        return refusal{"it was built for plugin ABI " + identity.abi + ", this engine is " + engine_description,
                       rebuild_hint};
    if (identity.build_tag != MUNIDASH_BUILD_TAG)
        return refusal{"it was built with '" + identity.build_tag + "', this engine is " + engine_description,
                       "build the plugin with the same standard library and settings as the engine; " + rebuild_hint};
    if (!is_identifier(identity.name))
        return refusal{"its name '" + identity.name + "' is not valid: use lower-case letters, digits and '_'",
                       "fix the first argument of MUNIDASH_PLUGIN"};
    for (const auto& other : loaded)
        if (other.name == identity.name)
            return refusal{"a plugin named '" + other.name + "' is already loaded from " + other.file.string(),
                           "remove one of the two files, or rename one plugin"};
    return std::nullopt;
}

// Why the entry point's answer is not what the identity note promised; nothing when they match.
// The note and the entry are written by the same macro: a difference means a hand-made or altered file.
std::optional<refusal> entry_mismatch(const munidash_plugin_info* info, const plugin_identity& identity) {
    if (info == nullptr) return refusal{"its entry point returned no plugin information", rebuild_hint};
    const auto same = [](const char* given, const std::string& noted) { return given != nullptr && noted == given; };
    if (std::to_string(info->abi_version) != identity.abi || !same(info->build_tag, identity.build_tag) ||
        !same(info->name, identity.name) || !same(info->version, identity.version) || info->sdk_version == nullptr ||
        info->register_indicators == nullptr)
        return refusal{
            "its entry point does not match its identity note (plugin '" + identity.name + "' " + identity.version +
                ", ABI " + identity.abi + ", " + identity.build_tag +
                "): the file was not made by MUNIDASH_PLUGIN, or was altered",
            "declare the plugin with MUNIDASH_PLUGIN(name, version, register_function) only; " + rebuild_hint};
    return std::nullopt;
}

}  // namespace

bool plugin_host::load(const std::filesystem::path& file) {
    const auto refuse = [&](refusal why) {
        log_error("refused plugin " + file.string() + ": " + why.what);
        refusals_.push_back({{file, 0, 0}, "plugin refused: " + std::move(why.what), std::move(why.hint)});
        return false;
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return refuse({"not a regular file", "give the path of a munidash_plugin_*.so file"});
    if (const auto distrust = check_plugin_trust(file); !distrust.reason.empty())
        return refuse({distrust.reason, distrust.fix});
    const auto read = read_plugin_identity(file);
    if (const auto* problem = std::get_if<identity_problem>(&read))
        return refuse(
            {problem->reason, problem->is_shared_library
                                  ? rebuild_hint + " (MUNIDASH_PLUGIN writes the identity note)"
                                  : "remove it from the plugin folder, or rebuild it with munidash_add_plugin()"});
    const auto& identity = std::get<plugin_identity>(read);
    if (auto why = refusal_before_loading(identity, plugins_)) return refuse(std::move(*why));
    if (pins_) {
        const auto sha256 = sha256_of_file(file).value_or("");
        if (auto problem = pin_problem(*pins_, identity.name, identity.version, sha256)) {
            log_error("refused plugin " + file.string() + ": " + problem->message);
            refusals_.push_back({{file, 0, 0}, std::move(problem->message), std::move(problem->hint)});
            return false;
        }
    }
    std::string failure, hint;
    const munidash_plugin_info* info = open_entry(file, failure, hint);
    if (info == nullptr && !failure.empty()) return refuse({failure, hint});
    if (auto why = entry_mismatch(info, identity)) return refuse(std::move(*why));
    if (auto failed = register_plugin(file, *info); !failed.empty())
        return refuse({std::move(failed), "fix the plugin's registration function; throw munidash::indicator_error"});
    return true;
}

const munidash_plugin_info* plugin_host::open_entry(const std::filesystem::path& file, std::string& failure,
                                                    std::string& hint) {
    auto lib = std::make_unique<library>();
    boost::dll::fs::error_code load_error;
    ::dlerror();  // clear any earlier message, so that the one read below is this load's
    lib->handle.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, load_error);
    if (load_error) {
        // Boost.DLL 1.74 reports a generic error code; the loader's own message (a missing symbol, a
        // missing library) is still waiting in dlerror(): one load, and the real reason.
        const char* why = ::dlerror();
        failure = "the dynamic loader cannot load it: " + std::string(why ? why : load_error.message());
        hint = "a missing symbol means the plugin was built against another version of a library; " + rebuild_hint;
        return nullptr;
    }
    if (!lib->handle.has(MUNIDASH_PLUGIN_ENTRY_NAME)) {
        libraries_.push_back(std::move(lib));  // loaded code stays loaded for the whole run
        failure = "it has no entry point '" MUNIDASH_PLUGIN_ENTRY_NAME "': it is not a munidash plugin";
        hint = "declare the plugin with MUNIDASH_PLUGIN(name, version, register_function)";
        return nullptr;
    }
    const auto entry = lib->handle.get<const munidash_plugin_info*()>(MUNIDASH_PLUGIN_ENTRY_NAME);
    const munidash_plugin_info* info = entry();
    libraries_.push_back(std::move(lib));
    return info;
}

std::string plugin_host::register_plugin(const std::filesystem::path& file, const munidash_plugin_info& info) {
    auto& kept = plugins_.emplace_back(
        plugin_record{info.name, info.version, info.sdk_version, info.abi_version, info.build_tag, file, {}});
    indicator_registry::staging staged(*registry_, kept);
    std::string failure;
    try {
        info.register_indicators(staged);
    } catch (const std::exception& e) {
        failure = std::string("registering its indicators failed: ") + e.what();
    } catch (...) {
        failure = "registering its indicators threw an exception that is not a std::exception";
    }
    if (!failure.empty()) {
        plugins_.pop_back();
        return failure;
    }
    registry_->commit(std::move(staged), kept);
    std::string ids;
    for (const auto& id : kept.indicator_ids) ids += (ids.empty() ? "" : ", ") + id;
    log_info("loaded plugin " + kept.name + " " + kept.version + " from " + file.string() + " (indicators: " + ids +
             ")");
    return {};
}

void plugin_host::load_directories(const std::vector<std::filesystem::path>& directories) {
    for (const auto& directory : directories) {
        if (!std::filesystem::is_directory(directory)) {
            refusals_.push_back({{directory, 0, 0},
                                 "plugin folder '" + directory.string() + "' does not exist",
                                 "check --plugin-dir and MUNIDASH_PLUGIN_PATH"});
            continue;
        }
        for (const auto& file : plugin_files(directory)) load(file);
    }
}

indicator_column plugin_host::compute(const registered_indicator& indicator, const indicator_inputs& inputs,
                                      const text_position& used_at, const isolation_settings& isolation) const {
    const auto fail = [&](std::string_view what, std::string hint = {}) {
        return munidash_error(
            failure_kind::plugin,
            diagnostic{used_at,
                       "indicator '" + indicator.description.id + "' of plugin '" + indicator.plugin->name + "' " +
                           indicator.plugin->version + " (" + indicator.plugin->file.string() + ") " +
                           std::string(what),
                       hint.empty() ? "report this to the plugin's author, with the spec and data" : std::move(hint)});
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
            const exit_trap trap(
                message("called exit() while computing: the run is stopped, no workbook was written", contain_hint),
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
    // The checks <munidash/testing.hpp> makes too, with the same words.
    if (const auto problem = checks::column_problem(out, inputs.town_count()); !problem.empty()) throw fail(problem);
    return out;
}

}  // namespace munidash
