#include <catch2/catch.hpp>

#include <string>

#include "scratch_file.hpp"
#include "spec/yaml_document.hpp"

using Catch::Matchers::Contains;

namespace {
// The diagnostics of a YAML text that must be refused, one per line.
std::string refusal(const std::string& text) {
    try {
        munidash::read_yaml_text(text, "spec.yaml");
    } catch (const munidash::munidash_error& e) {
        CHECK(e.kind() == munidash::failure_kind::spec);
        return e.what();
    }
    FAIL("the text was accepted: " << text);
    return {};
}
}  // namespace

TEST_CASE("yaml: scalars stay text, with their 1-based line and column") {
    const auto root = munidash::read_yaml_text("report:\n  code: 01001\n  corse: 2A004\n  n: 0x10\n", "s.yaml");
    const auto* report = root.find("report");
    REQUIRE(report);
    const auto* code = report->find("code");
    REQUIRE(code);
    CHECK(code->text == "01001");  // never octal 513
    CHECK(code->where.line == 2);
    CHECK(code->where.column == 9);
    CHECK(report->find("corse")->text == "2A004");
    CHECK(report->find("n")->text == "0x10");
}

TEST_CASE("yaml: a duplicate key is refused at the second occurrence, naming the first") {
    CHECK(refusal("a: 1\nb: 2\na: 3\n") ==
          "spec.yaml:3:1: error: duplicate key 'a' (it is already set at spec.yaml:1:1; keep one of the two)");
}

TEST_CASE("yaml: anchors and aliases are refused") {
    const auto message = refusal("base: &b {x: 1}\nother: *b\n");
    CHECK_THAT(message, Contains("spec.yaml:1:7: error: YAML anchors (&name) are not accepted"));
    CHECK_THAT(message, Contains("spec.yaml:2:8: error: YAML aliases (*name) are not accepted"));
}

TEST_CASE("yaml: several documents are refused") {
    CHECK_THAT(refusal("a: 1\n---\nb: 2\n"), Contains("error: the file holds several YAML documents"));
}

TEST_CASE("yaml: syntax errors carry their position") {
    CHECK_THAT(refusal("a: [1, 2\nb: 3\n"), Contains("spec.yaml:"));
    CHECK_THAT(refusal("a: [1, 2\nb: 3\n"), Contains("error: YAML syntax error"));
}

TEST_CASE("yaml: bytes that are not UTF-8 are refused with their line") {
    CHECK(refusal("title: ok\nname: Cr\xe9teil\n") ==
          "spec.yaml:2:9: error: the spec is not valid UTF-8 (byte offset 18) (save the file as UTF-8)");
}

TEST_CASE("yaml: explicit tags and excessive nesting are refused") {
    CHECK_THAT(refusal("a: !!int 3\n"), Contains("error: YAML tag 'tag:yaml.org,2002:int' is not accepted"));
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    deep += std::string(80, ' ') + "v: 1\n";
    CHECK_THAT(refusal(deep), Contains("the spec nests deeper than 32 levels"));
}

TEST_CASE("yaml: oversized files are refused before parsing") {
    CHECK_THAT(refusal(std::string(munidash::max_spec_bytes + 1, '#')), Contains("over the limit of 1048576"));
    // A file says its own size, not the limit plus one.
    const munidash_test::scratch_file big("big.yaml", std::string(3 * munidash::max_spec_bytes, '#'));
    try {
        munidash::read_yaml_file(big.path());
        FAIL("no error");
    } catch (const munidash::munidash_error& e) {
        CHECK_THAT(std::string(e.what()), Contains("the spec is 3145728 bytes, over the limit of 1048576"));
    }
}

TEST_CASE("yaml: a duplicate key inside a nested mapping is refused too, with its line and column") {
    CHECK(refusal("report:\n  title: A\n  sources:\n    x: 1\n    x: 2\n") ==
          "spec.yaml:5:5: error: duplicate key 'x' (it is already set at spec.yaml:4:5; keep one of the two)");
    CHECK(refusal("list:\n  - {a: 1, a: 2}\n") ==
          "spec.yaml:2:12: error: duplicate key 'a' (it is already set at spec.yaml:2:6; keep one of the two)");
}
