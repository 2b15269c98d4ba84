#include "base/diagnostics.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace munidash {

std::string to_string(const text_position& where) {
    std::string out = where.file.string();
    if (where.line > 0) {
        out += ':' + std::to_string(where.line);
        if (where.column > 0) out += ':' + std::to_string(where.column);
    }
    return out;
}

std::string format_diagnostic(const diagnostic& d) {
    std::string out;
    if (!d.where.file.empty()) out = to_string(d.where) + ": ";
    out += "error: " + d.message;
    if (!d.hint.empty()) out += " (" + d.hint + ")";
    return out;
}

void sort_by_position(std::vector<diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
}

namespace {
std::string join_messages(const std::vector<diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        if (!out.empty()) out += '\n';
        out += format_diagnostic(d);
    }
    return out;
}
}  // namespace

munidash_error::munidash_error(failure_kind kind, std::vector<diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), kind_(kind), diagnostics_(std::move(diagnostics)) {}

munidash_error::munidash_error(failure_kind kind, diagnostic single)
    : munidash_error(kind, std::vector<diagnostic>{std::move(single)}) {}

munidash_error::~munidash_error() = default;

void diagnostic_list::add(text_position where, std::string message, std::string hint) {
    items_.push_back({std::move(where), std::move(message), std::move(hint)});
}

void diagnostic_list::throw_if_any(failure_kind kind) const {
    if (!items_.empty()) throw munidash_error(kind, items_);
}

}  // namespace munidash
