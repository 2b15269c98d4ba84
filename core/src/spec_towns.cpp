#include "spec_builder.hpp"

#include <algorithm>
#include <cctype>

#include "suggestions.hpp"

namespace munidash {

namespace {

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
    if (const auto* n = required(node, "reference", "'towns'"))
        towns.reference = read_source(*n, "towns", "'towns.reference'", "code");
    if (const auto* select = node.find("select")) {
        towns.select_where = select->where;
        if (mapping(*select, "'towns.select'", {"population", "departments"})) {
            if (const auto* pop = select->find("population");
                pop && mapping(*pop, "'towns.select.population'", {"min", "max"})) {
                if (const auto* n = pop->find("min")) towns.population_min = number(*n, "population.min");
                if (const auto* n = pop->find("max")) towns.population_max = number(*n, "population.max");
                if (towns.population_min && towns.population_max &&
                    *towns.population_min > *towns.population_max)
                    problems_.add(pop->where, "population.min is larger than population.max",
                                  "swap the two values");
            }
            if (const auto* deps = select->find("departments")) read_departments(*deps);
        }
    }
    if (const auto* peers = node.find("peer_groups");
        peers && mapping(*peers, "'towns.peer_groups'", {"by", "bands"})) {
        if (const auto* by = required(*peers, "by", "'towns.peer_groups'"); by && text(*by, "by")) {
            const std::vector<std::string> kinds{"population"};
            if (by->text != "population")
                problems_.add(by->where, "unknown peer grouping '" + by->text + "'",
                              unknown_name_hint(by->text, kinds));
        }
        if (const auto* bands = required(*peers, "bands", "'towns.peer_groups'")) read_bands(*bands);
    }
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
            spec_.towns.departments.push_back(*code);
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
            problems_.add(item.where, "band limits must increase",
                          "sort the limits from the smallest to the largest");
        spec_.towns.peer_bands.push_back(*value);
    }
}

}  // namespace munidash
