// Reading a source row by row (issue 13): the same checks, messages and values as reading it
// whole, while keeping only the columns asked for.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

#include "error_of.hpp"
#include "scratch_file.hpp"
#include "sources/csv_source.hpp"
#include "sources/source_table.hpp"

using Catch::Matchers::Contains;

namespace {
const std::filesystem::path data_dir = MUNIDASH_TEST_DATA_DIR;

using munidash_test::scratch_file;

munidash::source_spec source(const std::filesystem::path& file, std::string key = "code", char separator = ',') {
    munidash::source_spec s;
    s.name = "test";
    s.file = file;
    s.key = std::move(key);
    s.dialect.separator = separator;
    s.where = {"spec.yaml", 3, 5};
    s.file_where = {"spec.yaml", 4, 11};
    return s;
}

munidash::source_columns numbers(std::initializer_list<const char*> columns) {
    munidash::source_columns used;
    for (const auto* c : columns) used.numbers.insert(c);
    return used;
}

// The message of what a call throws, "" when it throws nothing.
std::string thrown(const auto& call) {
    try {
        call();
    } catch (const munidash::munidash_error& e) {
        return std::to_string(static_cast<int>(e.kind())) + ": " + e.what();
    }
    return {};
}

// The message of the error reading `spec` whole gives, and checks that reading it row by row gives the same.
std::string same_error(const munidash::source_spec& spec, const munidash::source_columns& used) {
    const auto whole = thrown([&] { munidash::source_table(munidash::read_source_csv(spec), spec); });
    CHECK(thrown([&] { munidash::source_table(spec, used); }) == whole);
    return whole;
}
}  // namespace

TEST_CASE("csv streaming: the values, texts, secrets and lines of the French sample are those of the whole table") {
    auto spec = source(data_dir / "french.csv", "code_insee", ';');
    spec.dialect.decimal = ',';
    munidash::source_columns used = numbers({"part", "locaux"});
    used.texts.insert("nom");
    const munidash::source_table whole(munidash::read_source_csv(spec), spec);
    const munidash::source_table streamed(spec, used);
    CHECK(streamed.columns() == whole.columns());
    CHECK(streamed.codes() == whole.codes());
    CHECK(streamed.row_count() == whole.row_count());
    CHECK(streamed.rows_without_valid_code() == whole.rows_without_valid_code());
    const std::vector<std::string> codes{"77475", "2A004", "99999"};
    const auto part = streamed.numbers("part", codes);
    CHECK(part[0] == Approx(90.8));
    CHECK(std::isnan(part[1]));
    CHECK(std::isnan(part[2]));
    CHECK(streamed.secret("locaux", codes) == whole.secret("locaux", codes));
    CHECK(streamed.texts("nom", codes) == whole.texts("nom", codes));
    // A number that is not one still names the file and the line, when the column is read.
    const std::vector<std::string> first{"01001"};
    CHECK(thrown([&] { streamed.numbers("locaux", first); }) == thrown([&] { whole.numbers("locaux", first); }));
    munidash::diagnostic_list problems;
    streamed.numbers("locaux", first, &problems);
    REQUIRE(problems.items().size() == 1);
    CHECK_THAT(munidash::format_diagnostic(problems.items().front()),
               Contains("french.csv:2: error: column 'locaux': '1 200' holds a space"));
}

TEST_CASE("csv streaming: a column the spec does not read is not kept, and its garbage is no error") {
    const scratch_file file("unused.csv", "code,used,unused,name\n01001,1.5,n.d. %,Ain\n01002,,#VALEUR!,\"Bourg\"\n");
    const auto spec = source(file.path());
    const munidash::source_table table(spec, numbers({"used"}));
    const std::vector<std::string> codes{"01001", "01002"};
    const auto used = table.numbers("used", codes);
    CHECK(used[0] == 1.5);
    CHECK(std::isnan(used[1]));
    CHECK(table.has_column("unused"));
    // Asking for a column the engine did not say it would read is the engine's mistake.
    CHECK_THROWS_AS(table.numbers("unused", codes), std::logic_error);
    CHECK_THROWS_AS(table.texts("name", codes), std::logic_error);
    // A column the file lacks is still the spec's error, with a suggestion.
    CHECK_THAT(thrown([&] { table.numbers("usde", codes); }), Contains("column 'usde' is not in"));
    // Text is kept for the columns read as text only; row() leaves the others empty.
    const auto row = table.row("01001");
    REQUIRE(row);
    CHECK(*row == std::vector<std::string>{"01001", "", "", ""});
}

