#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "error_of.hpp"
#include "sources/code_mapping.hpp"
#include "sources/commune_directory.hpp"
#include "sources/csv_source.hpp"
#include "sources/source_table.hpp"

using Catch::Matchers::Contains;

namespace {
const std::filesystem::path data_dir = MUNIDASH_TEST_DATA_DIR;
const std::filesystem::path communes_dir = data_dir / "communes";

const munidash::commune_directory& directory() {
    static const munidash::commune_directory d(communes_dir);
    return d;
}

using munidash_test::error_of;

// A CSV written for one test, and a table of it keyed by `code`, mapped against `reference`.
struct mapped_source {
    munidash::source_spec spec;
    std::filesystem::path file;

    explicit mapped_source(const std::string& name, const std::string& text) {
        file = std::filesystem::temp_directory_path() / ("munidash-" + name + ".csv");
        std::ofstream(file, std::ios::binary) << text;
        spec.name = "data";
        spec.file = file;
        spec.key = "code";
        spec.where = {"spec.yaml", 7, 5};
        spec.merge.where = {"spec.yaml", 11, 7};
    }
    ~mapped_source() { std::filesystem::remove(file); }
    munidash::source_table table(const munidash::code_mapper& mapper) const {
        return munidash::source_table(munidash::read_csv(file, spec.dialect, {}), spec, &mapper);
    }
};

munidash::code_mapper today_mapper() {
    std::set<std::string, std::less<>> codes;
    for (const auto& c : directory().communes()) codes.insert(c.code);
    return munidash::code_mapper(std::move(codes), directory());
}
}  // namespace

TEST_CASE("communes: the built-in folder's files are read with names joined") {
    const auto& d = directory();
    REQUIRE(d.communes().size() == 6);
    const auto* valserhone = d.find("01033");
    REQUIRE(valserhone);
    CHECK(valserhone->department_name == "Ain");
    CHECK(valserhone->region_name == "Auvergne-Rhône-Alpes");
    CHECK(valserhone->epci_name == "CC du Pays Bellegardien");
    CHECK(std::isnan(d.find("98411")->population));  // an uninhabited territory has no population
    CHECK(d.history("01205")->changed == "2022");
    CHECK(d.history("55273")->communes == std::vector<std::string>{"55245", "55386"});
    CHECK(d.arrondissements_of("13055") == std::vector<std::string>{"13201", "13202"});
    CHECK(d.history("01033") == nullptr);
}

TEST_CASE("communes: a history that names a commune the list lacks is refused with its line") {
    const auto folder = std::filesystem::temp_directory_path() / "munidash-bad-communes";
    std::filesystem::create_directories(folder);
    for (const auto* name : {"communes.csv", "departments.csv", "regions.csv", "epcis.csv"})
        std::filesystem::copy_file(communes_dir / name, folder / name,
                                   std::filesystem::copy_options::overwrite_existing);
    std::ofstream(folder / "history.csv", std::ios::binary)
        << "code,name,commune,kind,changed\n01091,X,01999,merged,2020\n";
    CHECK_THAT(error_of(munidash::failure_kind::input, [&] { munidash::commune_directory{folder}; }),
               Contains("history.csv:2: error: the built-in list of communes '" + (folder / "history.csv").string() +
                        "' maps 01091 to 01999, which is not a commune"));
    std::filesystem::remove_all(folder);
}

TEST_CASE("communes: a missing folder says how to get the list back") {
    CHECK_THAT(error_of(munidash::failure_kind::input, [] { munidash::commune_directory{"/nonexistent"}; }),
               Contains("/nonexistent/communes.csv: error: munidash's built-in list of communes is incomplete: "
                        "'/nonexistent/communes.csv' does not exist (reinstall munidash"));
}

TEST_CASE("mapping: where each kind of code lands") {
    using outcome = munidash::code_resolution::outcome;
    using reason = munidash::set_aside_reason;
    const auto mapper = today_mapper();
    CHECK(mapper.resolve("01033", true).result == outcome::same);
    const auto former = mapper.resolve("01091", true);
    CHECK((former.result == outcome::mapped && former.town == "01033"));
    CHECK(mapper.resolve("13201", true).town == "13055");
    CHECK(mapper.resolve("55273", true).reason == reason::ambiguous);
    CHECK(mapper.resolve("99999", true).reason == reason::not_in_reference);
    CHECK(mapper.resolve("01091", false).reason == reason::mapping_off);
    const auto split = mapper.resolve("55245", true);
    CHECK((split.result == outcome::same && split.history && split.history->kind == munidash::code_change::split));

    // A reference by arrondissement cannot take a whole city's row.
    const munidash::code_mapper by_arrondissement({"13201", "13202", "01033"}, directory());
    CHECK(by_arrondissement.resolve("13055", true).reason == reason::whole_city);
    // A reference older than a merger still has its parts: a former code's row has no certain town.
    const munidash::code_mapper older({"01033", "01205"}, directory());
    CHECK(older.resolve("01091", true).reason == reason::reference_older);
    CHECK(older.resolve("01205", true).result == outcome::same);
}

