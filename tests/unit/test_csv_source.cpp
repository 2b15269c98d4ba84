#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "base/insee_code.hpp"
#include "error_of.hpp"
#include "scratch_file.hpp"
#include "sources/cell_values.hpp"
#include "sources/csv_source.hpp"
#include "sources/source_table.hpp"

using Catch::Matchers::Contains;

namespace {
const std::filesystem::path data_dir = MUNIDASH_TEST_DATA_DIR;

munidash::source_spec french_source() {
    munidash::source_spec s;
    s.name = "test";
    s.file = data_dir / "french.csv";
    s.key = "code_insee";
    s.dialect.separator = ';';
    s.dialect.decimal = ',';
    s.where = {"spec.yaml", 3, 5};
    return s;
}

using munidash_test::error_of;

std::string input_error(const auto& call) { return error_of(munidash::failure_kind::input, call); }
std::string spec_error(const auto& call) { return error_of(munidash::failure_kind::spec, call); }

using munidash_test::scratch_file;

// A ';' source with key code_insee, declared at spec.yaml:12:5.
munidash::source_spec semicolon_source(const std::filesystem::path& file) {
    munidash::source_spec s;
    s.name = "arcep";
    s.file = file;
    s.key = "code_insee";
    s.dialect.separator = ';';
    s.where = {"spec.yaml", 12, 5};
    s.file_where = {"spec.yaml", 13, 11};
    return s;
}

// The first lines of ARCEP's "Ma connexion internet" file: a disclaimer (with a comma) above the header.
const std::string arcep_head =
    "Version beta : les données sont présentées en l’état et ne sont pas toutes fiables, certaines devant "
    "encore être améliorées\n"
    "code_insee;nom_com;code_dep;nbr\n"
    "67017;Baerendorf;67;148\n"
    "38130;La Côte-Saint-André;38;2408\n";
}  // namespace

TEST_CASE("csv: French dialect with BOM, quotes, embedded newline, and the line of each row") {
    const auto spec = french_source();
    const auto table = munidash::read_csv(spec.file, spec.dialect, spec.where);
    CHECK(table.header == std::vector<std::string>{"code_insee", "nom", "locaux", "part"});
    REQUIRE(table.rows.size() == 4);
    CHECK(table.rows[0][1] == "L'Abergement; village");
    CHECK(table.rows[2][1] == "Trilport\r\nsur Marne");
    CHECK(table.row_lines == std::vector<int>{2, 3, 4, 6});
}

TEST_CASE("csv: codes keep leading zeros and Corsican letters, bad keys are set aside") {
    const auto spec = french_source();
    const munidash::source_table table(munidash::read_csv(spec.file, spec.dialect, spec.where), spec);
    CHECK(table.codes() == std::vector<std::string>{"01001", "2A004", "77475"});
    CHECK(table.rows_without_valid_code() == 1);
    const std::vector<std::string> codes{"77475", "2A004", "99999"};
    const auto part = table.numbers("part", codes);
    CHECK(part[0] == Approx(90.8));
    CHECK(std::isnan(part[1]));  // NA
    CHECK(std::isnan(part[2]));  // no row
}

TEST_CASE("csv: cells hidden by statistical secret are missing and known as secret") {
    const auto spec = french_source();
    const munidash::source_table table(munidash::read_csv(spec.file, spec.dialect, spec.where), spec);
    const std::vector<std::string> codes{"2A004", "77475", "99999"};
    CHECK(table.secret("locaux", codes) == std::vector<bool>{true, false, false});  // 2A004's locaux is 's'
    CHECK(std::isnan(table.numbers("locaux", codes)[0]));
}

TEST_CASE("csv: a secret marker that is not also a missing marker is missing, never 0") {
    auto spec = french_source();
    spec.dialect.missing_markers = {"", "NA"};  // 's' is a secret marker only
    spec.dialect.secret_markers = {"s"};
    const auto cell = munidash::read_cell_number("s", spec.dialect);
    CHECK(cell.status == munidash::cell_status::missing);
    const munidash::source_table table(munidash::read_csv(spec.file, spec.dialect, spec.where), spec);
    const std::vector<std::string> codes{"2A004"};
    CHECK(std::isnan(table.numbers("locaux", codes)[0]));  // 2A004's locaux is 's'
    CHECK(table.secret("locaux", codes) == std::vector<bool>{true});
}

