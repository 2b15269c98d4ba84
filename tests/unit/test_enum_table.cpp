// One table per enum: names read, printed and listed from the same entries.
#include <catch2/catch.hpp>

#include "base/enum_table.hpp"
#include "base/logging.hpp"
#include "spec/report_spec.hpp"

namespace munidash {

enum class test_colour { red, green, blue };
inline constexpr enum_entry<test_colour> test_colour_table[]{
    {test_colour::red, "red", "warm"},
    {test_colour::green, "green", "calm"},
    {test_colour::blue, "blue", "cold"},
};
constexpr const auto& entries_of(test_colour) { return test_colour_table; }

// Tables the check refuses: a value left out, entries out of order, a name twice.
inline constexpr enum_entry<test_colour> missing_blue[]{{test_colour::red, "red", ""},
                                                        {test_colour::green, "green", ""}};
inline constexpr enum_entry<test_colour> out_of_order[]{
    {test_colour::green, "green", ""}, {test_colour::red, "red", ""}, {test_colour::blue, "blue", ""}};
inline constexpr enum_entry<test_colour> named_twice[]{
    {test_colour::red, "red", ""}, {test_colour::green, "red", ""}, {test_colour::blue, "blue", ""}};

}  // namespace munidash

using namespace munidash;

static_assert(is_enum_table(test_colour_table));
static_assert(!is_enum_table(missing_blue));
static_assert(!is_enum_table(out_of_order));
static_assert(!is_enum_table(named_twice));
static_assert(name_of(test_colour::green) == "green");

TEST_CASE("enum tables: a name reads as its value, a value prints as its name") {
    CHECK(enum_named<test_colour>("blue") == test_colour::blue);
    CHECK_FALSE(enum_named<test_colour>("Blue").has_value());
    CHECK_FALSE(enum_named<test_colour>("").has_value());
    CHECK(name_of(test_colour::red) == "red");
    CHECK(description_of(test_colour::blue) == "cold");
    for (const auto& entry : test_colour_table) CHECK(enum_named<test_colour>(name_of(entry.value)) == entry.value);
}

TEST_CASE("enum tables: the names listed for messages, in the enum's order") {
    CHECK(enum_names<test_colour>() == std::vector<std::string>{"red", "green", "blue"});
    CHECK(enum_alternatives<test_colour>() == "'red', 'green' or 'blue'");
    CHECK(enum_alternatives<failure_policy>() == "'stop' or 'skip'");
    CHECK(enum_names_explained<test_colour>() == "'red' warm; 'green' calm; 'blue' cold");
    CHECK(enum_names_described<test_colour>() == "red (warm); green (calm); blue (cold)");
}

TEST_CASE("enum tables: the spec's names are those its reference documents") {
    CHECK(enum_names<normalisation>() == normalisation_names());
    CHECK(enum_names<normalisation>() ==
          std::vector<std::string>{"minmax", "zscore", "rank", "percentile", "goalposts", "index"});
    CHECK(enum_named<peer_grouping>("groups") == peer_grouping::explicit_groups);
    CHECK(enum_named<question_type>("time_range") == question_type::time_range);
    CHECK(name_of(text_encoding::windows1252) == "windows-1252");
    CHECK(name_of(direction::lower_is_better) == "lower");
    CHECK(enum_named<log_format>("json") == log_format::json);
}
