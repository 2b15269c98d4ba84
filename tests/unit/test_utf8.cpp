#include <catch2/catch.hpp>

#include <string>

#include "base/utf8.hpp"

using munidash::find_invalid_utf8;

TEST_CASE("utf8: the lead byte says how long its sequence is, or that none starts with it") {
    CHECK(munidash::utf8_sequence_length('a') == 1);
    CHECK(munidash::utf8_sequence_length(0xC3) == 2);  // é
    CHECK(munidash::utf8_sequence_length(0xE2) == 3);  // —
    CHECK(munidash::utf8_sequence_length(0xF0) == 4);
    CHECK(munidash::utf8_sequence_length(0x80) == 0);  // a continuation byte
    CHECK(munidash::utf8_sequence_length(0xC0) == 0);  // always overlong
    CHECK(munidash::utf8_sequence_length(0xC1) == 0);
    CHECK(munidash::utf8_sequence_length(0xF5) == 0);  // past U+10FFFF
    CHECK(munidash::utf8_sequence_length(0xFF) == 0);
}

TEST_CASE("utf8: every code point encodes and decodes back, at every length") {
    for (const char32_t c : {U'a', U'\u00E9', U'\u20AC', U'\uFFFD', U'\U0001F600', U'\U0010FFFF'}) {
        std::string text = "x";
        munidash::append_utf8(text, c);
        text += "y";
        CHECK_FALSE(find_invalid_utf8(text));
        std::size_t i = 1;
        CHECK(munidash::next_utf8_char(text, i) == c);
        CHECK(text[i] == 'y');
        CHECK(munidash::utf8_length(text) == 3);
    }
}

TEST_CASE("utf8: invalid sequences are found where they start") {
    CHECK_FALSE(find_invalid_utf8("Évry — Saint-Étienne"));
    CHECK(find_invalid_utf8("ab\xC3") == 2u);             // cut short
    CHECK(find_invalid_utf8("ab\xC3x") == 2u);            // not continued
    CHECK(find_invalid_utf8("a\x80") == 1u);              // a continuation alone
    CHECK(find_invalid_utf8("a\xC0\xAF") == 1u);          // overlong '/'
    CHECK(find_invalid_utf8("a\xE0\x80\xAF") == 1u);      // overlong, three bytes
    CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1u);      // a UTF-16 surrogate
    CHECK(find_invalid_utf8("a\xF4\x90\x80\x80") == 1u);  // past U+10FFFF
    CHECK(find_invalid_utf8("a\xF8\x88\x80\x80\x80") == 1u);
}

TEST_CASE("utf8: prefixes and lengths count characters, not bytes") {
    CHECK(munidash::utf8_length("Évry") == 4);
    CHECK(munidash::utf8_prefix("Évry-Courcouronnes", 4) == "Évry");
    CHECK(munidash::utf8_prefix("é", 5) == "é");
}
