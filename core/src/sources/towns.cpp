#include "sources/towns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/suggestions.hpp"
#include "base/utf8.hpp"

namespace munidash {

std::vector<std::string> town_list::codes() const {
    std::vector<std::string> out;
    out.reserve(towns.size());
    for (const auto& t : towns) out.push_back(t.code);
    return out;
}

const std::vector<std::string>& reference_columns() {
    static const std::vector<std::string> columns{"code", "name", "population"};
    return columns;
}

namespace {

bool listed(const std::vector<located_code>& codes, const std::string& code) {
    return std::any_of(codes.begin(), codes.end(), [&](const located_code& c) { return c.code == code; });
}

// The department an INSEE code belongs to: its first two characters, three overseas (971-976).
std::string department_of(const std::string& code) { return code.substr(0, code.starts_with("97") ? 3 : 2); }

// Names and codes of the reference list go into cells, sheet names and charts: a control character
// there would make a workbook Excel refuses, so it is refused now, with its line, not at write time.
void check_reference_text(const csv_table& table) {
    const auto code_column = std::find(table.header.begin(), table.header.end(), "code") - table.header.begin();
    diagnostic_list problems;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        for (std::size_t c = 0; c < table.rows[r].size() && c < table.header.size(); ++c)
            if (const auto at = find_xml_illegal(table.rows[r][c])) {
                const auto& row = table.rows[r];
                const auto code = static_cast<std::size_t>(code_column) < row.size()
                                      ? "town " + row[static_cast<std::size_t>(code_column)] + ": "
                                      : std::string{};
                char shown[16];
                // find_xml_illegal finds a control character (one byte) or U+FFFE/U+FFFF (EF BF BE/BF).
                std::size_t i = *at;
                const auto point = static_cast<unsigned>(next_utf8_char(row[c], i));
                std::snprintf(shown, sizeof shown, "U+%04X", point);
                problems.add({table.file, table.row_lines[r], 0},
                             code + "column '" + table.header[c] + "' holds the control character " + shown +
                                 " (shown as \uFFFD): '" + xml_safe(row[c]) +
                                 "'; a workbook can hold printable text only",
                             "remove the character from this line of the reference list");
            }
    problems.throw_if_any(failure_kind::input);
}

// The reference list of the spec, completed from the built-in list.
std::vector<commune_record> read_reference(const towns_spec& spec, const commune_directory& directory) {
    auto table = read_source_csv(spec.reference);
    check_reference_text(table);
    const source_table reference(std::move(table), spec.reference);
    for (const auto& column : reference_columns())
        if (!reference.has_column(column))
            throw munidash_error(
                failure_kind::input,
                diagnostic{spec.reference.where,
                           "the reference list '" + spec.reference.file.string() + "' has no column '" + column + "'",
                           "it needs the columns code, name and population (rename: maps other names)"});
    const auto& header = reference.columns();
    const auto index = [&](std::string_view name) -> std::ptrdiff_t {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : it - header.begin();
    };
    const auto name_i = index("name"), department_i = index("department"), department_name_i = index("department_name"),
               region_i = index("region"), epci_i = index("epci"), epci_name_i = index("epci_name");
    const auto cell = [](const std::vector<std::string>& row, std::ptrdiff_t i) {
        return i < 0 ? std::string{} : row[static_cast<std::size_t>(i)];
    };
    const auto codes = reference.codes();
    const auto populations = reference.numbers("population", codes);
    std::vector<commune_record> out;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (std::isnan(populations[i]))
            throw munidash_error(
                failure_kind::input,
                diagnostic{spec.reference.file_where,
                           "town " + codes[i] + " of '" + spec.reference.file.string() + "' has no population",
                           "the reference list needs a population for every town"});
        const auto row = *reference.row(codes[i]);
        // What the file does not say comes from the built-in list (today's commune of that code),
        // so that a selection by region works on any reference list.
        const auto* known = directory.find(codes[i]);
        const auto or_known = [&](std::ptrdiff_t column, std::string commune_record::*field,
                                  const std::string& fallback) {
            if (column >= 0) return cell(row, column);
            return known ? (*known).*field : fallback;
        };
        commune_record c{codes[i], cell(row, name_i), populations[i], {}, {}, {}, {}, {}, {}};
        c.department = or_known(department_i, &commune_record::department, department_of(codes[i]));
        c.department_name =
            department_name_i >= 0 ? cell(row, department_name_i) : directory.department_name(c.department);
        c.region = or_known(region_i, &commune_record::region, directory.region_of_department(c.department));
        c.region_name = directory.region_name(c.region);
        c.epci = or_known(epci_i, &commune_record::epci, "");
        c.epci_name = epci_name_i >= 0 ? cell(row, epci_name_i) : directory.epci_name(c.epci);
        out.push_back(std::move(c));
    }
    return out;
}

town town_of(const commune_record& c) {
    return {c.code, c.name, c.population, c.department, c.department_name, c.region, c.epci, c.epci_name, 0};
}

bool selected(const commune_record& t, const towns_spec& spec) {
    // A town without a population (an uninhabited territory) is outside any population range.
    if ((spec.population_min || spec.population_max) && std::isnan(t.population)) return false;
    if (spec.population_min && t.population < *spec.population_min) return false;
    if (spec.population_max && t.population > *spec.population_max) return false;
    if (!spec.departments.empty() && !listed(spec.departments, t.department)) return false;
    if (!spec.regions.empty() && !listed(spec.regions, t.region)) return false;
    if (!spec.epcis.empty() && !listed(spec.epcis, t.epci)) return false;
    if (!spec.codes.empty() && !listed(spec.codes, t.code)) return false;
    return !listed(spec.excluded, t.code);
}

// The band of `population`; towns outside every band go to the nearest one, so none is left out.
std::size_t band_of(double population, const std::vector<peer_group>& groups) {
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const bool last = i + 1 == groups.size();
        if (population < groups[i].max || (last && population <= groups[i].max)) return i;
    }
    return groups.size() - 1;
}