TEST_CASE("csv streaming: the same errors as reading whole, in the same order") {
    const munidash::source_columns used = numbers({"value"});
    CHECK_THAT(same_error(source(data_dir / "wrong_fields.csv"), used),
               Contains("wrong_fields.csv:3: error: this row has 3 fields, the header has 2"));
    CHECK_THAT(same_error(source(data_dir / "duplicate_code.csv"), used),
               Contains("duplicate_code.csv:3: error: code 01001 appears twice in 'code' (first on line 2)"));
    CHECK_THAT(same_error(source(data_dir / "french.csv", "code", ';'), used), Contains("key column 'code' is not in"));
    CHECK_THAT(same_error(source(data_dir / "latin1.csv", "code", ';'), used), Contains("is not valid UTF-8"));
    auto cp1252 = source(data_dir / "windows1252_undefined.csv");
    cp1252.dialect.encoding = munidash::text_encoding::windows1252;
    CHECK_THAT(same_error(cp1252, used), Contains("has no meaning in Windows-1252"));
    const scratch_file empty("empty.csv", "");
    CHECK_THAT(same_error(source(empty.path()), used), Contains("the data file is empty"));
    const scratch_file twice("twice.csv", "code,value,value\n01001,1,2\n");
    CHECK_THAT(same_error(source(twice.path()), used), Contains("column 'value' appears twice in the header"));
    // An encoding error further on is reported before a row with the wrong number of fields.
    const scratch_file both("both.csv", "code,value\n01001,1,3\n01002,2\n01003,\xE9\n");
    CHECK_THAT(same_error(source(both.path()), used), Contains("both.csv:4: error: the data file is not valid UTF-8"));
    // The period column and the renames are checked once the whole file is read, as before.
    auto period = source(data_dir / "duplicate_code.csv");
    period.period_column = "annee";
    CHECK_THAT(same_error(period, used), Contains("column 'annee' is not in"));
    auto rename = source(data_dir / "wrong_fields.csv");
    rename.renames.push_back({"valeur", "value", {"spec.yaml", 9, 7}});
    CHECK(same_error(rename, used) == thrown([&] { munidash::read_source_csv(rename); }));
}

TEST_CASE("csv streaming: a duplicate row that adds nothing is set aside, as when reading whole") {
    const scratch_file file("duplicates.csv", "code,value,other\n01001,1,a\n01002,2,b\n01001,,a\n01001,1,NA\n");
    const auto spec = source(file.path());
    const munidash::source_table whole(munidash::read_source_csv(spec), spec);
    const munidash::source_table streamed(spec, numbers({"value"}));
    REQUIRE(streamed.set_aside_rows().size() == 2);
    CHECK(streamed.set_aside_rows()[0].line == 4);
    CHECK(streamed.set_aside_rows()[1].line == 5);
    CHECK(whole.set_aside_rows().size() == 2);
    // A difference in a column the spec does not read is still a duplicate with other values.
    const scratch_file differs("differs.csv", "code,value,other\n01001,1,a\n01001,1,b\n");
    CHECK_THAT(
        same_error(source(differs.path()), numbers({"value"})),
        Contains("differs.csv:3: error: code 01001 appears twice in 'code' (first on line 2), with other values"));
}

TEST_CASE("csv streaming: rows of other periods are left out, and only the period's rows are kept") {
    const scratch_file file("periods.csv",
                            "code;annee;value\n01001;2023;1,5\n01001;2024;2,5\n01002;2023;x\n01002;2024;3\n");
    auto spec = source(file.path(), "code", ';');
    spec.dialect.decimal = ',';
    spec.period_column = "annee";
    const munidash::source_table table(spec, numbers({"value"}), nullptr, "2024");
    CHECK(table.row_count() == 4);
    CHECK(table.rows_of_other_periods() == 2);
    const std::vector<std::string> codes{"01001", "01002"};
    CHECK(table.numbers("value", codes) == std::vector<double>{2.5, 3});
}

