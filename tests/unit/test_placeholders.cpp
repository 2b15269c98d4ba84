#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "base/placeholders.hpp"

using munidash::fill_placeholders;
using munidash::find_placeholder_problems;

TEST_CASE("placeholders: every occurrence is replaced, not only the first") {
    CHECK(fill_placeholders("{id}/{id}-{id}.xlsx", {{"id", "r"}}) == "r/r-r.xlsx");
    CHECK(fill_placeholders("{a} and {b}, then {a}", {{"a", "x"}, {"b", "y"}}) == "x and y, then x");
}

TEST_CASE("placeholders: adjacent placeholders and empty values") {
    CHECK(fill_placeholders("{town.code}{town.slug}", {{"town.code", "77475"}, {"town.slug", "trilport"}}) ==
          "77475trilport");
    CHECK(fill_placeholders("[{a}]", {{"a", ""}}) == "[]");
    CHECK(fill_placeholders("", {{"a", "x"}}).empty());
    CHECK(fill_placeholders("no placeholder", {}) == "no placeholder");
}

TEST_CASE("placeholders: a value holding braces is not expanded again") {
    CHECK(fill_placeholders("{a}-{b}", {{"a", "{b}"}, {"b", "{a}"}}) == "{b}-{a}");
    CHECK(fill_placeholders("{town}", {{"town", "{unknown"}}) == "{unknown");
}

TEST_CASE("placeholders: an unknown name or an unclosed brace is a programming error") {
    CHECK_THROWS_AS(fill_placeholders("{town} {count}", {{"town", "Trilport"}}), std::logic_error);
    CHECK_THROWS_WITH(fill_placeholders("{town} {count}", {{"town", "Trilport"}}), Catch::Contains("{count}"));
    CHECK_THROWS_AS(fill_placeholders("{town", {{"town", "Trilport"}}), std::logic_error);
    // A '}' alone is text.
    CHECK(fill_placeholders("a} {town}", {{"town", "T"}}) == "a} T");
}

TEST_CASE("placeholders: UTF-8 around them is kept byte for byte") {
    CHECK(fill_placeholders("« {indicator} » — {unit} ✓", {{"indicator", "Démarches"}, {"unit", "%"}}) ==
          "« Démarches » — % ✓");
    CHECK(fill_placeholders("{ville}é", {{"ville", "Saint-Étienne"}}) == "Saint-Étienneé");
}

TEST_CASE("placeholder problems: unknown names and unclosed braces, with where they start") {
    const std::vector<std::string> known{"report.id", "town.code"};
    CHECK(find_placeholder_problems("{report.id}/{town.code}.xlsx", known).empty());
    const auto problems = find_placeholder_problems("é{town.cod}/{report.id}{x}.xlsx", known);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].name == "town.cod");
    CHECK(problems[0].offset == 2);  // bytes: 'é' takes two
    CHECK_FALSE(problems[0].unclosed);
    CHECK(problems[1].name == "x");
    const auto unclosed = find_placeholder_problems("{town.code}-{report.id.xlsx", known);
    REQUIRE(unclosed.size() == 1);
    CHECK(unclosed[0].unclosed);
    CHECK(unclosed[0].name == "report.id.xlsx");
    CHECK(unclosed[0].offset == 12);
}
