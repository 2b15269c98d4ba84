"""The fault tests start runs in the background: none outlives its test, whatever the test's outcome."""
import pytest

import fault_support


@pytest.fixture(autouse=True)
def no_run_left_behind():
    yield
    while fault_support.started:
        process = fault_support.started.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()
