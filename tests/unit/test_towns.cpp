// Town selection (sources/towns): the criteria, the peer groups, the refusals at their place, and
// the reference list completed from the built-in list of communes.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "scratch_file.hpp"
#include "sources/towns.hpp"

using Catch::Matchers::Contains;
using munidash::failure_kind;
using munidash::peer_grouping;
using munidash_test::error_of;

namespace {

const double no_population = std::nan("");

// Seven communes in two departments, two EPCI and one commune without any, and an uninhabited one.
std::vector<munidash::commune_record> reference() {
    return {
        {"55001", "Ancerville", 2800, "55", "Meuse", "44", "", "200000001", "CC Sud Meuse"},
        {"55002", "Bar", 15000, "55", "Meuse", "44", "", "200000001", "CC Sud Meuse"},
        {"55003", "Commercy", 5000, "55", "Meuse", "44", "", "", ""},
        {"55004", "Douaumont", no_population, "55", "Meuse", "44", "", "", ""},
        {"91001", "Evry", 54000, "91", "Essonne", "11", "", "200000002", "CA Grand Paris Sud"},
        {"91002", "Fleury", 9999, "91", "Essonne", "11", "", "200000002", "CA Grand Paris Sud"},
        {"91003", "Gif", 10000, "91", "Essonne", "11", "", "200000002", "CA Grand Paris Sud"},
    };
}

std::vector<munidash::located_code> codes_at(const std::vector<std::string>& codes, int line = 1) {
    std::vector<munidash::located_code> out;
    for (const auto& code : codes) out.push_back({code, {"r.yaml", line++, 5}});
    return out;
}

std::vector<std::string> selected_codes(const munidash::towns_spec& spec) {
    return munidash::select_towns(reference(), spec).codes();
}

}  // namespace

TEST_CASE("towns: each criterion narrows the selection, and they combine") {
    struct row {
        const char* what;
        std::optional<double> min, max;
        std::vector<std::string> departments, codes, excluded, epcis, regions;
        std::vector<std::string> expected;
    };
    const auto r = GENERATE(values<row>({
        {"no criterion: every town, even the uninhabited one",
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {"55001", "55002", "55003", "55004", "91001", "91002", "91003"}},
        {"population bounds are inclusive", 5000, 10000, {}, {}, {}, {}, {}, {"55003", "91002", "91003"}},
        {"a minimum alone leaves the uninhabited town out", 0, {}, {"55"}, {}, {}, {}, {}, {"55001", "55002", "55003"}},
        {"a department", {}, {}, {"91"}, {}, {}, {}, {}, {"91001", "91002", "91003"}},
        {"a region", {}, {}, {}, {}, {}, {}, {"44"}, {"55001", "55002", "55003", "55004"}},
        {"an EPCI", {}, {}, {}, {}, {}, {"200000001"}, {}, {"55001", "55002"}},
        {"codes", {}, {}, {}, {"91003", "55002"}, {}, {}, {}, {"55002", "91003"}},
        {"excluded codes win over listed ones", {}, {}, {}, {"91003", "55002"}, {"55002"}, {}, {}, {"91003"}},
        {"a department and a population range", {}, 10000, {"91"}, {}, {}, {}, {}, {"91002", "91003"}},
    }));
    INFO(r.what);
    munidash::towns_spec spec;
    spec.population_min = r.min;
    spec.population_max = r.max;
    spec.departments = codes_at(r.departments);
    spec.codes = codes_at(r.codes);
    spec.excluded = codes_at(r.excluded);
    spec.epcis = codes_at(r.epcis);
    spec.regions = codes_at(r.regions);
    CHECK(selected_codes(spec) == r.expected);
}

TEST_CASE("towns: a selected town keeps what the reference list says of it") {
    munidash::towns_spec spec;
    spec.codes = codes_at({"91001"});
    const auto towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.towns.size() == 1);
    const auto& t = towns.towns.front();
    CHECK(t.name == "Evry");
    CHECK(t.population == 54000);
    CHECK(t.department == "91");
    CHECK(t.department_name == "Essonne");
    CHECK(t.region == "11");
    CHECK(t.epci == "200000002");
    CHECK(t.epci_name == "CA Grand Paris Sud");
}

