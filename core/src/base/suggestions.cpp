#include "base/suggestions.hpp"

#include <algorithm>
#include <vector>

namespace munidash {

namespace {
// Optimal string alignment distance: a transposition counts as one edit, the commonest typo.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}
}  // namespace

std::string nearest_name(std::string_view typed, std::span<const std::string> candidates) {
    std::string best;
    std::size_t best_distance = 0;
    for (const auto& candidate : candidates) {
        const std::size_t distance = edit_distance(typed, candidate);
        if (best.empty() || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    // More than a third of the letters changed is a different word, not a typo.
    const std::size_t limit = std::max<std::size_t>(2, (typed.size() + 2) / 3);
    return best_distance <= limit ? best : std::string{};
}

std::string unknown_name_hint(std::string_view typed, std::span<const std::string> candidates) {
    std::string hint;
    if (const auto near = nearest_name(typed, candidates); !near.empty()) hint = "did you mean '" + near + "'? ";
    if (candidates.empty()) return hint + "there is nothing to choose from";
    hint += "expected one of: ";
    for (std::size_t i = 0; i < candidates.size(); ++i) hint += (i ? ", " : "") + candidates[i];
    return hint;
}

}  // namespace munidash
