// The plugin host with real .so files: the built-in plugins load, every broken fixture is refused.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "base/sha256.hpp"
#include "plugin_test_support.hpp"
#include "plugins/plugin_host.hpp"
#include "plugins/plugin_identity.hpp"

using Catch::Matchers::Contains;

namespace {

using plugin_tests::builtin_dir;
using plugin_tests::fixture;

// Loads one fixture into a fresh host and returns why it was refused.
std::string refusal_of(const std::string& name, bool with_builtins = false) {
    munidash::plugin_host host;
    if (with_builtins) host.load_directories({builtin_dir});
    REQUIRE(host.refusals().empty());
    CHECK_FALSE(host.load(fixture(name)));
    REQUIRE(host.refusals().size() == 1);
    return munidash::format_diagnostic(host.refusals().front());
}

// A trace file of its own for one test: the traced fixtures append their name to it when loaded.
class trace_file {
public:
    explicit trace_file(const std::string& test)
        : path_(std::filesystem::temp_directory_path() /
                ("munidash-trace-" + test + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove(path_);
        ::setenv("MUNIDASH_FIXTURE_TRACE", path_.c_str(), 1);
    }
    ~trace_file() {
        ::unsetenv("MUNIDASH_FIXTURE_TRACE");
        std::filesystem::remove(path_);
    }
    // What the fixtures' static constructors wrote: "" when none of their code ran.
    std::string text() const {
        std::ifstream in(path_);
        std::string all;
        for (std::string line; std::getline(in, line);) all += line + '\n';
        return all;
    }

private:
    std::filesystem::path path_;
};

// A folder of its own for one test, removed after it.
class scratch_folder {
public:
    explicit scratch_folder(const std::string& test)
        : path_(std::filesystem::temp_directory_path() / ("munidash-host-" + test + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
        std::filesystem::permissions(path_, std::filesystem::perms(0755));
    }
    ~scratch_folder() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A copy of the traced fixture in `folder`, mode 0755.
std::filesystem::path traced_copy_in(const std::filesystem::path& folder) {
    const auto copy = folder / "munidash_plugin_fixture_traced.so";
    std::filesystem::copy_file(fixture("fixture_traced"), copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(copy, std::filesystem::perms(0755));
    return copy;
}

}  // namespace

TEST_CASE("host: the built-in plugins load from their folder with their indicators") {
    munidash::plugin_host host;
    host.load_directories({builtin_dir});
    CHECK(host.refusals().empty());
    REQUIRE(host.plugins().size() == 5);
    CHECK(host.plugins()[0].name == "fibre_coverage");
    CHECK(host.plugins()[1].name == "opening_hours");
    CHECK(host.plugins()[2].name == "per_capita");
    CHECK(host.plugins()[3].name == "ratio");
    CHECK(host.plugins()[3].abi_version == MUNIDASH_PLUGIN_ABI);
    CHECK(host.plugins()[4].name == "value");
    CHECK(host.registry().ids() ==
          std::vector<std::string>{"fibre_coverage", "opening_hours", "per_capita", "ratio", "value"});
    const auto* ratio = host.registry().find("ratio");
    REQUIRE(ratio);
    CHECK(ratio->plugin->name == "ratio");
    CHECK(ratio->description.unit == "percent");
    REQUIRE(ratio->description.params.size() == 3);
    CHECK(ratio->description.params[2].default_value == "100");
}

TEST_CASE("host: only munidash_plugin_*.so files are tried") {
    const auto files = munidash::plugin_host::plugin_files(builtin_dir);
    REQUIRE(files.size() == 5);
    for (const auto& f : files) CHECK(f.filename().string().starts_with("munidash_plugin_"));
}

TEST_CASE("host: a wrong ABI number is refused before any plugin code runs") {
    CHECK_THAT(refusal_of("fixture_wrong_abi"),
               Contains("munidash_plugin_fixture_wrong_abi.so: error: plugin refused: it was built for plugin ABI 999, "
                        "this engine is munidash " MUNIDASH_VERSION " (plugin ABI 3"));
    CHECK_THAT(refusal_of("fixture_wrong_abi"), Contains("rebuild the plugin against this engine's SDK"));
}

TEST_CASE("host: a plugin built for an older ABI than the engine's is refused too") {
    const auto abi = std::to_string(MUNIDASH_PLUGIN_ABI);
    const auto older = std::to_string(MUNIDASH_PLUGIN_ABI - 1);
    CHECK_THAT(refusal_of("fixture_old_abi"),
               Contains("munidash_plugin_fixture_old_abi.so: error: plugin refused: it was built for plugin ABI " +
                        older + ", this engine is munidash " MUNIDASH_VERSION " (plugin ABI " + abi));
    CHECK_THAT(refusal_of("fixture_old_abi"), Contains("rebuild the plugin against this engine's SDK"));
}

TEST_CASE("host: a wrong build tag is refused") {
    CHECK_THAT(refusal_of("fixture_wrong_build_tag"),
               Contains("plugin refused: it was built with 'libc++-15/cxx11-string/release-containers', "
                        "this engine is munidash"));
}

TEST_CASE("host: a file that is not a shared library is refused") {
    CHECK_THAT(refusal_of("fixture_not_elf"),
               Contains("plugin refused: not a shared library (the file does not start with the ELF header)"));
}

TEST_CASE("host: a truncated library is refused before the loader maps it") {
    CHECK_THAT(refusal_of("fixture_truncated"),
               Contains("plugin refused: a truncated shared library: it is 2000 bytes"));
}

TEST_CASE("host: a library without the entry point is refused") {
    CHECK_THAT(refusal_of("fixture_no_entry"),
               Contains("plugin refused: it has no entry point 'munidash_plugin_entry': it is not a munidash plugin"));
}

TEST_CASE("host: an unresolved symbol fails at load time, naming the symbol") {
    CHECK_THAT(refusal_of("fixture_unresolved_symbol"),
               Contains("undefined symbol: munidash_fixture_function_nobody_defines"));
}

TEST_CASE("host: an exception during registration refuses the plugin and keeps none of its indicators") {
    munidash::plugin_host host;
    CHECK_FALSE(host.load(fixture("fixture_throws_on_register")));
    CHECK(host.plugins().empty());
    CHECK(host.registry().find("half_registered") == nullptr);
    CHECK_THAT(munidash::format_diagnostic(host.refusals().front()),
               Contains("plugin refused: registering its indicators failed: the configuration file of this "
                        "plugin is missing"));
}

TEST_CASE("host: duplicate indicator ids and plugin names are refused with exact messages") {
    const auto ratio_file = (builtin_dir / "munidash_plugin_ratio.so").string();
    CHECK_THAT(refusal_of("fixture_duplicate_indicator", true),
               Contains("plugin refused: registering its indicators failed: indicator 'ratio' of plugin "
                        "'fixture_duplicate_indicator' (" +
                        fixture("fixture_duplicate_indicator").string() +
                        ") is already registered by plugin 'ratio' (" + ratio_file + "): rename one of them"));
    CHECK_THAT(refusal_of("fixture_duplicate_name", true),
               Contains("plugin refused: a plugin named 'ratio' is already loaded from " + ratio_file));
}

TEST_CASE("host: the identity note is read from the file, as MUNIDASH_PLUGIN wrote it") {
    const auto read = munidash::read_plugin_identity(fixture("fixture_traced"));
    REQUIRE(std::holds_alternative<munidash::plugin_identity>(read));
    const auto& identity = std::get<munidash::plugin_identity>(read);
    CHECK(identity.abi == std::to_string(MUNIDASH_PLUGIN_ABI));
    CHECK(identity.build_tag == MUNIDASH_BUILD_TAG);
    CHECK(identity.sdk_version == MUNIDASH_VERSION);
    CHECK(identity.name == "fixture_traced");
    CHECK(identity.version == "1.0.0");
    const auto fields = munidash::identity_fields(std::string_view("a=1\0b=two\0junk\0c=", 17));
    CHECK(fields == std::map<std::string, std::string>{{"a", "1"}, {"b", "two"}, {"c", ""}});
}

TEST_CASE("host: a refused plugin runs nothing, not even its static constructors") {
    const trace_file trace("refused");
    for (const auto* name : {"fixture_wrong_abi", "fixture_old_abi", "fixture_wrong_build_tag", "fixture_no_note"}) {
        munidash::plugin_host host;
        CHECK_FALSE(host.load(fixture(name)));
    }
    CHECK(trace.text().empty());
    // The same fixture code does run when a plugin is accepted: the trace is not silent by accident.
    munidash::plugin_host host;
    CHECK(host.load(fixture("fixture_traced")));
    CHECK(trace.text() == "fixture_traced\n");
}

TEST_CASE("host: a library without an identity note, made the old way, is refused unread") {
    CHECK_THAT(refusal_of("fixture_no_note"),
               Contains("plugin refused: a shared library without munidash's identity note: it is not a munidash "
                        "plugin, or it was built with an SDK older than plugin ABI 3"));
}

TEST_CASE("host: an entry point that contradicts the identity note is refused") {
    CHECK_THAT(refusal_of("fixture_note_mismatch"),
               Contains("plugin refused: its entry point does not match its identity note (plugin "
                        "'fixture_note_mismatch' 1.0.0, ABI " +
                        std::to_string(MUNIDASH_PLUGIN_ABI)));
}

TEST_CASE("host: with pins, another build or an unpinned plugin is refused before it runs") {
    const trace_file trace("pins");
    const auto file = fixture("fixture_traced");
    const auto real = munidash::sha256_of_file(file).value();
    {
        munidash::plugin_host host;
        host.require_pins({"plugins.lock.json", {{"fixture_traced", std::string(64, '0')}}});
        CHECK_FALSE(host.load(file));
        CHECK(munidash::format_diagnostic(host.refusals().front()) ==
              file.string() + ": error: plugin 'fixture_traced' 1.0.0 is not the build the lock file pins: sha256 " +
                  real + ", the lock file 'plugins.lock.json' expects " + std::string(64, '0') +
                  " (install the pinned build, or, if this one was meant to replace it, pin it again: "
                  "munidash plugins lock SPEC)");
    }
    {
        munidash::plugin_host host;
        host.require_pins({"plugins.lock.json", {{"ratio", real}}});
        CHECK_FALSE(host.load(file));
        CHECK_THAT(munidash::format_diagnostic(host.refusals().front()),
                   Contains("plugin 'fixture_traced' 1.0.0 is not in the lock file 'plugins.lock.json'"));
    }
    CHECK(trace.text().empty());
    munidash::plugin_host host;
    host.require_pins({"plugins.lock.json", {{"fixture_traced", real}}});
    CHECK(host.load(file));
    CHECK(trace.text() == "fixture_traced\n");
}

TEST_CASE("host: a plugin folder that others can write is refused, sticky or not") {
    const trace_file trace("folders");
    const scratch_folder scratch("folders");
    const auto open = scratch.path() / "open";
    std::filesystem::create_directories(open);
    const auto copy = traced_copy_in(open);
    for (const auto mode : {01777, 0777, 0775}) {
        std::filesystem::permissions(open, std::filesystem::perms(mode));
        munidash::plugin_host host;
        CHECK_FALSE(host.load(copy));
        const auto message = munidash::format_diagnostic(host.refusals().front());
        CHECK_THAT(message, Contains("plugin refused: the folder '" + open.string() + "' can be written by"));
        CHECK_THAT(message, Contains(mode == 0775 ? "(chmod g-w '" : "(chmod o-w '"));
        if (mode == 01777) CHECK_THAT(message, Contains("(sticky or not, anyone can add a plugin to it)"));
    }
    std::filesystem::permissions(open, std::filesystem::perms(0755));
    std::filesystem::permissions(copy, std::filesystem::perms(0757));
    {
        munidash::plugin_host host;
        CHECK_FALSE(host.load(copy));
        CHECK_THAT(munidash::format_diagnostic(host.refusals().front()),
                   Contains("plugin refused: the plugin file '" + copy.string() + "' can be written by every user"));
    }
    CHECK(trace.text().empty());
    // A sticky folder above the plugin's own (like /tmp) is fine: nobody else can replace what is in it.
    std::filesystem::permissions(copy, std::filesystem::perms(0755));
    std::filesystem::permissions(scratch.path(), std::filesystem::perms(01777));
    munidash::plugin_host host;
    CHECK(host.load(copy));
    CHECK(trace.text() == "fixture_traced\n");
}

TEST_CASE("host: a symlink is followed, and the folders of the real file are checked too") {
    const trace_file trace("symlink");
    const scratch_folder scratch("symlink");
    const auto plugins = scratch.path() / "plugins";
    const auto elsewhere = scratch.path() / "elsewhere";
    std::filesystem::create_directories(plugins);
    std::filesystem::create_directories(elsewhere);
    const auto real = traced_copy_in(elsewhere);
    const auto link = plugins / "munidash_plugin_fixture_traced.so";
    std::filesystem::create_symlink(real, link);
    std::filesystem::permissions(elsewhere, std::filesystem::perms(0777));
    munidash::plugin_host host;
    CHECK_FALSE(host.load(link));
    const auto message = munidash::format_diagnostic(host.refusals().front());
    CHECK_THAT(message, Contains("the folder '" + elsewhere.string() + "' can be written by every user"));
    CHECK_THAT(message, Contains("('" + link.string() + "' leads to it)"));
    CHECK(trace.text().empty());
    std::filesystem::permissions(elsewhere, std::filesystem::perms(0755));
    munidash::plugin_host again;
    CHECK(again.load(link));
}

TEST_CASE("host: a plugin owned by another user is refused") {
    if (::geteuid() != 0) {
        WARN("skipped: giving a file to another user needs root");
        return;
    }
    const trace_file trace("owner");
    const scratch_folder scratch("owner");
    const auto copy = traced_copy_in(scratch.path());
    REQUIRE(::chown(copy.c_str(), 65534, 65534) == 0);  // nobody:nogroup
    munidash::plugin_host host;
    CHECK_FALSE(host.load(copy));
    CHECK_THAT(munidash::format_diagnostic(host.refusals().front()),
               Contains("plugin refused: the plugin file '" + copy.string() +
                        "' belongs to nobody, not to root or to root who runs munidash"));
    REQUIRE(::chown(copy.c_str(), 0, 0) == 0);
    REQUIRE(::chown(scratch.path().c_str(), 65534, 65534) == 0);
    munidash::plugin_host folder_host;
    CHECK_FALSE(folder_host.load(copy));
    CHECK_THAT(munidash::format_diagnostic(folder_host.refusals().front()),
               Contains("the folder '" + scratch.path().string() + "' belongs to nobody"));
    CHECK(trace.text().empty());
}
