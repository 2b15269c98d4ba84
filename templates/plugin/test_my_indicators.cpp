// Tests of the plugin on a small table written here: no engine, no data file, no spec.
// Run them with: cmake --build build && ctest --test-dir build
#include <cmath>
#include <iostream>

#include <munidash/testing.hpp>

// The entry point MUNIDASH_PLUGIN defines in my_indicators.cpp.
extern "C" const munidash_plugin_info* munidash_plugin_entry() noexcept;

namespace {
int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "FAILED: " << what << '\n';
        ++failures;
    }
}
}  // namespace

int main() {
    const auto plugin = munidash::testing::load(munidash_plugin_entry());
    const auto& difference = plugin.indicator("difference");
    check(difference.describe().better == munidash::direction::lower_is_better, "lower is better");

    munidash::testing::table_inputs in({"77475", "91312", "94069"});
    in.column("from", {1508, 3584, std::nan("")}).column("subtract", {1062, 3600, 10}).number("minimum", 0);
    const auto out = difference.compute(in);
    check(out.values.size() == 3, "one value per town");
    check(out.values[0] == 446, "1508 - 1062 = 446");
    check(out.values[1] == 0 && out.flags[1] == munidash::value_flag::capped, "below the minimum: raised, flagged");
    check(std::isnan(out.values[2]) && out.flags[2] == munidash::value_flag::missing, "missing input: missing value");

    // The default of `minimum` (0) is filled in as the engine does.
    munidash::testing::table_inputs defaulted({"77475"});
    defaulted.column("from", {1}).column("subtract", {5});
    check(difference.compute(defaulted).values[0] == 0, "the declared default minimum, 0");

    std::cout << (6 - failures) << " passed, " << failures << " failed\n";
    return failures == 0 ? 0 : 1;
}
