"""What every Python test of munidash is given: the CLI under test and the folders it reads, as
pytest options that CTest passes (tests/CMakeLists.txt), and fixtures that hand them out."""
from pathlib import Path

import pytest

import e2e_support

# CTest's SKIP_RETURN_CODE: a file whose every test was skipped (real data absent) is reported as
# skipped, not passed. pytest itself exits 0 then (and 5 when it collected nothing, a failure).
EXIT_ALL_SKIPPED = 77


def pytest_addoption(parser):
    group = parser.getgroup("munidash")
    group.addoption("--munidash", help="the CLI under test")
    group.addoption("--repo", default=str(Path(__file__).resolve().parent.parent),
                    help="the source tree (configs/ is read from it); default: this one")
    # Not --fixtures: pytest has its own (list the fixtures).
    group.addoption("--plugin-fixtures", help="folder of the fixture plugins (build/tests/plugins/fixtures)")
    group.addoption("--shim", help="the LD_PRELOAD fault shim (libmunidash_fault_shim.so)")
    group.addoption("--data", help="the folder of real open-data files (../shared/data/real); tests skip without it")
    # The packaging tests: the build tree and the tools and binaries they look at.
    group.addoption("--build", help="munidash's build tree")
    group.addoption("--cmake", help="the cmake that configured it")
    group.addoption("--cpack", help="its cpack")
    group.addoption("--cxx", help="the compiler munidash was built with")
    group.addoption("--sdk", help="libmunidash_sdk.so")
    group.addoption("--cli", help="the munidash executable, for its exported symbols")
    group.addoption("--header", help="core/include/munidash/plugin.hpp")
    group.addoption("--plugin-dir", help="the folder of the built-in plugins")


def required(config, name):
    value = config.getoption(name)
    if not value:
        raise pytest.UsageError(f"this test needs --{name.replace('_', '-')}; CTest passes it (tests/CMakeLists.txt)")
    return value


@pytest.fixture(scope="session")
def munidash(pytestconfig):
    """The path of the CLI under test."""
    return required(pytestconfig, "munidash")


@pytest.fixture(scope="session")
def repo(pytestconfig):
    """The source tree, as a Path."""
    return Path(pytestconfig.getoption("repo"))


@pytest.fixture(scope="session")
def plugin_fixtures(pytestconfig):
    """The folder of the fixture plugins (hostile, broken, traced...), as a Path."""
    return Path(required(pytestconfig, "plugin_fixtures"))


@pytest.fixture(scope="session")
def shim(pytestconfig):
    """The LD_PRELOAD fault shim."""
    return required(pytestconfig, "shim")


@pytest.fixture(scope="session")
def real_data(pytestconfig):
    """The folder of real open-data files as a Path; skips the test when it (or its README) is absent:
    users and most clones do not have it."""
    folder = Path(required(pytestconfig, "data"))
    if not (folder / "README.md").exists():
        pytest.skip(f"{folder} is absent (real open-data files are not shipped with munidash)")
    return folder


@pytest.fixture
def demo_spec(repo, tmp_path):
    """The illustrative demo's spec in a private copy of configs/ under tmp_path, which the test may edit."""
    return e2e_support.copy_configs(repo, tmp_path)


@pytest.fixture(autouse=True)
def workbooks_well_formed():
    """Every workbook a test makes through e2e_support.run() has well-formed XML parts."""
    e2e_support.xml_problems.clear()
    yield
    problems = list(e2e_support.xml_problems)
    e2e_support.xml_problems.clear()
    assert not problems, f"every XML part of every workbook made is well-formed: {problems[:3]}"


class outcome_counter:
    """How many tests ran their body and how many were skipped."""

    def __init__(self):
        self.ran = 0
        self.skipped = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            if report.skipped:
                self.skipped += 1
            else:
                self.ran += 1


def pytest_configure(config):
    config.pluginmanager.register(outcome_counter(), "munidash_outcomes")


def pytest_sessionfinish(session, exitstatus):
    counter = session.config.pluginmanager.get_plugin("munidash_outcomes")
    if exitstatus == pytest.ExitCode.OK and counter.skipped and not counter.ran:
        session.exitstatus = EXIT_ALL_SKIPPED
