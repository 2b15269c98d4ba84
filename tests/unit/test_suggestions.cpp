#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/suggestions.hpp"

TEST_CASE("nearest name: typos find their word, unrelated words find nothing") {
    const std::vector<std::string> names{"ratio", "per_capita", "fibre_coverage"};
    CHECK(munidash::nearest_name("ratoi", names) == "ratio");
    CHECK(munidash::nearest_name("per_capta", names) == "per_capita");
    CHECK(munidash::nearest_name("fiber_coverage", names) == "fibre_coverage");
    CHECK(munidash::nearest_name("population", names).empty());
}

TEST_CASE("unknown name hint lists the choices") {
    const std::vector<std::string> names{"select", "reference", "peer_groups"};
    CHECK(munidash::unknown_name_hint("selct", names) ==
          "did you mean 'select'? expected one of: select, reference, peer_groups");
    CHECK(munidash::unknown_name_hint("zzz", names) == "expected one of: select, reference, peer_groups");
}
