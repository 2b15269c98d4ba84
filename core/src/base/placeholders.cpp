#include "base/placeholders.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace munidash {

namespace {

// Calls on_text for each stretch of plain text and on_field for each {name}, in order; stops and
// returns the offset of a '{' that is never closed, if there is one.
template <typename OnText, typename OnField>
std::optional<std::size_t> walk_placeholders(std::string_view text, OnText on_text, OnField on_field) {
    std::size_t from = 0;
    while (from < text.size()) {
        const auto open = text.find('{', from);
        if (open == std::string_view::npos) break;
        const auto close = text.find('}', open + 1);
        if (close == std::string_view::npos) {
            on_text(text.substr(from, open - from));
            return open;
        }
        on_text(text.substr(from, open - from));
        on_field(open, text.substr(open + 1, close - open - 1));
        from = close + 1;
    }
    if (from < text.size()) on_text(text.substr(from));
    return std::nullopt;
}

}  // namespace

std::string fill_placeholders(std::string_view text, std::span<const placeholder> values) {
    std::string out;
    out.reserve(text.size());
    const auto unclosed = walk_placeholders(
        text, [&](std::string_view plain) { out.append(plain); },
        [&](std::size_t, std::string_view name) {
            const auto found =
                std::find_if(values.begin(), values.end(), [&](const placeholder& p) { return p.name == name; });
            if (found == values.end())
                throw std::logic_error("placeholder '{" + std::string(name) + "}' has no value in '" +
                                       std::string(text) + "'");
            out.append(found->value);
        });
    if (unclosed) throw std::logic_error("a '{' is never closed in '" + std::string(text) + "'");
    return out;
}

std::string fill_placeholders(std::string_view text, std::initializer_list<placeholder> values) {
    return fill_placeholders(text, std::span<const placeholder>(values.begin(), values.size()));
}

std::vector<placeholder_problem> find_placeholder_problems(std::string_view text, std::span<const std::string> known) {
    std::vector<placeholder_problem> problems;
    const auto unclosed = walk_placeholders(
        text, [](std::string_view) {},
        [&](std::size_t offset, std::string_view name) {
            if (std::find(known.begin(), known.end(), name) == known.end())
                problems.push_back({offset, std::string(name), false});
        });
    if (unclosed) problems.push_back({*unclosed, std::string(text.substr(*unclosed + 1)), true});
    return problems;
}

}  // namespace munidash
