#include <catch2/catch.hpp>

#include "base/names.hpp"

TEST_CASE("names: identifiers for plugins, indicators, params and sources") {
    CHECK(munidash::is_identifier("fibre_coverage"));
    CHECK(munidash::is_identifier("a1"));
    CHECK_FALSE(munidash::is_identifier("1a"));
    CHECK_FALSE(munidash::is_identifier("Fibre"));
    CHECK_FALSE(munidash::is_identifier("fibre-coverage"));
    CHECK_FALSE(munidash::is_identifier(""));
    CHECK_FALSE(munidash::is_identifier(std::string(41, 'a')));
}

TEST_CASE("names: slugs become file names, so nothing else gets in") {
    CHECK(munidash::is_slug("petites-villes-numerique"));
    CHECK(munidash::is_slug("2024-t2"));
    CHECK_FALSE(munidash::is_slug("Petites villes"));
    CHECK_FALSE(munidash::is_slug("../etc"));
    CHECK_FALSE(munidash::is_slug("-x"));
    CHECK_FALSE(munidash::is_slug("a/b"));
}

TEST_CASE("names: numbers in a spec are plain decimals, whatever the locale") {
    CHECK(munidash::parse_plain_number("2500") == 2500.0);
    CHECK(munidash::parse_plain_number("+1.5") == 1.5);
    CHECK(munidash::parse_plain_number("-3e2") == -300.0);
    CHECK_FALSE(munidash::parse_plain_number("2 500"));
    CHECK_FALSE(munidash::parse_plain_number("2,5"));
    CHECK_FALSE(munidash::parse_plain_number("0x10"));
    CHECK_FALSE(munidash::parse_plain_number("inf"));
    CHECK_FALSE(munidash::parse_plain_number("nan"));
    CHECK_FALSE(munidash::parse_plain_number(""));
}
