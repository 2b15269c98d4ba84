// Out-of-line destructors of the SDK's interface and exception types. They anchor each type's
// vtable and type_info in the core library, so that the engine and every plugin (built with
// hidden visibility) agree on one type_info when an exception crosses between them.
#include <munidash/plugin.hpp>

namespace munidash {

indicator_inputs::~indicator_inputs() = default;
indicator::~indicator() = default;
indicator_error::~indicator_error() = default;
registrar::~registrar() = default;

}  // namespace munidash