TEST_CASE("mapping: the rows of merged communes add up, are weighted, or are refused") {
    const auto mapper = today_mapper();
    mapped_source source("merged",
                         "code,locaux,ftth,taux,nom\n01033,100,50,50,Bellegarde\n01091,40,10,25,Châtillon\n"
                         "01205,60,,100,Lancrans\n13055,10,5,50,Marseille\n");
    const std::vector<std::string> codes{"01033", "13055"};
    {
        const auto table = source.table(mapper);
        CHECK(table.mapped_rows().size() == 2);
        CHECK(table.mapped_rows()[0].town == "01033");
        munidash::diagnostic_list problems;
        table.check_merges("taux", problems);
        REQUIRE(problems.items().size() == 1);
        CHECK(munidash::format_diagnostic(problems.items().front()) ==
              "spec.yaml:11:7: error: source 'data': commune 01033 holds the rows of several former communes (01033 "
              "line 2 + 01091 line 3 + 01205 line 4), and column 'taux' cannot be added up (under "
              "merged_communes, list it in 'add' if it counts something (premises, sites, inhabitants), in "
              "'weighted' with the count it is a rate of, or write 'others: chef_lieu' to take the row of the "
              "commune's own code alone (flagged as an estimate))");
        CHECK_THAT(error_of(munidash::failure_kind::spec, [&] { table.numbers("taux", codes); }),
                   Contains("'taux' cannot"));
        CHECK_THAT(error_of(munidash::failure_kind::spec, [&] { table.texts("nom", codes); }),
                   Contains("'nom' cannot"));
    }
    source.spec.merge.add = {"locaux", "ftth"};
    source.spec.merge.weighted = {{"taux", "locaux"}};
    {
        const auto table = source.table(mapper);
        CHECK(table.numbers("locaux", codes) == std::vector<double>{200, 10});
        CHECK(std::isnan(table.numbers("ftth", codes)[0]));  // one former commune's count is unknown
        CHECK(table.numbers("taux", codes)[0] == Approx((50.0 * 100 + 25 * 40 + 100 * 60) / 200));
        CHECK(table.estimated("taux", codes) == std::vector<bool>{false, false});
    }
    source.spec.merge.weighted.clear();
    source.spec.merge.chef_lieu = true;
    {
        const auto table = source.table(mapper);
        CHECK(table.numbers("taux", codes)[0] == 50);
        CHECK(table.estimated("taux", codes) == std::vector<bool>{true, false});
        CHECK(table.texts("nom", codes)[0] == "Bellegarde");
    }
}

TEST_CASE("mapping: a duplicate that adds nothing is set aside, one that disagrees is refused") {
    const auto mapper = today_mapper();
    mapped_source empty_copy("duplicates", "code,taux,nom\n01033,50,Valserhône\n01033,,Valserhône\n0null,1,x\n");
    const auto table = empty_copy.table(mapper);
    REQUIRE(table.set_aside_rows().size() == 2);
    CHECK(table.set_aside_rows()[0].reason == munidash::set_aside_reason::duplicate);
    CHECK(table.set_aside_rows()[0].line == 3);
    CHECK(table.set_aside_rows()[1].reason == munidash::set_aside_reason::not_a_code);
    CHECK(table.rows_without_valid_code() == 1);

    mapped_source conflict("conflict", "code,taux\n01033,50\n01033,60\n");
    CHECK_THAT(error_of(munidash::failure_kind::input, [&] { conflict.table(mapper); }),
               Contains("munidash-conflict.csv:3: error: code 01033 appears twice in 'code' (first on line 2), with "
                        "other values"));
}

TEST_CASE("mapping: every bad cell of a column is reported, not only the first") {
    const auto mapper = today_mapper();
    mapped_source bad("cells", "code,locaux\n01033,1O0\n13055,x\n55245,7\n");
    const auto table = bad.table(mapper);
    munidash::diagnostic_list problems;
    const auto values = table.numbers("locaux", std::vector<std::string>{"01033", "13055", "55245"}, &problems);
    REQUIRE(problems.items().size() == 2);
    CHECK(problems.items()[0].where.line == 2);
    CHECK(problems.items()[1].where.line == 3);
    CHECK(values[2] == 7);
}
