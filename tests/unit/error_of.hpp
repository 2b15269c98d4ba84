// What the unit tests share: the message of the munidash_error a call throws.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "base/diagnostics.hpp"

namespace munidash_test {

// The message of the munidash_error that `call` throws, after checking its kind; fails the test
// when it throws nothing.
inline std::string error_of(munidash::failure_kind kind, const auto& call) {
    try {
        call();
    } catch (const munidash::munidash_error& e) {
        CHECK(e.kind() == kind);
        return e.what();
    }
    FAIL("no error");
    return {};
}

}  // namespace munidash_test
