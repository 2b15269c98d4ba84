#include "spec/spec_composition.hpp"

#include <algorithm>
#include <vector>

#include "base/names.hpp"
#include "base/suggestions.hpp"

namespace munidash {

namespace {

// `overlay` written over `base`: keys of both mappings merge recursively, anything else is replaced.
// A merged mapping, and a key both write, take the overlay's place: the extending file is the one
// that made the merged whole, so a mistake in it (min over the base's max, a separator equal to the
// base's decimal mark) is reported where that file wrote it. Values keep the place they were written.
spec_node merge(spec_node base, spec_node overlay) {
    if (base.type != spec_node::kind::mapping || overlay.type != spec_node::kind::mapping) return overlay;
    for (auto& entry : overlay.entries) {
        const auto existing = std::find_if(base.entries.begin(), base.entries.end(),
                                           [&](const spec_entry& e) { return e.key.text == entry.key.text; });
        if (existing == base.entries.end()) {
            base.entries.push_back(std::move(entry));
        } else {
            existing->key = std::move(entry.key);
            existing->value = merge(std::move(existing->value), std::move(entry.value));
        }
    }
    base.where = overlay.where;
    return base;
}

spec_node load_with_bases(const std::filesystem::path& file, std::vector<std::filesystem::path>& chain,
                          const text_position& asked_by) {
    const auto canonical = std::filesystem::weakly_canonical(file);
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
        throw munidash_error(failure_kind::spec,
                             diagnostic{asked_by, "'extends:' makes a cycle: " + file.string() + " extends itself",
                                        "a base spec may not extend the spec that extends it"});
    if (static_cast<int>(chain.size()) >= max_extends_depth)
        throw munidash_error(
            failure_kind::spec,
            diagnostic{asked_by, "'extends:' chains more than " + std::to_string(max_extends_depth) + " specs",
                       "keep one base and one file per report"});
    if (!chain.empty() && !std::filesystem::exists(file))
        throw munidash_error(failure_kind::spec,
                             diagnostic{asked_by, "base spec '" + file.string() + "' does not exist",
                                        "paths in 'extends:' are relative to the spec that names them"});
    if (std::error_code ec; !chain.empty() && std::filesystem::is_directory(file, ec))
        throw munidash_error(failure_kind::spec,
                             diagnostic{asked_by, "base spec '" + file.string() + "' is a folder, not a spec file",
                                        "'extends:' names one YAML spec file"});
    chain.push_back(canonical);
    spec_node root = read_yaml_file(file);
    // A base that is not a mapping is not a spec: refused where 'extends:' names it, and none of its
    // text is quoted (extends: /etc/shadow must not print the file).
    if (chain.size() > 1 && root.type != spec_node::kind::mapping)
        throw munidash_error(
            failure_kind::spec,
            diagnostic{asked_by,
                       "base spec '" + file.string() + "' is not a YAML mapping of keys to values (it holds " +
                           (root.type == spec_node::kind::sequence ? "a list"
                            : root.type == spec_node::kind::null   ? "nothing"
                                                                   : "plain text") +
                           "), so it is not a spec",
                       "'extends:' names a spec file with keys such as report: and indicators:"});
    if (root.type != spec_node::kind::mapping) return root;
    const auto extends = std::find_if(root.entries.begin(), root.entries.end(),
                                      [](const spec_entry& e) { return e.key.text == "extends"; });
    if (extends == root.entries.end()) return root;
    const spec_node base_node = extends->value;
    root.entries.erase(extends);
    if (base_node.type != spec_node::kind::scalar || base_node.text.empty())
        throw munidash_error(failure_kind::spec, diagnostic{base_node.where, "'extends:' must name one base spec file",
                                                            "e.g. extends: base.yaml"});
    const std::filesystem::path relative(base_node.text);
    const auto base_file = relative.is_absolute() ? relative : (file.parent_path() / relative).lexically_normal();
    return merge(load_with_bases(base_file, chain, base_node.where), std::move(root));
}

class parameter_resolver {
public:
    parameter_resolver(const spec_node& root, const parameter_values& overrides) {
        const spec_node* declared = root.type == spec_node::kind::mapping ? root.find("parameters") : nullptr;
        if (declared && declared->type != spec_node::kind::mapping)
            problems_.add(declared->where, "parameters must be a mapping of names to default values",
                          "e.g. parameters: {period: \"2024\"}; write ~ for a parameter without default");
        else if (declared) {
            for (const auto& [key, value] : declared->entries) {
                if (!is_identifier(key.text))
                    problems_.add(key.where, "parameter name '" + key.text + "' is not valid",
                                  "use lower-case letters, digits and '_', starting with a letter");
                if (value.type == spec_node::kind::scalar)
                    values_[key.text] = value.text;
                else if (value.type != spec_node::kind::null)
                    problems_.add(value.where, "the default of parameter '" + key.text + "' must be a value",
                                  "write ~ for a parameter that must be given with --set");
                declared_[key.text] = key.where;
            }
        }
        for (const auto& [name, value] : overrides) {
            if (!declared_.contains(name)) {
                std::vector<std::string> names;
                for (const auto& [n, w] : declared_) names.push_back(n);
                problems_.add(
                    {}, "--set " + name + "=...: the spec declares no parameter '" + name + "'",
                    names.empty() ? "declare it under 'parameters:' in the spec" : unknown_name_hint(name, names));
                continue;
            }
            values_[name] = value;
        }
    }

