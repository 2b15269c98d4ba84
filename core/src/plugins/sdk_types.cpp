// Out-of-line destructors of the SDK's interface and exception types: the whole of libmunidash_sdk.
// They anchor each type's vtable and type_info in that one library, which the engine and every
// plugin (all built with hidden visibility) link, so that they agree on one type_info when an
// exception or a dynamic_cast crosses between them.
#include <munidash/plugin.hpp>

namespace munidash {

indicator_inputs::~indicator_inputs() = default;
indicator::~indicator() = default;
indicator_error::~indicator_error() = default;
registrar::~registrar() = default;

}  // namespace munidash