void assign_groups(town_list& out, const towns_spec& spec) {
    auto& groups = out.groups;
    switch (spec.grouping) {
        case peer_grouping::population: {
            for (std::size_t i = 0; i + 1 < spec.peer_bands.size(); ++i)
                groups.push_back(
                    {peer_grouping::population, {}, {}, spec.peer_bands[i], spec.peer_bands[i + 1], false, 0});
            if (groups.empty()) groups.push_back({peer_grouping::population, {}, {}, 0, INFINITY, false, 0});
            for (auto& t : out.towns) t.peer_group = band_of(t.population, groups);
            break;
        }
        case peer_grouping::department:
        case peer_grouping::epci: {
            // One group per value, in the order of the codes; a town without an EPCI is grouped
            // with the others that have none.
            const bool by_department = spec.grouping == peer_grouping::department;
            std::map<std::string, std::size_t> index;
            for (const auto& t : out.towns) index.emplace(by_department ? t.department : t.epci, 0);
            for (auto& [key, position] : index) {
                position = groups.size();
                groups.push_back({spec.grouping, key, {}, 0, 0, key.empty(), 0});
            }
            for (auto& t : out.towns) {
                t.peer_group = index.at(by_department ? t.department : t.epci);
                groups[t.peer_group].name = by_department ? t.department_name : t.epci_name;
            }
            break;
        }
        case peer_grouping::explicit_groups: {
            std::map<std::string, std::size_t> group_of_town;
            for (const auto& g : spec.groups) {
                for (const auto& member : g.towns) group_of_town.emplace(member.code, groups.size());
                groups.push_back({peer_grouping::explicit_groups, g.name, g.name, 0, 0, false, 0});
            }
            std::optional<std::size_t> others;
            for (auto& t : out.towns) {
                if (const auto it = group_of_town.find(t.code); it != group_of_town.end()) {
                    t.peer_group = it->second;
                    continue;
                }
                if (!others) {
                    others = groups.size();
                    groups.push_back({peer_grouping::explicit_groups, {}, {}, 0, 0, true, 0});
                }
                t.peer_group = *others;
            }
            break;
        }
    }
    for (const auto& t : out.towns) ++groups[t.peer_group].town_count;
}

}  // namespace

std::vector<commune_record> reference_communes(const towns_spec& spec, const commune_directory& directory) {
    if (spec.builtin_reference) return directory.communes();
    return read_reference(spec, directory);
}

std::string reference_name(const towns_spec& spec) {
    return spec.builtin_reference ? std::string("the built-in list of communes")
                                  : "'" + spec.reference.file.string() + "'";
}

town_list select_towns(const std::vector<commune_record>& all, const towns_spec& spec) {
    // Every criterion must be able to match: a typo in a code must not shrink a report silently.
    std::set<std::string, std::less<>> codes, departments, regions, epcis;
    for (const auto& t : all) {
        codes.insert(t.code);
        departments.insert(t.department);
        regions.insert(t.region);
        epcis.insert(t.epci);
    }
    const auto name = reference_name(spec);
    diagnostic_list problems;
    const auto check_codes = [&](const std::vector<located_code>& values, const char* where) {
        for (const auto& c : values)
            if (!codes.contains(c.code))
                problems.add(c.where, "town " + c.code + " (" + where + ") is not in the reference list " + name,
                             "check the code; the reference list has " + std::to_string(codes.size()) + " towns");
    };
    check_codes(spec.codes, "towns.select.codes");
    check_codes(spec.excluded, "towns.select.exclude");
    for (const auto& g : spec.groups) check_codes(g.towns, "towns.peer_groups.groups");
    const auto check_matches = [&](const std::vector<located_code>& values,
                                   const std::set<std::string, std::less<>>& known, const std::string& what) {
        for (const auto& c : values)
            if (!known.contains(c.code))
                problems.add(c.where, "no town of " + name + " is in " + what + " " + c.code,
                             "check the code; the criterion would select nothing");
    };
    check_matches(spec.departments, departments, "department");
    check_matches(spec.regions, regions, "region");
    check_matches(spec.epcis, epcis, "EPCI");
    problems.throw_if_any(failure_kind::spec);

    town_list out;
    for (const auto& t : all)
        if (selected(t, spec)) out.towns.push_back(town_of(t));
    if (out.towns.empty())
        throw munidash_error(failure_kind::spec,
                             diagnostic{spec.select_where, "no town of " + name + " matches the selection",
                                        "check the population range and the codes of departments, regions and EPCI"});
    assign_groups(out, spec);
    // A group that the selection left empty would show as an empty row: keep only groups with towns.
    std::vector<std::size_t> renumber(out.groups.size());
    std::vector<peer_group> kept;
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        renumber[g] = kept.size();
        if (out.groups[g].town_count > 0 || out.groups[g].kind == peer_grouping::population)
            kept.push_back(out.groups[g]);
    }
    for (auto& t : out.towns) t.peer_group = renumber[t.peer_group];
    out.groups = std::move(kept);
    return out;
}

}  // namespace munidash