    // Replaces ${name} in every value of the tree but the parameter declarations themselves.
    void substitute(spec_node& node, bool in_parameters = false) {
        switch (node.type) {
            case spec_node::kind::scalar:
                if (!in_parameters) node.text = expand(node.text, node.where, node.quoted);
                break;
            case spec_node::kind::sequence:
                for (auto& item : node.items) substitute(item, in_parameters);
                break;
            case spec_node::kind::mapping:
                for (auto& entry : node.entries)
                    substitute(entry.value, in_parameters || entry.key.text == "parameters");
                break;
            case spec_node::kind::null: break;
        }
    }

    diagnostic_list& problems() { return problems_; }

private:
    std::string expand(const std::string& text, const text_position& where, bool quoted) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text.compare(i, 2, "$$") == 0) {  // "$$" writes a plain '$'
                out += '$';
                ++i;
                continue;
            }
            if (text.compare(i, 2, "${") != 0) {
                out += text[i];
                continue;
            }
            const auto close = text.find('}', i);
            // Inside a one-line scalar the column of the reference itself helps; elsewhere the value's start.
            text_position at = where;
            if (text.find('\n') == std::string::npos) at.column += static_cast<int>(i) + (quoted ? 1 : 0);
            if (close == std::string::npos) {
                problems_.add(at, "'${' without a closing '}'", "write ${name}, or $$ for a '$'");
                return out;
            }
            const std::string name = text.substr(i + 2, close - i - 2);
            if (!declared_.contains(name)) {
                std::vector<std::string> names;
                for (const auto& [n, w] : declared_) names.push_back(n);
                problems_.add(at, "unknown parameter '${" + name + "}'",
                              names.empty() ? "declare it under 'parameters:'" : unknown_name_hint(name, names));
            } else if (const auto value = values_.find(name); value == values_.end()) {
                problems_.add(at, "parameter '" + name + "' has no value",
                              "give it on the command line with --set " + name +
                                  "=VALUE, or a default under "
                                  "'parameters:' (" +
                                  to_string(declared_.at(name)) + ")");
            } else {
                out += value->second;
            }
            i = close;
        }
        return out;
    }

    std::map<std::string, text_position> declared_;
    std::map<std::string, std::string> values_;
    diagnostic_list problems_;
};

}  // namespace

spec_node compose_spec(const std::filesystem::path& file, const parameter_values& overrides) {
    std::vector<std::filesystem::path> chain;
    spec_node root = load_with_bases(file, chain, {file, 0, 0});
    parameter_resolver resolver(root, overrides);
    resolver.substitute(root);
    resolver.problems().throw_if_any(failure_kind::spec);
    return root;
}

}  // namespace munidash