TEST_CASE("csv: a number that is not one names the file and line") {
    const auto spec = french_source();
    const munidash::source_table table(munidash::read_csv(spec.file, spec.dialect, spec.where), spec);
    const std::vector<std::string> codes{"01001"};
    CHECK_THAT(input_error([&] { table.numbers("locaux", codes); }),
               Contains("french.csv:2: error: column 'locaux': '1 200' holds a space: declare 'thousands: \" \"'"));
}

TEST_CASE("csv: ambiguous numbers are refused, never guessed") {
    munidash::csv_dialect comma;
    comma.decimal = ',';
    CHECK(munidash::read_cell_number("1.234", comma).status == munidash::cell_status::invalid);
    CHECK(munidash::read_cell_number("12,5", comma).value == 12.5);
    munidash::csv_dialect dot;
    CHECK(munidash::read_cell_number("1,234", dot).status == munidash::cell_status::invalid);
    CHECK(munidash::read_cell_number("6.09e-05", dot).value == Approx(6.09e-05));
    CHECK(munidash::read_cell_number("s", dot).status == munidash::cell_status::missing);
    CHECK(munidash::read_cell_number("0x10", dot).status == munidash::cell_status::invalid);
}

TEST_CASE("csv: a row with the wrong number of fields, and a duplicated code") {
    const munidash::csv_dialect dialect;
    CHECK_THAT(input_error([&] { munidash::read_csv(data_dir / "wrong_fields.csv", dialect, {}); }),
               Contains("wrong_fields.csv:3: error: this row has 3 fields, the header has 2"));
    munidash::source_spec spec;
    spec.file = data_dir / "duplicate_code.csv";
    spec.key = "code";
    CHECK_THAT(input_error([&] { munidash::source_table(munidash::read_csv(spec.file, dialect, {}), spec); }),
               Contains("duplicate_code.csv:3: error: code 01001 appears twice in 'code' (first on line 2)"));
}

TEST_CASE("csv: INSEE codes") {
    CHECK(munidash::is_insee_code("01001"));
    CHECK(munidash::is_insee_code("2B033"));
    CHECK(munidash::is_insee_code("97101"));
    CHECK_FALSE(munidash::is_insee_code("4070"));
    CHECK_FALSE(munidash::is_insee_code("0null"));
    CHECK_FALSE(munidash::is_insee_code("2C001"));
}

TEST_CASE("csv: thousands separators, including no-break spaces, only between groups of three") {
    munidash::csv_dialect french;
    french.decimal = ',';
    french.thousands = ' ';
    CHECK(munidash::read_cell_number("1 234,5", french).value == 1234.5);
    CHECK(munidash::read_cell_number("92\xC2\xA0"
                                     "265",
                                     french)
              .value == 92265);  // U+00A0
    CHECK(munidash::read_cell_number("1\xE2\x80\xAF"
                                     "234\xE2\x80\xAF"
                                     "567",
                                     french)
              .value == 1234567);  // U+202F
    CHECK(munidash::read_cell_number("-12 000", french).value == -12000);
    CHECK(munidash::read_cell_number("12 34", french).problem ==
          "'12 34' uses ' ' (space), this source's thousands separator, but not between groups of three digits");
    CHECK(munidash::read_cell_number("1234 567", french).status == munidash::cell_status::invalid);
    munidash::csv_dialect dotted;
    dotted.decimal = ',';
    dotted.thousands = '.';
    CHECK(munidash::read_cell_number("1.234,5", dotted).value == 1234.5);
    CHECK(munidash::read_cell_number("12.34", dotted).status == munidash::cell_status::invalid);
    munidash::csv_dialect english;
    english.thousands = ',';
    CHECK(munidash::read_cell_number("1,234.5", english).value == 1234.5);
    CHECK(munidash::read_cell_number("  42 ", english).value == 42);
}

