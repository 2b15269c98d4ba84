// The kinds of parameter a plugin declares (the SDK's param_type), as plugin listings name them and
// as errors about a spec's params describe them.
#pragma once

#include <munidash/plugin.hpp>

#include "base/enum_table.hpp"

namespace munidash {

// Each kind's name in `munidash plugins` listings, and what a spec must write for it.
inline constexpr enum_entry<param_type> param_type_table[]{
    {param_type::number, "number", "a number"},
    {param_type::text, "text", "a text"},
    {param_type::column, "column", "a numeric column written source.column"},
    {param_type::text_column, "text_column", "a text column written source.column"},
    {param_type::columns, "columns", "one or more numeric columns, source.column or [a.x, a.y]"},
};
static_assert(is_enum_table(param_type_table));
constexpr const auto& entries_of(param_type) { return param_type_table; }

}  // namespace munidash