TEST_CASE("csv streaming: a file of many blocks reads as a whole file does, lines and encodings included") {
    // More than one block of 4 MiB, with quoted cells spanning lines across block boundaries.
    std::string text =
        "\xEF\xBB\xBF"
        "code;nom;valeur\r\n";
    for (int i = 0; text.size() < (9u << 20); ++i) {
        const auto code = std::to_string(10000 + i % 80000);
        text += (code.size() == 5 ? code : code.substr(0, 5)) + ";\"ligne " + std::to_string(i) +
                (i % 7 == 0 ? "\r\nsuite; \"\"citée\"\"" : "") + "\";" + std::to_string(i % 1000) + ",5\r\n";
    }
    const scratch_file file("blocks.csv", text);
    auto spec = source(file.path(), "code", ';');
    spec.dialect.decimal = ',';
    spec.many_rows = true;
    const auto whole = munidash::read_csv(spec.file, spec.dialect, spec.where);
    std::vector<int> lines;
    std::size_t rows = 0;
    bool same = true;
    munidash::read_csv_rows(
        spec.file, spec.dialect, spec.where,
        [&](const std::vector<std::string>& header) { CHECK(header == whole.header); },
        [&](std::span<const std::string_view> cells, int line) {
            same = same && rows < whole.rows.size() && whole.row_lines[rows] == line &&
                   std::equal(cells.begin(), cells.end(), whole.rows[rows].begin(), whole.rows[rows].end());
            ++rows;
        });
    CHECK(same);
    CHECK(rows == whole.rows.size());
    // The same in Latin-1: each block converted on its own.
    std::string latin1;
    for (std::size_t i = 3; i < text.size(); ++i) {
        if (text.compare(i, 2, "\xC3\xA9") == 0) {
            latin1 += '\xE9';
            ++i;
        } else {
            latin1 += text[i];
        }
    }
    const scratch_file latin1_file("blocks-latin1.csv", latin1);
    auto latin1_dialect = spec.dialect;
    latin1_dialect.encoding = munidash::text_encoding::latin1;
    rows = 0;
    same = true;
    munidash::read_csv_rows(
        latin1_file.path(), latin1_dialect, spec.where, [](const std::vector<std::string>&) {},
        [&](std::span<const std::string_view> cells, int line) {
            same = same && rows < whole.rows.size() && whole.row_lines[rows] == line &&
                   std::equal(cells.begin(), cells.end(), whole.rows[rows].begin(), whole.rows[rows].end());
            ++rows;
        });
    CHECK(same);
    CHECK(rows == whole.rows.size());
}

TEST_CASE("csv streaming: thousands of rows keep their numbers, secrets and bad cells, row by row") {
    std::string text = "code;valeur;texte\n";
    for (int i = 0; i < 10000; ++i)
        text += std::to_string(10000 + i) + ";" +
                (i % 997 == 0 ? "s"
                 : i == 7777  ? "1.5"
                              : std::to_string(i) + ",5") +
                ";t" + std::to_string(i) + "\n";
    const scratch_file file("thousands.csv", text);
    auto spec = source(file.path(), "code", ';');
    spec.dialect.decimal = ',';
    munidash::source_columns used = numbers({"valeur"});
    used.texts.insert("texte");
    const munidash::source_table whole(munidash::read_source_csv(spec), spec);
    const munidash::source_table streamed(spec, used);
    const auto codes = whole.codes();
    REQUIRE(codes.size() == 10000);
    munidash::diagnostic_list whole_problems, streamed_problems;
    const auto expected = whole.numbers("valeur", codes, &whole_problems);
    const auto got = streamed.numbers("valeur", codes, &streamed_problems);
    bool same = true;
    for (std::size_t i = 0; i < codes.size(); ++i)
        same = same && (got[i] == expected[i] || (std::isnan(got[i]) && std::isnan(expected[i])));
    CHECK(same);
    CHECK(got[9999] == 9999.5);
    CHECK(streamed.secret("valeur", codes) == whole.secret("valeur", codes));
    CHECK(streamed.texts("texte", codes) == whole.texts("texte", codes));
    REQUIRE(streamed_problems.items().size() == 1);
    CHECK(munidash::format_diagnostic(streamed_problems.items().front()) ==
          munidash::format_diagnostic(whole_problems.items().front()));
    CHECK_THAT(munidash::format_diagnostic(streamed_problems.items().front()),
               Contains("thousands.csv:7779: error: column 'valeur'"));
}