TEST_CASE("csv: Latin-1 and Windows-1252 files are converted to UTF-8 when declared") {
    munidash::csv_dialect latin1;
    latin1.separator = ';';
    latin1.encoding = munidash::text_encoding::latin1;
    const auto table = munidash::read_csv(data_dir / "latin1.csv", latin1, {});
    CHECK(table.rows[0][1] == "Cr\xC3\xA9teil");
    latin1.decimal = ',';
    latin1.thousands = ' ';
    CHECK(munidash::read_cell_number(table.rows[0][2], latin1).value == 92265);

    munidash::csv_dialect cp1252 = latin1;
    cp1252.encoding = munidash::text_encoding::windows1252;
    CHECK(munidash::read_csv(data_dir / "windows1252.csv", cp1252, {}).rows[0][1] ==
          "prix 5 \xE2\x82\xAC \xC5\x93uvre");
    CHECK_THAT(input_error([&] { munidash::read_csv(data_dir / "windows1252_undefined.csv", cp1252, {}); }),
               Contains("windows1252_undefined.csv:2: error: byte 129 (decimal) has no meaning in Windows-1252"));

    const munidash::csv_dialect utf8;
    CHECK_THAT(input_error([&] {
                   munidash::read_csv(data_dir / "latin1.csv", utf8, {"spec.yaml", 7, 3});
               }),
               Contains("latin1.csv:2: error: the data file is not valid UTF-8 (declare its encoding in the spec "
                        "(spec.yaml:7:3), e.g. encoding: latin-1)"));
}

TEST_CASE("csv: columns renamed as the spec says, and a rename of a missing column refused") {
    auto spec = french_source();
    spec.renames = {{"nom", "name", {"spec.yaml", 9, 7}}};
    CHECK(munidash::read_source_header(spec) == std::vector<std::string>{"code_insee", "name", "locaux", "part"});
    spec.renames = {{"non", "name", {"spec.yaml", 9, 7}}};
    CHECK_THAT(input_error([&] { munidash::read_source_header(spec); }),
               Contains("spec.yaml:9:7: error: rename: column 'non' is not in") && Contains("(did you mean 'nom'?"));
}

TEST_CASE("csv: lines before the header are skipped when declared, and line numbers stay true") {
    munidash::source_spec spec;
    spec.file = data_dir / "disclaimer.csv";
    spec.key = "code";
    spec.dialect.separator = ';';
    spec.dialect.skip_lines = 1;
    CHECK(munidash::read_source_header(spec) == std::vector<std::string>{"code", "v"});
    const munidash::source_table table(munidash::read_source_csv(spec), spec);
    const std::vector<std::string> first{"01001"}, second{"01002"};
    CHECK(table.numbers("v", first)[0] == 1);
    CHECK_THAT(input_error([&] { table.numbers("v", second); }), Contains("disclaimer.csv:4: error: column 'v': 'x'"));
}

TEST_CASE("csv: a note above the header is reported as a missing skip_lines, not as a wrong separator") {
    const scratch_file arcep("arcep.csv", arcep_head);
    auto spec = semicolon_source(arcep.path());
    const auto expected =
        "spec.yaml:12:5: error: line 1 of '" + arcep.path().string() +
        "' is not a header: the key column 'code_insee' is on line 2 (did you forget 'skip_lines: 1'?)";
    CHECK(spec_error([&] { munidash::read_source_header(spec); }) == expected);
    CHECK(spec_error([&] { munidash::read_source_csv(spec); }) == expected);
    // A note without a separator in it reads as a one-column header, then rows too long for it.
    auto plain = spec;
    plain.file = data_dir / "disclaimer.csv";
    plain.key = "code";
    const auto plain_expected =
        "spec.yaml:12:5: error: line 1 of '" + plain.file.string() +
        "' is not a header: the key column 'code' is on line 2 (did you forget 'skip_lines: 1'?)";
    CHECK(spec_error([&] { munidash::read_source_header(plain); }) == plain_expected);
    CHECK(spec_error([&] { munidash::read_source_csv(plain); }) == plain_expected);
    // A key that the spec renames is found by its name in the file.
    spec.renames = {{"code_insee", "code", {"spec.yaml", 14, 15}}};
    spec.key = "code";
    CHECK_THAT(spec_error([&] { munidash::read_source_header(spec); }),
               Contains("is not a header: the key column 'code' is on line 2 (did you forget 'skip_lines: 1'?)"));
    // Declared, the same file reads.
    spec.dialect.skip_lines = 1;
    CHECK(munidash::read_source_header(spec) == std::vector<std::string>{"code", "nom_com", "code_dep", "nbr"});
    CHECK(munidash::read_source_csv(spec).rows.size() == 2);
}

