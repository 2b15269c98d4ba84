#include "spec/spec_builder.hpp"

#include <algorithm>
#include <cctype>

#include <map>

#include "base/insee_code.hpp"
#include "base/suggestions.hpp"

namespace munidash {

namespace {

// A region code: 2 digits (01-06 overseas, 11-94 metropolitan).
bool is_region_code(std::string_view s) {
    return s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
           std::isdigit(static_cast<unsigned char>(s[1])) && s != "00";
}

// A SIREN number: 9 digits.
bool is_siren(std::string_view s) {
    return s.size() == 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A department code: 01-95 except 20, 2A, 2B, or 971-976.
bool is_department_code(std::string_view s) {
    if (s == "2A" || s == "2B") return true;
    if (s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
        std::isdigit(static_cast<unsigned char>(s[1])))
        return s != "00" && s != "20" && s <= "95";
    return s.size() == 3 && s.starts_with("97") && s[2] >= '1' && s[2] <= '6';
}

}  // namespace

void spec_builder::read_towns(const spec_node& node) {
    if (!mapping(node, "'towns'", {"reference", "select", "peer_groups"})) return;
    auto& towns = spec_.towns;
    // Without a reference list of its own, a spec compares the communes of the built-in list.
    towns.reference.name = "towns";
    if (const auto* n = node.find("reference")) {
        const auto problems_before = problems_.items().size();
        towns.reference = read_source(*n, "towns", "'towns.reference'", "code");
        if (problems_.items().size() != problems_before) gaps_.unreadable_sources.insert("towns");
        towns.builtin_reference = false;
    }
    if (const auto* select = node.find("select")) {
        towns.select_where = select->where;
        if (mapping(*select, "'towns.select'", {"population", "departments", "regions", "epci", "codes", "exclude"})) {
            if (const auto* pop = select->find("population");
                pop && mapping(*pop, "'towns.select.population'", {"min", "max"})) {
                if (const auto* n = pop->find("min")) towns.population_min = number(*n, "population.min");
                if (const auto* n = pop->find("max")) towns.population_max = number(*n, "population.max");
                if (towns.population_min && towns.population_max && *towns.population_min > *towns.population_max)
                    problems_.add(pop->where, "population.min is larger than population.max", "swap the two values");
            }
            if (const auto* deps = select->find("departments")) read_departments(*deps);
            if (const auto* n = select->find("regions"))
                towns.regions = read_codes(*n, "region code", is_region_code,
                                           "regions have two digits: '11' Île-de-France, '84'... in quotes");
            if (const auto* n = select->find("epci"))
                towns.epcis = read_codes(*n, "EPCI SIREN number", is_siren,
                                         "an EPCI is named by its SIREN number: 9 digits, in quotes");
            if (const auto* n = select->find("codes"))
                towns.codes =
                    read_codes(*n, "INSEE commune code", is_insee_code, "5 characters in quotes: '77475', '2A004'");
            if (const auto* n = select->find("exclude"))
                towns.excluded =
                    read_codes(*n, "INSEE commune code", is_insee_code, "5 characters in quotes: '77475', '2A004'");
        }
    }
    if (const auto* peers = node.find("peer_groups")) read_peer_groups(*peers);
}

void spec_builder::read_peer_groups(const spec_node& node) {
    auto& towns = spec_.towns;
    if (!mapping(node, "'towns.peer_groups'", {"by", "bands", "groups"})) return;
    if (const auto* by = required(node, "by", "'towns.peer_groups'"); by && text(*by, "by")) {
        if (const auto grouping = enum_named<peer_grouping>(by->text))
            towns.grouping = *grouping;
        else
            problems_.add(by->where, "unknown peer grouping '" + by->text + "'",
                          unknown_name_hint(by->text, enum_names<peer_grouping>()));
    }
    const auto* bands = node.find("bands");
    const auto* groups = node.find("groups");
    if (towns.grouping == peer_grouping::population) {
        if (!bands)
            problems_.add(node.where, "peer groups by population need 'bands'",
                          "e.g. bands: [2500, 5000, 10000, 25000]");
        else
            read_bands(*bands);
    } else if (bands) {
        problems_.add(bands->where, "'bands' is for peer groups by population", "remove it, or write by: population");
    }
    if (towns.grouping != peer_grouping::explicit_groups) {
        if (groups)
            problems_.add(groups->where, "'groups' is for peer groups by groups", "write by: groups, or remove it");
        return;
    }
    if (!groups) {
        problems_.add(node.where, "peer groups by groups need 'groups'",
                      "e.g. groups: {\"Pôle Nord\": [\"77475\", \"77284\"]}");
        return;
    }
    if (!is_mapping(*groups, "groups", "name each group and list its towns' codes")) return;
    std::map<std::string, std::string> group_of_town;
    for (const auto& [name, members] : groups->entries) {
        named_group group{
            name.text,
            read_codes(members, "INSEE commune code", is_insee_code, "5 characters in quotes: '77475', '2A004'"),
            name.where};
        for (const auto& town : group.towns) {
            const auto [it, inserted] = group_of_town.emplace(town.code, group.name);
            if (!inserted)
                problems_.add(
                    town.where,
                    "town " + town.code + " is in two peer groups: '" + it->second + "' and '" + group.name + "'",
                    "a town belongs to one peer group");
        }
        towns.groups.push_back(std::move(group));
    }
}

std::vector<located_code> spec_builder::read_codes(const spec_node& node, std::string_view what,
                                                   bool (*valid)(std::string_view), std::string_view hint) {
    std::vector<located_code> out;
    if (node.type != spec_node::kind::sequence) {
        problems_.add(node.where, "expected a list of " + std::string(what) + "s", std::string(hint));
        return out;
    }
    for (const auto& item : node.items) {
        auto code = text(item, what);
        if (!code) continue;
        if (!valid(*code))
            problems_.add(item.where, "'" + *code + "' is not a valid " + std::string(what), std::string(hint));
        else
            out.push_back({*code, item.where});
    }
    return out;
}

void spec_builder::read_departments(const spec_node& node) {
    if (node.type != spec_node::kind::sequence) {
        problems_.add(node.where, "departments must be a list of department codes",
                      "write departments: [\"77\", \"91\"]");
        return;
    }
    for (const auto& item : node.items) {
        auto code = text(item, "a department code");
        if (!code) continue;
        if (!is_department_code(*code))
            problems_.add(item.where, "'" + *code + "' is not a French department code",
                          "write two characters ('01' to '95', '2A', '2B') or three ('971' to '976'), in quotes");
        else
            spec_.towns.departments.push_back({*code, item.where});
    }
}

void spec_builder::read_bands(const spec_node& node) {
    spec_.towns.peer_bands_where = node.where;
    if (node.type != spec_node::kind::sequence || node.items.size() < 2) {
        problems_.add(node.where, "bands must be a list of at least two population limits",
                      "e.g. bands: [2500, 5000, 10000, 25000]");
        return;
    }
    for (const auto& item : node.items) {
        auto value = number(item, "a population band limit");
        if (!value) continue;
        if (!spec_.towns.peer_bands.empty() && *value <= spec_.towns.peer_bands.back())
            problems_.add(item.where, "band limits must increase", "sort the limits from the smallest to the largest");
        spec_.towns.peer_bands.push_back(*value);
    }
}

}  // namespace munidash
