"""Shared test setup: a headless matplotlib and no figure left open between tests."""
import sys

import matplotlib
import pytest

# Before anything imports pyplot: render off-screen, whatever MPLBACKEND says.
matplotlib.use("Agg", force=True)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so figures never pile up across tests."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # only if some test imported it
    if pyplot is not None:
        pyplot.close("all")
