"""Explicit time units in every CLV call (issue 19): unit confusion is a recurring complaint
in lifetimes' issues (its ``freq`` argument and the "time units of T" questions). A fit
knows the unit its data are in (``rfm_summary`` records it; ``time_unit`` or
``periods_per_year`` states it), every value method converts yearly horizons and discount
rates with it, and a unit that contradicts the data's is refused."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab import lifecycle as lc
from crmlab.datasets import load_world


@pytest.fixture(scope="module")
def summaries():
    orders = load_world().orders
    return {freq: lc.rfm_summary(orders, asof="2023-12-31", freq=freq) for freq in "DWM"}


def _fit(fit, data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return fit(data["frequency"], data["recency"], data["T"], **kwargs)


def test_rfm_summary_records_its_unit(summaries):
    assert {f: s.attrs["time_unit"] for f, s in summaries.items()} == \
        {"D": "day", "W": "week", "M": "month"}
    assert summaries["M"]["recency"].attrs["time_unit"] == "month"


def test_fits_take_the_unit_of_their_data(summaries):
    monthly = _fit(lc.fit_bgnbd, summaries["M"])
    assert monthly.time_unit == "month" and monthly.summary().attrs["time_unit"] == "month"
    repeat = summaries["M"][summaries["M"]["T"] > 0]
    assert _fit(lc.fit_pareto_nbd, repeat).time_unit == "month"
    # plain arrays carry no unit: weeks, as stated in the docstring, or the unit given
    plain = {k: summaries["M"][k].to_numpy() for k in ("frequency", "recency", "T")}
    assert _fit(lc.fit_bgnbd, plain).time_unit == "week"
    assert _fit(lc.fit_bgnbd, plain, time_unit="month").time_unit == "month"


def test_clv_converts_years_with_the_fit_unit(summaries):
    data = summaries["M"].head(50)
    fit = _fit(lc.fit_bgnbd, summaries["M"])
    one_year = fit.clv(data["frequency"], data["recency"], data["T"], 1.0, years=1,
                       discount=0.0)
    # undiscounted, the value of one year is the expected purchases in 12 months, not 52
    expected = fit.conditional_expected_purchases(12, data["frequency"], data["recency"],
                                                  data["T"])
    np.testing.assert_allclose(one_year, expected, rtol=1e-9)
    np.testing.assert_allclose(
        fit.clv(data["frequency"], data["recency"], data["T"], 1.0, years=1, discount=0.0,
                periods_per_year=12), one_year)


@pytest.mark.parametrize("call, error, match", [
    (lambda s: _fit(lc.fit_bgnbd, s["M"], time_unit="week"), ValueError,
     r"^fit_bgnbd: time_unit='week' but the data were summarised in months"),
    (lambda s: _fit(lc.fit_pareto_nbd, s["D"][s["D"]["T"] > 0], time_unit="month"), ValueError,
     r"^fit_pareto_nbd: time_unit='month' but the data were summarised in days"),
    (lambda s: _fit(lc.fit_pareto_nbd, s["W"], time_unit="weeks"), ValueError,
     r"^fit_pareto_nbd: time_unit must be one of"),
    (lambda s: _fit(lc.fit_bgnbd, s["W"], time_unit=7), (TypeError, ValueError),
     r"^fit_bgnbd: time_unit"),
    (lambda s: lc.fit_bgnbd(s["W"]["frequency"], s["W"]["recency"], s["M"]["T"]), ValueError,
     r"^fit_bgnbd: recency and T come in different time units"),
])
def test_contradictory_or_unknown_units_are_refused(summaries, call, error, match):
    with pytest.raises(error, match=match):
        call(summaries)


def test_a_clv_unit_that_contradicts_the_fit_is_refused(summaries):
    data = summaries["M"].head(5)
    fit = _fit(lc.fit_bgnbd, summaries["M"])
    with pytest.raises(ValueError, match=r"^clv: periods_per_year=52.18 contradicts the fit's "
                                         r"time_unit 'month' \(12 a year\)"):
        fit.clv(data["frequency"], data["recency"], data["T"], 1.0, periods_per_year=52.18)
    with pytest.raises(ValueError, match=r"^clv: periods_per_year"):
        fit.clv(data["frequency"], data["recency"], data["T"], 1.0, periods_per_year=-12)


@pytest.mark.filterwarnings("ignore::UserWarning")  # tiny samples: some parameters flat
def test_every_clv_states_its_units():
    """Every value method takes a yearly discount rate (and a horizon in years) and converts
    them with the fit's own unit; a negative rate or horizon is refused by name."""
    sbg = lc.fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    monthly = lc.fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241], periods_per_year=12)
    # a 10 % yearly rate is 0.797 % a month: monthly contracts are discounted less per period
    assert monthly.derl(3, discount=0.1) > sbg.derl(3, discount=0.1)
    per_month = 1.1 ** (1 / 12) - 1
    assert monthly.derl(3, discount=0.1) == pytest.approx(sbg.derl(3, discount=per_month),
                                                          rel=1e-12)
    bgbb = lc.fit_bgbb([0, 1, 2, 3, 1, 0, 2], [0, 1, 3, 4, 2, 0, 4], 4, [30, 20, 15, 10, 8, 12, 5])
    pnbd_x, pnbd_tx, pnbd_T = [0, 1, 3, 2, 5, 1, 0, 2], [0, 5, 20, 15, 30, 3, 0, 25], [40.0] * 8
    pnbd = lc.fit_pareto_nbd(pnbd_x, pnbd_tx, pnbd_T, time_unit="week")
    calls = [lambda d, y: sbg.clv(100.0, discount=d),
             lambda d, y: sbg.derl(2, discount=d),
             lambda d, y: sbg.discounted_expected_lifetime(discount=d),
             lambda d, y: bgbb.clv([1], [1], [4], 10.0, years=y, discount=d),
             lambda d, y: pnbd.clv(pnbd_x, pnbd_tx, pnbd_T, 10.0, years=y, discount=d)]
    for call in calls:
        assert np.all(np.isfinite(call(0.1, 1.0)))
        with pytest.raises(ValueError, match=r"^(clv|derl|discounted_expected_lifetime): "
                                             r"discount"):
            call(-0.1, 1.0)
    for call in calls[3:]:
        with pytest.raises(ValueError, match=r"^clv: years"):
            call(0.1, -1.0)