TEST_CASE("towns: population bands hold min, not max but for the last - towns outside go to the nearest band") {
    munidash::towns_spec spec;
    spec.grouping = peer_grouping::population;
    spec.peer_bands = {3000, 10000, 15000};
    spec.excluded = codes_at({"55004"});  // no population: no band
    const auto towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.groups.size() == 2);
    CHECK(towns.groups[0].min == 3000);
    CHECK(towns.groups[0].max == 10000);
    CHECK(towns.groups[1].min == 10000);
    CHECK(towns.groups[1].max == 15000);
    const auto band = [&](const std::string& code) {
        for (const auto& t : towns.towns)
            if (t.code == code) return t.peer_group;
        FAIL("town " << code << " not selected");
        return std::size_t{99};
    };
    const auto [code, expected] = GENERATE(table<std::string, std::size_t>({
        {"55001", 0},  // 2800, below the first band
        {"55003", 0},  // 5000
        {"91002", 0},  // 9999
        {"91003", 1},  // 10000: a band's max belongs to the next band
        {"55002", 1},  // 15000: the last band's max is its own
        {"91001", 1},  // 54000, above the last band
    }));
    INFO("town " << code);
    CHECK(band(code) == expected);
    CHECK(towns.groups[0].town_count == 3);
    CHECK(towns.groups[1].town_count == 3);
}

TEST_CASE("towns: without bands, one population group of every town - an empty band is still shown") {
    munidash::towns_spec spec;
    spec.departments = codes_at({"91"});
    auto towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.groups.size() == 1);
    CHECK(towns.groups[0].town_count == 3);
    // No selected town between 20,000 and 50,000: the band stays, empty, so that bands keep their places.
    spec.peer_bands = {0, 20000, 50000, 100000};
    towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.groups.size() == 3);
    CHECK(towns.groups[0].town_count == 2);
    CHECK(towns.groups[1].town_count == 0);
    CHECK(towns.groups[2].town_count == 1);
}

TEST_CASE("towns: peer groups by department or EPCI, in code order, named from the reference list") {
    munidash::towns_spec spec;
    spec.excluded = codes_at({"55004"});
    spec.grouping = peer_grouping::department;
    auto towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.groups.size() == 2);
    CHECK(towns.groups[0].key == "55");
    CHECK(towns.groups[0].name == "Meuse");
    CHECK(towns.groups[0].town_count == 3);
    CHECK(towns.groups[1].key == "91");
    CHECK(towns.groups[1].name == "Essonne");

    spec.grouping = peer_grouping::epci;
    towns = munidash::select_towns(reference(), spec);
    // The town without an EPCI is in a group of its own, marked as the others.
    REQUIRE(towns.groups.size() == 3);
    CHECK(towns.groups[0].key.empty());
    CHECK(towns.groups[0].others);
    CHECK(towns.groups[0].town_count == 1);
    CHECK(towns.groups[1].key == "200000001");
    CHECK(towns.groups[1].name == "CC Sud Meuse");
    CHECK_FALSE(towns.groups[1].others);
    CHECK(towns.groups[2].key == "200000002");
    for (const auto& t : towns.towns) CHECK(towns.groups[t.peer_group].key == t.epci);
}

TEST_CASE("towns: named groups in spec order, the rest in one more group - a group the selection empties is dropped") {
    munidash::towns_spec spec;
    spec.grouping = peer_grouping::explicit_groups;
    spec.departments = codes_at({"91"});
    spec.groups = {{"rural", codes_at({"55001", "55003"}), {}},  // outside the selection
                   {"big", codes_at({"91001"}), {}},
                   {"middle", codes_at({"91002"}), {}}};
    const auto towns = munidash::select_towns(reference(), spec);
    REQUIRE(towns.groups.size() == 3);
    CHECK(towns.groups[0].key == "big");
    CHECK(towns.groups[1].key == "middle");
    CHECK(towns.groups[2].others);
    CHECK(towns.towns[0].peer_group == 0);  // 91001
    CHECK(towns.towns[1].peer_group == 1);  // 91002
    CHECK(towns.towns[2].peer_group == 2);  // 91003, in no group
    for (const auto& g : towns.groups) CHECK(g.town_count == 1);
}

