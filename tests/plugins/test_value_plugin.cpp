// The built-in plugin "value": a source's column as published, optionally multiplied.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <cmath>
#include <string>
#include <vector>

#include <munidash/testing.hpp>

#include "plugin_test_support.hpp"
#include "plugins/plugin_host.hpp"

namespace {

const double no_value = std::nan("");

// The plugin loaded by the SDK's test helper, which fills declared defaults and checks outputs as the engine does.
const munidash::testing::loaded_plugin& value_plugin() {
    static const auto plugin = [] {
        const auto file = plugin_tests::builtin_dir / "munidash_plugin_value.so";
        void* library = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library == nullptr) FAIL("cannot load " << file << ": " << ::dlerror());
        const auto entry =
            reinterpret_cast<const munidash_plugin_info* (*)()>(::dlsym(library, MUNIDASH_PLUGIN_ENTRY_NAME));
        if (entry == nullptr) FAIL("no entry point in " << file);
        return munidash::testing::load(entry());
    }();
    return plugin;
}

}  // namespace

TEST_CASE("value: the host loads it, with a required column and an optional factor of 1") {
    munidash::plugin_host host;
    REQUIRE(host.load(plugin_tests::builtin_dir / "munidash_plugin_value.so"));
    const auto* value = host.registry().find("value");
    REQUIRE(value != nullptr);
    const auto& params = value->description.params;
    REQUIRE(params.size() == 2);
    CHECK(params[0].name == "column");
    CHECK(params[0].type == munidash::param_type::column);
    CHECK(params[0].required);
    CHECK(params[1].name == "multiply");
    CHECK(params[1].type == munidash::param_type::number);
    CHECK_FALSE(params[1].required);
    CHECK(params[1].default_value == "1");
    // Both languages a report can be written in.
    CHECK(value->description.language == "fr");
    REQUIRE(value->description.translations.size() == 1);
    CHECK(value->description.translations[0].language == "en");
}

TEST_CASE("value: each published value times the factor - a missing one stays missing") {
    const std::vector<double> published{0.25, 0, -3, no_value, 1e6};
    const auto factor = GENERATE(1.0, 100.0, 0.5, -2.0);
    INFO("multiply: " << factor);
    munidash::testing::table_inputs in({"01001", "01002", "01004", "01005", "2A004"});
    in.column("column", published).number("multiply", factor);
    const auto out = value_plugin().indicator("value").compute(in);
    REQUIRE(out.values.size() == published.size());
    for (std::size_t i = 0; i < published.size(); ++i) {
        INFO("town " << i);
        if (std::isnan(published[i]))
            CHECK(std::isnan(out.values[i]));
        else
            CHECK(out.values[i] == published[i] * factor);
    }
}

TEST_CASE("value: without 'multiply', the values as published") {
    munidash::testing::table_inputs in({"01001", "01002"});
    in.column("column", {12.5, no_value});
    const auto out = value_plugin().indicator("value").compute(in);
    CHECK(out.values[0] == 12.5);
    CHECK(std::isnan(out.values[1]));
}
