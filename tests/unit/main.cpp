// The Catch2 main of the unit and plugin tests. A run whose filter matches no test case fails:
// ctest runs each test case by name, and a name ctest got wrong must not count as a pass.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    Catch::Session session;
    if (const int status = session.applyCommandLine(argc, argv); status != 0) return status;
    // What --warn NoTests does, always: Catch then exits non-zero when no test case ran.
    auto& config = session.configData();
    config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
    return session.run();
}