TEST_CASE("csv: a wrong skip_lines names the line the header is on") {
    auto spec = semicolon_source(data_dir / "disclaimer.csv");
    spec.key = "code";
    spec.dialect.skip_lines = 2;
    CHECK(spec_error([&] { munidash::read_source_header(spec); }) ==
          "spec.yaml:12:5: error: line 3 of '" + spec.file.string() +
              "' is not a header: the key column 'code' is on line 2 (write 'skip_lines: 1')");
    const scratch_file plain("plain.csv", "code_insee;v\n01001;1\n");
    auto first = semicolon_source(plain.path());
    first.dialect.skip_lines = 1;
    CHECK(spec_error([&] { munidash::read_source_csv(first); }) ==
          "spec.yaml:12:5: error: line 2 of '" + plain.path().string() +
              "' is not a header: the key column 'code_insee' is on line 1 (remove 'skip_lines' (the header is the "
              "file's first line))");
}

TEST_CASE("csv: the separator is blamed only when another one finds the key") {
    const scratch_file commas("commas.csv", "code_insee,nom,nbr\n01001,A,1\n");
    const auto spec = semicolon_source(commas.path());
    CHECK(spec_error([&] { munidash::read_source_header(spec); }) ==
          "spec.yaml:12:5: error: the header of '" + commas.path().string() +
              "' (line 1) is not separated by ';': split on ',', it holds the key column 'code_insee' "
              "(write separator: \",\")");
    const scratch_file both("both.csv", "Note, provisoire\ncode_insee\tnbr\n01001\t1\n");
    CHECK(spec_error([&] { munidash::read_source_csv(semicolon_source(both.path())); }) ==
          "spec.yaml:12:5: error: line 1 of '" + both.path().string() +
              "' is not a header: the key column 'code_insee' is on line 2, separated by '\\t' "
              "(write 'skip_lines: 1', and write separator: \"\\t\")");
    // Neither the lines nearby nor another separator hold the key: say both possibilities, blame neither.
    const scratch_file lost("lost.csv", "Note, provisoire\ncommune;nbr\n01001;1\n");
    CHECK_THAT(input_error([&] { munidash::read_source_header(semicolon_source(lost.path())); }),
               Contains("lost.csv:1: error: the header line is one column with the separator ';': 'Note, provisoire' "
                        "(if it is a note above the header, set 'skip_lines:'; if the file uses another separator, "
                        "set 'separator:' (spec.yaml:13:11))"));
    // A good header whose key is misspelled is left to the key's own error, after renaming.
    const scratch_file good("good.csv", "code_insee;nbr\n01001;1\n");
    auto misspelled = semicolon_source(good.path());
    misspelled.key = "code_inse";
    CHECK(munidash::read_source_header(misspelled) == std::vector<std::string>{"code_insee", "nbr"});
}

TEST_CASE("csv: a key written with its name before renaming says what the rename made of it") {
    auto spec = french_source();
    spec.renames = {{"code_insee", "code", {"spec.yaml", 4, 15}}};
    CHECK(input_error([&] { munidash::source_table(munidash::read_source_csv(spec), spec); }) ==
          "spec.yaml:3:5: error: key column 'code_insee' is not in '" + spec.file.string() +
              "' after renaming: 'rename' turned 'code_insee' into 'code' (a spec names columns after renaming: "
              "write key: code)");
    spec.key_where = {"spec.yaml", 5, 10};
    spec.key = "coode";
    CHECK_THAT(input_error([&] { munidash::source_table(munidash::read_source_csv(spec), spec); }),
               Contains("spec.yaml:5:10: error: key column 'coode' is not in '" + spec.file.string() +
                        "' (did you mean 'code'?"));
}
