// A plugin's compute in a child process: the column comes back whole, and each way a plugin can
// fail there becomes a failure that names it. (The CLI's side, in-process guards included, is
// tests/e2e/test_plugin_isolation.py: a crash or a hang in this test process would end the tests.)
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>

#include <munidash/testing.hpp>

#include "plugin_test_support.hpp"
#include "plugins/plugin_host.hpp"

using Catch::Matchers::Contains;

namespace {

using plugin_tests::builtin_dir;
using plugin_tests::fixture;

munidash::isolation_settings isolated() {
    munidash::isolation_settings settings;
    settings.mode = munidash::isolation_mode::process;
    return settings;
}

// Whether two columns hold the same bits (NaN included).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("isolation: a column computed in a child process is the one computed in this process, bit for bit") {
    munidash::plugin_host host;
    host.load_directories({builtin_dir});
    munidash::testing::table_inputs in({"77475", "91312", "94069", "2A004"});
    in.column("numerator", {50, 3, 7, std::nan("")});
    in.column("denominator", {200, 0, 7, 10});
    in.number("scale", 100);
    in.column("premises_ftth", {2722, 110, std::nan(""), 0});
    in.column("premises", {2856, 100, 50, 40});
    for (const auto* id : {"ratio", "fibre_coverage"}) {
        INFO(id);
        const auto& indicator = *host.registry().find(id);
        const auto here = host.compute(indicator, in, {"r.yaml", 1, 1});
        auto settings = isolated();
        settings.time_limit = 60;
        settings.memory_limit = std::uint64_t{1} << 30;
        settings.seccomp = true;
        const auto there = host.compute(indicator, in, {"r.yaml", 1, 1}, settings);
        CHECK(same_bits(here.values, there.values));
        CHECK(here.flags == there.flags);
        CHECK(same_bits(here.numerators, there.numerators));
        CHECK(same_bits(here.denominators, there.denominators));
        CHECK(here.scale == there.scale);
    }
}

TEST_CASE("isolation: an exception, a wrong length, a crash, exit() and a hang in the child are failures naming them") {
    munidash::plugin_host host;
    for (const auto* name : {"fixture_throws_on_compute", "fixture_wrong_length", "fixture_crashes_on_compute",
                             "fixture_exits_on_compute", "fixture_hangs_on_compute"})
        REQUIRE(host.load(fixture(name)));
    munidash::testing::table_inputs in({"77475", "91312", "94069", "2A004"});
    in.column("input", {1, 2, 3, 4});
    in.number("factor", 1);
    const auto compute = [&](const char* id, const munidash::isolation_settings& settings) {
        return host.compute(*host.registry().find(id), in, {"r.yaml", 4, 3}, settings);
    };
    CHECK_THROWS_WITH(compute("always_throws", isolated()),
                      Contains("r.yaml:4:3: error: indicator 'always_throws' of plugin 'fixture_throws_on_compute' "
                               "1.0.0 (") &&
                          Contains("failed: division by zero in the fixture"));
    CHECK_THROWS_WITH(compute("too_short", isolated()), Contains("returned 3 values for 4 towns"));
    CHECK_THROWS_WITH(compute("crashes", isolated()),
                      Contains("r.yaml:4:3: error: indicator 'crashes' of plugin 'fixture_crashes_on_compute' 1.0.0") &&
                          Contains("was killed by signal 11 (SIGSEGV, Segmentation fault) while computing"));
    CHECK_THROWS_WITH(compute("exits", isolated()), Contains("called exit(0) while computing"));
    auto briefly = isolated();
    briefly.time_limit = 0.3;
    CHECK_THROWS_WITH(
        compute("hangs", briefly),
        Contains("ran past its time limit of 300 ms and was stopped (SIGKILL)") && Contains("raise limits.time"));
    try {
        compute("crashes", isolated());
    } catch (const munidash::munidash_error& e) {
        CHECK(e.kind() == munidash::failure_kind::plugin);  // what on_failure: skip lets a run go on without
    }
}
