"""The data helpers of the lifetime models: the cohort survivor table of contracts
(``contract_survivors``, the data of Fader & Hardie 2007, table 1), every customer's
transactions on one clock (``transaction_times``, for repeat tracking) and the order book
read as yearly or quarterly purchase occasions (``rfm_summary`` with freq "Q" or "Y", the
x, t_x and n of Fader, Hardie & Shang 2010)."""
import numpy as np
import pandas as pd
import pytest

from crmlab import lifecycle as lc
from crmlab.datasets import load_world, make_maintenance_contracts


@pytest.fixture(scope="module")
def case():
    return make_maintenance_contracts(3000, seed=5)


def test_contract_survivors_counts_each_cohort_from_its_contracts(case):
    c = case.contracts
    table = lc.contract_survivors(c)
    assert list(table.columns) == sorted(c["signed_year"].unique())
    for year, group in c.groupby("signed_year"):
        column = table[year].dropna()
        faced = 2025 - year
        assert len(column) == faced + 1 and column.iloc[0] == len(group)
        # the renewal log says how many were still under contract after each date
        log = case.renewals[case.renewals["contract_id"].isin(group["contract_id"])]
        renewed = log[log["renewed"]].groupby("renewal").size().reindex(
            range(1, faced + 1), fill_value=0)
        assert column.iloc[1:].to_numpy().tolist() == renewed.to_numpy().tolist()
        assert (np.diff(column.to_numpy()) <= 0).all()


def test_the_table_and_the_contracts_give_the_same_fit(case):
    c = case.contracts
    by_cohort = lc.fit_sbg(lc.contract_survivors(c))
    by_contract = lc.fit_sbg(lifetimes=c["years_under_contract"], churned=c["churned"])
    assert by_cohort.loglik == pytest.approx(by_contract.loglik, abs=1e-6)
    np.testing.assert_allclose(by_cohort.params, by_contract.params, rtol=1e-6)
    # 3,000 contracts: the truth Beta(0.8, 2.4) within three standard errors
    assert (np.abs(by_cohort.params.to_numpy() - [0.8, 2.4]) < 3 * by_cohort.se.to_numpy()).all()


def test_contract_survivors_takes_other_column_names():
    frame = pd.DataFrame({"cohort": ["a", "a", "a", "b"], "years": [1, 2, 2, 1],
                          "lost": [1, 0, 0, 0]})
    table = lc.contract_survivors(frame, cohort="cohort", tenure="years", churned="lost")
    assert table["a"].tolist() == [3.0, 2.0, 2.0]
    assert table["b"].dropna().tolist() == [1.0, 1.0]


@pytest.mark.parametrize("frame, match", [
    (pd.DataFrame({"signed_year": [2020, 2020], "years_under_contract": [2, 3],
                   "churned": [False, False]}), "not all faced the same renewal dates"),
    (pd.DataFrame({"signed_year": [2020, 2020], "years_under_contract": [4, 3],
                   "churned": [True, False]}), "not all faced the same renewal dates"),
    (pd.DataFrame({"signed_year": [2020], "years_under_contract": [0],
                   "churned": [True]}), "whole numbers of contract periods >= 1"),
    (pd.DataFrame({"signed_year": [2020], "years_under_contract": [1.5],
                   "churned": [True]}), "whole numbers of contract periods >= 1"),
    (pd.DataFrame({"signed_year": [2020], "years_under_contract": [1],
                   "churned": ["yes"]}), "column 'churned' must hold events coded 0/1"),
    (pd.DataFrame({"signed_year": [None], "years_under_contract": [1],
                   "churned": [True]}), "missing cohorts"),
    (pd.DataFrame({"signed": [2020], "years_under_contract": [1], "churned": [True]}),
     "column 'signed_year' not in contracts"),
])
def test_contract_survivors_refuses_what_is_not_a_cohort_table(frame, match):
    with pytest.raises(ValueError, match=f"contract_survivors: .*{match}"):
        lc.contract_survivors(frame)


@pytest.fixture(scope="module")
def orders():
    return load_world().orders


def test_transaction_times_agree_with_rfm_summary(orders):
    times = lc.transaction_times(orders, freq="W", origin="2019-01-01")
    summary = lc.rfm_summary(orders, asof="2025-12-31", freq="W")
    per = times.groupby("customer_id")
    assert (per["repeat"].sum() == summary["frequency"]).all()
    assert ((per["time"].max() - per["time"].min()) == summary["recency"]).all()
    assert (per["repeat"].apply(lambda r: not r.iloc[0] and r.iloc[1:].all())).all()
    last = pd.Period("2025-12-31", "W").ordinal - pd.Period("2019-01-01", "W").ordinal
    assert ((last - per["time"].min()) == summary["T"]).all()
    assert times["time"].min() == 0 and times.attrs["time_unit"] == "week"
    # by default the clock starts at the first order
    assert lc.transaction_times(orders, freq="M")["time"].min() == 0


def test_transaction_times_refuse_an_origin_after_the_first_order(orders):
    with pytest.raises(ValueError, match="transaction_times: origin 2020-01-01 is after"):
        lc.transaction_times(orders, origin="2020-01-01")
    with pytest.raises(ValueError, match="transaction_times: .*freq"):
        lc.transaction_times(orders, freq="fortnight")


def test_rfm_summary_reads_years_and_quarters_as_occasions():
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
                           "date": pd.to_datetime(["2020-03-01", "2020-11-01", "2022-05-01",
                                                   "2023-02-01", "2021-06-01"]),
                           "net_revenue": [1.0, 2.0, 3.0, 4.0, 5.0]})
    years = lc.rfm_summary(orders, asof="2024-12-31", freq="Y")
    # a bought in 2020 (first), 2022 and 2023 of the occasions 2021-2024; b only in 2021
    assert years.loc["a", ["frequency", "recency", "T"]].tolist() == [2, 3, 4]
    assert years.loc["b", ["frequency", "recency", "T"]].tolist() == [0, 0, 3]
    assert years.attrs["time_unit"] == "year"
    quarters = lc.rfm_summary(orders, asof="2024-12-31", freq="Q")
    assert quarters.loc["a", ["frequency", "recency", "T"]].tolist() == [3, 12, 19]
    assert quarters.attrs["time_unit"] == "quarter"
