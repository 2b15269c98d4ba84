#include "spec/request_questions.hpp"

#include <algorithm>

namespace munidash {

const std::vector<std::string>& question_type_names() {
    static const std::vector<std::string> names{"number", "integer", "percent", "yes_no", "choice", "time_range", "text"};
    return names;
}

std::string_view to_string(question_type type) { return question_type_names().at(static_cast<std::size_t>(type)); }

std::optional<question_type> question_type_named(std::string_view name) {
    const auto& names = question_type_names();
    const auto at = std::find(names.begin(), names.end(), name);
    if (at == names.end()) return std::nullopt;
    return static_cast<question_type>(at - names.begin());
}

}  // namespace munidash