TEST_CASE("towns: every criterion that can match nothing is refused at once, each at its place") {
    munidash::towns_spec spec;
    spec.codes = codes_at({"55001", "99999"}, 10);
    spec.excluded = codes_at({"12345"}, 20);
    spec.departments = codes_at({"56"}, 30);
    spec.regions = codes_at({"76"}, 40);
    spec.epcis = codes_at({"200000009"}, 50);
    spec.grouping = peer_grouping::explicit_groups;
    spec.groups = {{"g", codes_at({"00000"}, 60), {}}};
    const auto message = error_of(failure_kind::spec, [&] { munidash::select_towns(reference(), spec); });
    CHECK_THAT(message, Contains("r.yaml:11:5: error: town 99999 (towns.select.codes) is not in the reference list "
                                 "the built-in list of communes (check the code; the reference list has 7 towns)"));
    CHECK_THAT(message, Contains("r.yaml:20:5: error: town 12345 (towns.select.exclude)"));
    CHECK_THAT(message, Contains("r.yaml:30:5: error: no town of the built-in list of communes is in department 56"));
    CHECK_THAT(message, Contains("r.yaml:40:5: error: no town of the built-in list of communes is in region 76"));
    CHECK_THAT(message, Contains("r.yaml:50:5: error: no town of the built-in list of communes is in EPCI 200000009"));
    CHECK_THAT(message, Contains("r.yaml:60:5: error: town 00000 (towns.peer_groups.groups)"));
    CHECK_THAT(message, !Contains("55001"));
}

TEST_CASE("towns: criteria that each match but together select nothing are refused at the selection") {
    munidash::towns_spec spec;
    spec.select_where = {"r.yaml", 7, 3};
    spec.departments = codes_at({"55"});
    spec.population_min = 20000;
    const auto message = error_of(failure_kind::spec, [&] { munidash::select_towns(reference(), spec); });
    CHECK_THAT(message, Contains("r.yaml:7:3: error: no town of the built-in list of communes matches the selection"));
}

TEST_CASE(
    "towns: a reference list file is completed from the built-in list - codes it lacks keep their own department") {
    const munidash::commune_directory directory(MUNIDASH_TEST_DATA_DIR "/communes");
    // 01091 is a former commune (merged into 01033): the built-in list has no row for it.
    const munidash_test::scratch_file file("towns-reference.csv",
                                           "code,name,population\n"
                                           "01033,Valserhône,16712\n"
                                           "55245,Heudicourt,180\n"
                                           "01091,Châtillon-en-Michaille,3000\n"
                                           "97105,Basse-Terre,10000\n");
    munidash::towns_spec spec;
    spec.builtin_reference = false;
    spec.reference.name = "towns";
    spec.reference.key = "code";
    spec.reference.file = file.path();
    const auto communes = munidash::reference_communes(spec, directory);
    REQUIRE(communes.size() == 4);
    const auto find = [&](const std::string& code) -> const munidash::commune_record& {
        for (const auto& c : communes)
            if (c.code == code) return c;
        FAIL("no commune " << code);
        return communes.front();
    };
    CHECK(find("01033").department == "01");
    CHECK(find("01033").department_name == "Ain");
    CHECK(find("01033").region == "84");
    CHECK(find("01033").region_name == "Auvergne-Rhône-Alpes");
    CHECK(find("01033").epci == "240100891");
    CHECK(find("01033").epci_name == "CC du Pays Bellegardien");
    CHECK(find("55245").epci.empty());
    CHECK(find("55245").region == "44");
    // Not a commune of today: the department and region still follow from the code.
    CHECK(find("01091").department == "01");
    CHECK(find("01091").region == "84");
    CHECK(find("01091").epci.empty());
    CHECK(find("97105").department == "971");  // overseas: three characters
    CHECK(find("01091").population == 3000);
    CHECK_THAT(munidash::reference_name(spec), Contains(file.path().filename().string()));
    spec.builtin_reference = true;
    CHECK(munidash::reference_communes(spec, directory).size() == directory.communes().size());
    CHECK(munidash::reference_name(spec) == "the built-in list of communes");
}

TEST_CASE("towns: a reference list's row without a population is refused with the town and the file") {
    const munidash::commune_directory directory(MUNIDASH_TEST_DATA_DIR "/communes");
    const munidash_test::scratch_file file("towns-no-population.csv",
                                           "code,name,population\n55245,Heudicourt,180\n55386,Nonsard-Lamarche,\n");
    munidash::towns_spec spec;
    spec.builtin_reference = false;
    spec.reference.name = "towns";
    spec.reference.key = "code";
    spec.reference.file = file.path();
    spec.reference.file_where = {"r.yaml", 4, 14};
    const auto message = error_of(failure_kind::input, [&] { munidash::reference_communes(spec, directory); });
    CHECK_THAT(message, Contains("r.yaml:4:14: error: town 55386 of '" + file.path().string() + "' has no population"));
}
