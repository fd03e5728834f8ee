"""Shared test setup: a headless matplotlib, no figure left open between tests, and
property tests that draw the same examples on every run."""
import sys

import matplotlib
import pytest
from hypothesis import settings

# Property tests explore the same examples on every run (derandomize), so a run of
# `make test` is reproducible like everything else here; no deadline, since the
# machine may be shared. Speed belongs in benchmarks/.
settings.register_profile("crmlab", derandomize=True, deadline=None)
settings.load_profile("crmlab")

# Before anything imports pyplot: render off-screen, whatever MPLBACKEND says.
matplotlib.use("Agg", force=True)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # only if some test imported it
    if pyplot is not None:
        pyplot.close("all")
