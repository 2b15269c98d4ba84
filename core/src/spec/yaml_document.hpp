// A YAML file read into a plain tree whose every node knows its line and column.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"

namespace munidash {

struct spec_entry;

// One node of a spec file. Scalars stay text: the spec reader decides what a number is, so a
// code like 01001 is never read as octal, and numbers do not depend on the global locale.
struct spec_node {
    enum class kind { null, scalar, sequence, mapping };

    kind type = kind::null;
    text_position where;
    std::string text;                 // a scalar's text
    bool quoted = false;              // the scalar was written in quotes
    std::vector<spec_node> items;     // a sequence's items
    std::vector<spec_entry> entries;  // a mapping's keys and values, in file order

    // The value of `key` in a mapping, or nullptr.
    const spec_node* find(std::string_view key) const;
};

// One key and its value in a mapping.
struct spec_entry {
    spec_node key;
    spec_node value;
};

// Limits that keep a hostile or broken file from exhausting memory or the stack.
inline constexpr std::size_t max_spec_bytes = std::size_t{1024} * 1024;
inline constexpr int max_spec_depth = 32;

// Reads one YAML document. Refuses, with positions: files over the size limit, bytes that are not
// UTF-8, syntax errors, anchors, aliases, tags, several documents, non-scalar or duplicate keys,
// nesting past the depth limit. Throws munidash_error(spec) with every problem found.
spec_node read_yaml_file(const std::filesystem::path& file);

// The same, for text already in memory; `file` is used in the messages.
spec_node read_yaml_text(std::string_view text, const std::filesystem::path& file);

}  // namespace munidash
