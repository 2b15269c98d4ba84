#include "spec/spec_builder.hpp"

#include <algorithm>

#include "base/names.hpp"
#include "base/suggestions.hpp"

namespace munidash {

bool spec_builder::is_mapping(const spec_node& node, std::string_view what, std::string hint) {
    if (node.type == spec_node::kind::mapping) return true;
    problems_.add(node.where, std::string(what) + " must be a mapping of keys to values", std::move(hint));
    return false;
}

bool spec_builder::mapping(const spec_node& node, std::string_view what, std::vector<std::string> allowed) {
    if (!is_mapping(node, what, "expected keys: " + join(allowed))) return false;
    for (const auto& [key, value] : node.entries) {
        if (std::find(allowed.begin(), allowed.end(), key.text) == allowed.end())
            problems_.add(key.where, "unknown key '" + key.text + "' in " + std::string(what),
                          unknown_name_hint(key.text, allowed));
    }
    return true;
}

const spec_node* spec_builder::required(const spec_node& node, std::string_view key, std::string_view what) {
    const auto* found = node.find(key);
    if (!found)
        problems_.add(node.where, std::string(what) + " has no '" + std::string(key) + "'",
                      "add the key '" + std::string(key) + ":'");
    return found;
}

std::optional<std::string> spec_builder::text(const spec_node& node, std::string_view what) {
    if (node.type != spec_node::kind::scalar) {
        problems_.add(node.where, std::string(what) + " must be a text value",
                      node.type == spec_node::kind::null ? "it is empty" : "it is a list or mapping");
        return std::nullopt;
    }
    return node.text;
}

std::optional<std::string> spec_builder::optional_text(const spec_node& parent, std::string_view key,
                                                       std::string_view what) {
    if (const auto* n = parent.find(key)) return text(*n, what);
    return std::nullopt;
}

std::optional<double> spec_builder::number(const spec_node& node, std::string_view what) {
    if (node.type == spec_node::kind::scalar) {
        if (auto value = parse_plain_number(node.text)) return value;
    }
    problems_.add(node.where, std::string(what) + " must be a number, found '" + node.text + "'",
                  "write digits with '.' as the decimal mark and no thousands separator");
    return std::nullopt;
}

std::optional<bool> spec_builder::boolean(const spec_node& node, std::string_view what) {
    if (node.type == spec_node::kind::scalar && !node.quoted) {
        if (node.text == "true") return true;
        if (node.text == "false") return false;
    }
    problems_.add(node.where, std::string(what) + " must be true or false, found '" + node.text + "'");
    return std::nullopt;
}

std::optional<char> spec_builder::single_character(const spec_node& node, std::string_view what,
                                                   std::string_view allowed) {
    auto value = text(node, what);
    if (!value) return std::nullopt;
    if (value->size() == 1 && allowed.find((*value)[0]) != std::string_view::npos) return (*value)[0];
    std::string choices;
    for (char c : allowed)
        choices +=
            std::string(choices.empty() ? "" : ", ") + "'" + (c == '\t' ? std::string("\\t") : std::string(1, c)) + "'";
    problems_.add(node.where, std::string(what) + " must be one character of " + choices + ", found '" + *value + "'",
                  "quote it in YAML, e.g. separator: \";\"");
    return std::nullopt;
}

std::string spec_builder::join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::filesystem::path spec_builder::resolve(const spec_node& node) const {
    const std::filesystem::path p(node.text);
    const auto folder = node.where.file.empty() ? base_ : node.where.file.parent_path();
    return (p.is_absolute() ? p : folder / p).lexically_normal();
}

}  // namespace munidash
