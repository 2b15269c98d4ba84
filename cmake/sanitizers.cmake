# MUNIDASH_SANITIZE: every target of the project (engine, SDK, CLI, plugins, fixture plugins, tests,
# the fault shim) built with GCC's sanitizers, for `make test-asan` and `make test-tsan`.
# One process mixes them all (the CLI dlopens the plugins, which link the SDK), so all must agree.
include_guard(GLOBAL)

set(MUNIDASH_SANITIZE "" CACHE STRING
    "Sanitizers for every target: address,undefined, address, undefined or thread (empty: none)")
set_property(CACHE MUNIDASH_SANITIZE PROPERTY STRINGS "" "address,undefined" "address" "undefined" "thread")
# The flags given to every target, and exported to the plugins of an installed sanitized SDK.
set(MUNIDASH_SANITIZE_FLAGS "")

if(NOT MUNIDASH_SANITIZE STREQUAL "")
  set(munidash_sanitizer_choices "address,undefined" "undefined,address" "address" "undefined" "thread")
  if(NOT MUNIDASH_SANITIZE IN_LIST munidash_sanitizer_choices)
    message(FATAL_ERROR
      "MUNIDASH_SANITIZE is '${MUNIDASH_SANITIZE}', which munidash does not build with: expected "
      "'address,undefined', 'address', 'undefined' or 'thread' (ThreadSanitizer cannot share a process "
      "with AddressSanitizer), or empty for none. Configure again with -DMUNIDASH_SANITIZE=address,undefined "
      "or -DMUNIDASH_SANITIZE=thread, in a build folder of its own.")
  endif()
  if(MUNIDASH_BUILD_FUZZERS)
    message(FATAL_ERROR "MUNIDASH_SANITIZE is '${MUNIDASH_SANITIZE}' with MUNIDASH_BUILD_FUZZERS=ON: the fuzz "
                        "build has its own sanitizers (address,undefined); leave MUNIDASH_SANITIZE empty there.")
  endif()
  # Frame pointers give whole stacks in the reports at little cost.
  set(MUNIDASH_SANITIZE_FLAGS "-fsanitize=${MUNIDASH_SANITIZE}" -fno-omit-frame-pointer)
  if(MUNIDASH_SANITIZE MATCHES "undefined")
    # UBSan only prints by default and the process goes on: a finding must fail the test that made it.
    list(APPEND MUNIDASH_SANITIZE_FLAGS -fno-sanitize-recover=undefined)
  endif()
  add_compile_options(${MUNIDASH_SANITIZE_FLAGS})
  add_link_options(${MUNIDASH_SANITIZE_FLAGS})
  message(STATUS "munidash: every target built with ${MUNIDASH_SANITIZE_FLAGS}")
endif()
