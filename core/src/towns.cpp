#include "towns.hpp"

#include <algorithm>
#include <cmath>

#include "cell_values.hpp"
#include "suggestions.hpp"

namespace munidash {

std::vector<std::string> town_list::codes() const {
    std::vector<std::string> out;
    out.reserve(towns.size());
    for (const auto& t : towns) out.push_back(t.code);
    return out;
}

const std::vector<std::string>& reference_columns() {
    static const std::vector<std::string> columns{"code", "name", "population", "department"};
    return columns;
}

namespace {

std::vector<peer_group> make_groups(const std::vector<double>& bands) {
    std::vector<peer_group> groups;
    for (std::size_t i = 0; i + 1 < bands.size(); ++i) groups.push_back({bands[i], bands[i + 1], 0});
    return groups;
}

// The band of `population`; towns outside every band go to the nearest one, so none is left out.
std::size_t group_of(double population, const std::vector<peer_group>& groups) {
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const bool last = i + 1 == groups.size();
        if (population < groups[i].max || (last && population <= groups[i].max)) return i;
    }
    return groups.empty() ? 0 : groups.size() - 1;
}

}  // namespace

town_list select_towns(const source_table& reference, const towns_spec& spec) {
    for (const auto& column : reference_columns())
        if (!reference.has_column(column))
            throw munidash_error(failure_kind::input,
                                 diagnostic{spec.reference.where,
                                            "the reference list '" + spec.reference.file.string() +
                                                "' has no column '" + column + "'",
                                            "it needs the columns code, name, population, department"});
    const auto& header = reference.columns();
    const auto index = [&](std::string_view name) -> std::ptrdiff_t {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : it - header.begin();
    };
    const auto name_i = index("name"), department_i = index("department"),
               region_i = index("region"), epci_i = index("epci");
    const auto cell = [](const std::vector<std::string>& row, std::ptrdiff_t i) {
        return i < 0 ? std::string{} : row[static_cast<std::size_t>(i)];
    };

    town_list out;
    out.groups = make_groups(spec.peer_bands);
    if (out.groups.empty()) out.groups.push_back({0, INFINITY, 0});

    const auto codes = reference.codes();
    const auto populations = reference.numbers("population", codes);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto& row = *reference.row(codes[i]);
        const double population = populations[i];
        if (std::isnan(population))
            throw munidash_error(failure_kind::input,
                                 diagnostic{spec.reference.file_where,
                                            "town " + codes[i] + " of '" + spec.reference.file.string() +
                                                "' has no population",
                                            "the reference list needs a population for every town"});
        if (spec.population_min && population < *spec.population_min) continue;
        if (spec.population_max && population > *spec.population_max) continue;
        const auto department = cell(row, department_i);
        if (!spec.departments.empty() &&
            std::find(spec.departments.begin(), spec.departments.end(), department) == spec.departments.end())
            continue;
        town t{codes[i], cell(row, name_i), population, department, cell(row, region_i),
               cell(row, epci_i), group_of(population, out.groups)};
        ++out.groups[t.peer_group].town_count;
        out.towns.push_back(std::move(t));
    }
    if (out.towns.empty())
        throw munidash_error(failure_kind::spec,
                             diagnostic{spec.select_where,
                                        "no town of '" + spec.reference.file.string() +
                                            "' matches the selection",
                                        "check the population range and the department codes"});
    return out;
}

}  // namespace munidash
