// The parts of a spec whose entries are too broken for the later checks (plugins, params, columns)
// to say anything sensible about them: those checks pass over them instead of cascading.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>

namespace munidash {

// What the spec reader could not read soundly; empty for a spec without mistakes.
struct spec_gaps {
    // Sources declared with a mistake in their entry (file, key, dialect...): their header is not
    // read, since a wrong separator or key would only make up missing columns; references to them
    // are not checked. Holds "towns" for a broken towns.reference.
    std::set<std::string, std::less<>> unreadable_sources;
    // 'sources' itself is not a mapping: no reference to any source but "towns" is checked.
    bool sources_unreadable = false;
    // Indicators (their index in report_spec::indicators) whose params may have been lost to a
    // mistake (a misspelt 'params:', params that are not a mapping, a value that is not text):
    // a parameter they lack is not reported as missing.
    std::set<std::size_t> indicators_with_unsure_params;
};

}  // namespace munidash
