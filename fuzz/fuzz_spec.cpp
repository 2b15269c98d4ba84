// Fuzz target: a report specification's text, through the YAML reader and the spec builder.
// Any input must end in a spec or in a munidash_error listing positions; never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/diagnostics.hpp"
#include "spec/spec_reader.hpp"
#include "spec/yaml_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto root = munidash::read_yaml_text(text, "/fuzz/spec.yaml");
        (void)munidash::build_report_spec(root, "/fuzz/spec.yaml");
    } catch (const munidash::munidash_error& e) {
        if (e.diagnostics().empty()) __builtin_trap();  // an error must say what was wrong
    }
    return 0;
}
