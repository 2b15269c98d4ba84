// The catalogue of workbook texts: every text in both languages, with the same placeholders.
// (That every field of the labels structs is in the catalogue is checked when labels.cpp compiles:
// a field left out changes the structs' size, which a static_assert there compares.)
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "workbook/label_catalogue.hpp"

namespace {

// The parts of a text that code fills in or Excel reads: "{town}", and the page header's "&P", "&N".
std::multiset<std::string> placeholders(std::string_view text) {
    static const std::regex pattern(R"(\{[a-z_]+\}|&[A-Z])");
    std::multiset<std::string> found;
    const std::string copy(text);
    for (auto it = std::sregex_iterator(copy.begin(), copy.end(), pattern); it != std::sregex_iterator(); ++it)
        found.insert(it->str());
    return found;
}

// Checks one text in both languages: neither empty (unless allowed), the same placeholders.
void check_pair(std::string_view french, std::string_view english, bool empty_allowed, const std::string& what) {
    INFO(what << ": \"" << french << "\" / \"" << english << "\"");
    if (!empty_allowed) {
        CHECK_FALSE(french.empty());
        CHECK_FALSE(english.empty());
    } else {
        CHECK_FALSE((french.empty() && english.empty()));
    }
    CHECK(placeholders(french) == placeholders(english));
}

// Checks that no field of `Labels` is listed twice, and every text of the catalogue.
template <class Labels>
void check_catalogue(std::span<const munidash::label_text<Labels>> texts,
                     std::span<const munidash::label_list<Labels>> lists, const std::string& name) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
        check_pair(texts[i].french, texts[i].english, texts[i].empty_allowed, name + " text " + std::to_string(i));
        for (std::size_t j = 0; j < i; ++j) {
            INFO(name << " texts " << j << " and " << i << " fill the same field");
            CHECK_FALSE(texts[i].member == texts[j].member);
        }
    }
    for (std::size_t i = 0; i < lists.size(); ++i) {
        CHECK_FALSE(lists[i].items.empty());
        for (std::size_t k = 0; k < lists[i].items.size(); ++k)
            check_pair(lists[i].items[k].french, lists[i].items[k].english, false,
                       name + " list " + std::to_string(i) + " item " + std::to_string(k));
        for (std::size_t j = 0; j < i; ++j) {
            INFO(name << " lists " << j << " and " << i << " fill the same field");
            CHECK_FALSE(lists[i].member == lists[j].member);
        }
    }
}

// Checks that the labels of both languages hold the catalogue's texts, field by field.
template <class Labels>
void check_filled(std::span<const munidash::label_text<Labels>> texts,
                  std::span<const munidash::label_list<Labels>> lists, const Labels& french, const Labels& english) {
    CHECK(french.french);
    CHECK_FALSE(english.french);
    for (const auto& text : texts) {
        CHECK(french.*text.member == text.french);
        CHECK(english.*text.member == text.english);
    }
    for (const auto& list : lists) {
        REQUIRE((french.*list.member).size() == list.items.size());
        REQUIRE((english.*list.member).size() == list.items.size());
        for (std::size_t k = 0; k < list.items.size(); ++k) {
            CHECK((french.*list.member)[k] == list.items[k].french);
            CHECK((english.*list.member)[k] == list.items[k].english);
        }
    }
}

}  // namespace

TEST_CASE("labels: placeholders are found, so that a difference between languages shows") {
    CHECK(placeholders("Page &P sur &N") == std::multiset<std::string>{"&N", "&P"});
    CHECK(placeholders("{label} : {score} — rang {rank}") ==
          std::multiset<std::string>{"{label}", "{rank}", "{score}"});
    CHECK(placeholders("{town}") != placeholders("{towns}"));
    CHECK(placeholders("Sans accolades, ni &esperluette.").empty());
}

TEST_CASE("labels: every workbook text is in French and English, once, with the same placeholders") {
    check_catalogue(munidash::workbook_text_catalogue(), munidash::workbook_list_catalogue(), "workbook");
    CHECK(munidash::workbook_text_catalogue().size() > 100);
}

TEST_CASE("labels: every request workbook text is in French and English, once, with the same placeholders") {
    check_catalogue(munidash::request_text_catalogue(), munidash::request_list_catalogue(), "request");
}

TEST_CASE("labels: each flag has a name in both languages, and a mark and meaning unless it is 'missing'") {
    std::set<munidash::value_flag> seen;
    for (const auto& row : munidash::flag_catalogue()) {
        INFO("flag " << static_cast<int>(row.flag));
        CHECK(seen.insert(row.flag).second);
        CHECK(row.flag != munidash::value_flag::none);
        check_pair(row.name.french, row.name.english, false, "flag name");
        const bool unmarked = row.flag == munidash::value_flag::missing;
        CHECK(row.mark.french.empty() == unmarked);
        CHECK(row.mark.english.empty() == unmarked);
        CHECK(row.meaning.french.empty() == unmarked);
        CHECK(row.meaning.english.empty() == unmarked);
        CHECK(placeholders(row.meaning.french) == placeholders(row.meaning.english));
    }
    // Every flag a value can carry but `none` has its row.
    CHECK(seen.size() == static_cast<std::size_t>(munidash::value_flag::prefilled));
}

TEST_CASE("labels: the labels of each language are the catalogue's texts") {
    check_filled(munidash::workbook_text_catalogue(), munidash::workbook_list_catalogue(), munidash::labels_for("fr"),
                 munidash::labels_for("en"));
    check_filled(munidash::request_text_catalogue(), munidash::request_list_catalogue(),
                 munidash::request_labels_for("fr"), munidash::request_labels_for("en"));
    const auto& english = munidash::labels_for("en");
    REQUIRE(english.flags.size() == munidash::flag_catalogue().size());
    CHECK(english.flag_mark(munidash::value_flag::capped) == "(c)");
    CHECK(munidash::labels_for("fr").flag_mark(munidash::value_flag::capped) == "(p)");
    CHECK(english.flag_name(munidash::value_flag::missing) == "missing");
}
