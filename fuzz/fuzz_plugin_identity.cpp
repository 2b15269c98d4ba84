// Fuzz target: any bytes as a plugin file, read for its identity before loading. The reader must
// never crash or read past the file, whatever its headers claim.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "plugins/plugin_identity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // An anonymous file, so that the reader works on a real path, as it does in the host.
    const int fd = ::memfd_create("munidash-fuzz-plugin", 0);
    if (fd < 0) return 0;
    std::size_t written = 0;
    while (written < size) {
        const auto n = ::write(fd, data + written, size - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const auto result = munidash::read_plugin_identity("/proc/self/fd/" + std::to_string(fd));
    if (const auto* problem = std::get_if<munidash::identity_problem>(&result); problem && problem->reason.empty())
        __builtin_trap();  // a refusal always says why
    ::close(fd);
    return 0;
}
