// The plugin host with real .so files: the built-in plugins load, every broken fixture is refused.
#include <catch2/catch.hpp>

#include <string>

#include "plugin_host.hpp"

using Catch::Matchers::Contains;

namespace {

const std::filesystem::path builtin_dir = MUNIDASH_BUILTIN_PLUGIN_DIR;
const std::filesystem::path fixture_root = MUNIDASH_FIXTURE_PLUGIN_ROOT;

std::filesystem::path fixture(const std::string& name) {
    return fixture_root / name / ("munidash_plugin_" + name + ".so");
}

// Loads one fixture into a fresh host and returns why it was refused.
std::string refusal_of(const std::string& name, bool with_builtins = false) {
    munidash::plugin_host host;
    if (with_builtins) host.load_directories({builtin_dir});
    REQUIRE(host.refusals().empty());
    CHECK_FALSE(host.load(fixture(name)));
    REQUIRE(host.refusals().size() == 1);
    return munidash::format_diagnostic(host.refusals().front());
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
               Contains("munidash_plugin_fixture_old_abi.so: error: plugin refused: it was built for plugin ABI " + older +
                        ", this engine is munidash " MUNIDASH_VERSION " (plugin ABI " + abi));
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
    CHECK_THAT(refusal_of("fixture_truncated"), Contains("plugin refused: a truncated shared library: it is 2000 bytes"));
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
                        "'fixture_duplicate_indicator' (" + fixture("fixture_duplicate_indicator").string() +
                        ") is already registered by plugin 'ratio' (" + ratio_file + "): rename one of them"));
    CHECK_THAT(refusal_of("fixture_duplicate_name", true),
               Contains("plugin refused: a plugin named 'ratio' is already loaded from " + ratio_file));
}
