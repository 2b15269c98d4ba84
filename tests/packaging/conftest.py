"""The packaging tests' fixtures: the build tree and the tools and binaries that CTest names
(options registered in tests/conftest.py)."""
import pytest


def required(config, name):
    # Not imported from tests/conftest.py: pytest imports each conftest.py as the module "conftest".
    value = config.getoption(name)
    if not value:
        raise pytest.UsageError(f"this test needs --{name.replace('_', '-')}; CTest passes it (tests/CMakeLists.txt)")
    return value


@pytest.fixture(scope="session")
def build(pytestconfig):
    """munidash's build tree."""
    return required(pytestconfig, "build")


@pytest.fixture(scope="session")
def cmake(pytestconfig):
    """The cmake that configured the build tree."""
    return required(pytestconfig, "cmake")


@pytest.fixture(scope="session")
def cpack(pytestconfig):
    """Its cpack."""
    return required(pytestconfig, "cpack")


@pytest.fixture(scope="session")
def cxx(pytestconfig):
    """The compiler munidash was built with."""
    return required(pytestconfig, "cxx")


@pytest.fixture(scope="session")
def sdk(pytestconfig):
    """The built libmunidash_sdk.so."""
    return required(pytestconfig, "sdk")


@pytest.fixture(scope="session")
def cli(pytestconfig):
    """The built munidash executable."""
    return required(pytestconfig, "cli")


@pytest.fixture(scope="session")
def header(pytestconfig):
    """core/include/munidash/plugin.hpp."""
    return required(pytestconfig, "header")


@pytest.fixture(scope="session")
def plugin_dir(pytestconfig):
    """The folder of the built-in plugins."""
    return required(pytestconfig, "plugin_dir")
