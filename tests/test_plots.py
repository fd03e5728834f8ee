"""Charts return Axes whose data carry the numbers the lessons quote."""
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import plots


def test_pareto_curve_draws_cumulative_shares():
    orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d", "e"],
                           "net_revenue": [50.0, 30.0, 10.0, 5.0, 3.0, 2.0]})
    fig, ax = plt.subplots()
    out = plots.pareto_curve(orders, "net_revenue", ax=ax)
    assert out is ax
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(x, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(y, [0, 0.8, 0.9, 0.95, 0.98, 1.0])
    assert ax.texts[0].get_text() == "top 20% of customers: 80%"


def test_pareto_curve_uses_current_axes_when_none_given():
    orders = pd.DataFrame({"customer_id": ["a", "b"], "net_revenue": [1.0, 1.0]})
    ax = plots.pareto_curve(orders, "net_revenue", highlight=0.5)
    assert ax is plt.gca()
    assert ax.texts[0].get_text() == "top 50% of customers: 50%"


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(value="revenue"), ValueError, r"column 'revenue' not in data; available"),
    (dict(value="net_revenue", highlight=1.0), ValueError, "highlight must be strictly between"),
    (dict(value="net_revenue", by="firm"), ValueError, "column 'firm' not in data"),
    (dict(value="label"), TypeError, "must be numeric"),
])
def test_pareto_curve_rejects_bad_arguments(kwargs, error, match):
    orders = pd.DataFrame({"customer_id": ["a", "b"], "net_revenue": [1.0, 2.0], "label": ["x", "y"]})
    with pytest.raises(error, match=match):
        plots.pareto_curve(orders, **kwargs)


def test_pareto_curve_rejects_negative_and_missing_values():
    with pytest.raises(ValueError, match="negative values.*whale curve"):
        plots.pareto_curve(pd.DataFrame({"customer_id": ["a", "b"], "profit": [1.0, -2.0]}), "profit")
    with pytest.raises(ValueError, match="missing values"):
        plots.pareto_curve(pd.DataFrame({"customer_id": ["a", "b"], "v": [1.0, np.nan]}), "v")
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        plots.pareto_curve([1, 2], "v")
