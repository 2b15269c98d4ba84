# `cpack -G DEB` in a build folder makes munidash_VERSION_ARCH.deb: the engine, the built-in
# plugins, the list of communes, the SDK (headers, CMake package, plugin template), the man page
# munidash(1) and examples of a scheduled set-up. Dependencies come from dpkg-shlibdeps.
install(FILES "${PROJECT_SOURCE_DIR}/docs/munidash.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/scheduled/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples/scheduled")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/configs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples/configs")
# The demo's fictional returns, where its spec looks for them (../tests/fixtures/returns-demo).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/tests/fixtures/returns-demo/"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples/tests/fixtures/returns-demo")

set(CPACK_PACKAGE_NAME munidash)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "munidash")
set(CPACK_PACKAGE_CONTACT "munidash maintainers <munidash@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Digital-inclusion dashboards for French small towns (Excel workbooks)")
set(CPACK_PACKAGE_DESCRIPTION
    "munidash reads a YAML report specification and French open data keyed by INSEE commune code, \
computes indicators through plugins, compares each town with its peers and writes Excel workbooks \
for associations of small towns. Includes the plugin SDK.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES TRUE)  # debug information stays in the build tree
# The SDK's CMake package needs a compiler and these headers to build a plugin, not to run one.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "g++, cmake")
# Same inputs, same package: file times from SOURCE_DATE_EPOCH when it is set.
include(CPack)
