"""The power-utility case (电力大客户): consumption features, clustering, arrears warning.

Covers :func:`crmlab.segment.consumption_features`, :func:`crmlab.kam.arrears_warning`
and the claims that notebook 08 tests on ``load_case("power_accounts")``.
"""
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from crmlab import identify, teach
from crmlab.datasets import load_case, make_power_accounts
from crmlab.kam import ArrearsWarning, arrears_warning
from crmlab.segment import CONSUMPTION_FEATURES, cluster, consumption_features

SEASON = np.log([0.97, 0.80, 0.98, 1.0, 1.02, 1.05, 1.12, 1.14, 1.05, 1.0, 0.97, 0.98])


@pytest.fixture(scope="module")
def case():
    return load_case("power_accounts")


def planted(case, index):
    accounts = case.truth["accounts"]
    return pd.Series(accounts["type"], index=accounts["account_id"])[index]


def panel(kwh, months=None, **extra):
    """A one-account-per-key panel from {account: [kwh, ...]} (monthly from 2024-01)."""
    rows = []
    for account, values in kwh.items():
        stamps = months or list(pd.date_range("2024-01-01", periods=len(values), freq="MS"))
        rows.append(pd.DataFrame({"account_id": account, "month": stamps[:len(values)],
                                  "kwh": np.asarray(values, dtype=float)}))
    frame = pd.concat(rows, ignore_index=True)
    return frame.assign(**extra)


# -- consumption features: hand-computed cases ------------------------------------------------

def test_features_by_hand():
    """A: 100, 200, 100, 200 kWh. Level = mean log = log(100) + log(2)/2; slope of the
    logs on t = 0..3 is log 2 * sum((t - 1.5) * (+-1/2)) / 5 = log(2)/5, so growth =
    12 log(2)/5; log changes are d, -d, d (d = log 2) with sd d * sqrt(4/3)."""
    monthly = panel({"A": [100, 200, 100, 200], "B": [50, 50, 50, 50]},
                    paid_on_time=[True, True, False, True, True, True, True, True])
    f = consumption_features(monthly, seasonal=False)
    d = np.log(2)
    assert f.loc["A", "level"] == pytest.approx(np.log(100) + d / 2)
    assert f.loc["A", "growth"] == pytest.approx(12 * d / 5)
    assert f.loc["A", "volatility"] == pytest.approx(d * np.sqrt(4 / 3))
    assert f.loc["A", "on_time_share"] == 0.75
    assert f.loc["B", ["growth", "volatility"]].tolist() == pytest.approx([0, 0], abs=1e-12)
    assert f.loc["A", "mean_kwh"] == 150 and f["months"].tolist() == [4, 4]
    assert list(f.columns) == ["months", "mean_kwh", *CONSUMPTION_FEATURES]


def test_volatility_skips_gaps_between_months():
    """Jan 100, Feb 110, (no March), Apr 200, May 220: only the two one-month changes
    count, both log(1.1), so the volatility is 0 (the jump over the gap is ignored)."""
    months = list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01", "2024-05-01"]))
    f = consumption_features(panel({"A": [100, 110, 200, 220]}, months=months),
                             paid_on_time=None, seasonal=False)
    assert f.loc["A", "volatility"] == pytest.approx(0, abs=1e-12)
    assert "on_time_share" not in f.columns


def test_common_season_and_each_trend_are_recovered_exactly():
    """kWh = base x (1 + g)^(t/12) x season, no noise: after removing the jointly fitted
    season, growth is log(1 + g) and volatility 0 for every account, whatever its trend."""
    months = list(pd.date_range("2022-01-01", periods=36, freq="MS"))
    t = np.arange(36)
    spec = {"A": (1000, 0.25), "B": (50, -0.15), "C": (5, 0.0)}
    kwh = {a: b * (1 + g) ** (t / 12) * np.exp(SEASON[t % 12]) for a, (b, g) in spec.items()}
    f = consumption_features(panel(kwh, months=months), paid_on_time=None)
    expected = np.log([1.25, 0.85, 1.0])
    np.testing.assert_allclose(f["growth"], expected, atol=1e-10)
    np.testing.assert_allclose(f["volatility"], 0, atol=1e-10)
    unadjusted = consumption_features(panel(kwh, months=months), paid_on_time=None,
                                      seasonal=False)
    assert (unadjusted["volatility"] > 0.05).all()


def test_paid_on_time_may_be_zero_one(case):
    monthly = panel({"A": [1, 2, 3]}, paid_on_time=[1, 0, 1])
    assert consumption_features(monthly, seasonal=False).loc["A", "on_time_share"] == \
        pytest.approx(2 / 3)


def test_features_are_one_row_per_account_of_the_case(case):
    f = consumption_features(case.monthly)
    assert len(f) == len(case.accounts) and f.index.is_monotonic_increasing
    assert not f.isna().any().any()


# -- claim C1: 20 % of accounts use about 80 % of the electricity -----------------------------

def test_top_fifth_uses_about_four_fifths_of_electricity(case):
    """The data card plants about 85 %; with 400 lognormal accounts the share is 0.84."""
    table = identify.pareto_table(case.monthly, "kwh", by="account_id")
    share = table.loc[table["customer_share"] <= 0.2, "share"].sum()
    assert 0.80 <= share <= 0.90


# -- claim C2: clustering recovers the planted types --------------------------------------------

def ari_pair(truth, labels):
    key = truth != "small"
    return (adjusted_rand_score(truth, labels), adjusted_rand_score(truth[key], labels[key]))


@pytest.mark.parametrize("seed", [2026, 1, 2])
def test_clustering_recovers_planted_types_beyond_baselines(seed):
    """k-means (k chosen by silhouette) on the four standardised features, against the planted
    types. Thresholds against baselines: ABC classes by kWh reach ARI 0.83-0.90 over all
    accounts only because 70 % of them are small (one big class), yet 0.03-0.10 among the
    117-ish key accounts; clustering on the level alone reaches 0.43-0.48 and 0.14-0.29;
    random labels about 0. So we ask ARI > 0.95 over all accounts and > 0.85 among the
    key accounts (seeds 1-7 give 0.989-1.0 and 0.866-1.0), and the baselines stay far below."""
    case = make_power_accounts(seed=seed)
    f = consumption_features(case.monthly)
    truth = planted(case, f.index)
    result = cluster(f, list(CONSUMPTION_FEATURES), k_range=range(2, 9), seed=0)
    overall, key = ari_pair(truth, result.labels)
    assert overall > 0.95 and key > 0.85
    abc = identify.abc_classes(case.monthly, "kwh", by="account_id").reindex(f.index).astype(str)
    level = cluster(f, ["level"], k=5, k_range=None, seed=0).labels
    assert ari_pair(truth, abc)[1] < 0.2 and ari_pair(truth, level)[1] < 0.35
    assert overall > ari_pair(truth, abc)[0] + 0.05


def test_scaling_is_what_makes_the_features_count(case):
    """Unstandardised, the log level (sd about 1.7) outweighs the shares and rates (sd
    0.05-0.15) and the ARI falls to about 0.45."""
    f = consumption_features(case.monthly)
    truth = planted(case, f.index)
    scaled = cluster(f, list(CONSUMPTION_FEATURES), k=5, k_range=None, seed=0).labels
    raw = cluster(f, list(CONSUMPTION_FEATURES), k=5, k_range=None, scale=False, seed=0).labels
    assert adjusted_rand_score(truth, scaled) > 0.95 > 0.6 > adjusted_rand_score(truth, raw)


# -- claim C4: arrears early warning ------------------------------------------------------------

def test_arrears_warning_by_hand():
    """Two accounts, window 2, horizon 1, split at April. Origins Mar (train: scores the
    Jan-Feb bills, watches Mar), Apr and May (hold-out). A is late 40, 0, 40, 0, 40 days;
    B 0, 0, 0, 0, 35. Scores: A 20, 20, 20 at Mar, Apr, May; B 0, 0, 0. Arrears (> 30
    days): A at Mar and May, B at May. Threshold (max Youden on Mar, largest tie) = 20."""
    monthly = pd.DataFrame({
        "account_id": ["A"] * 5 + ["B"] * 5,
        "month": list(pd.date_range("2024-01-01", periods=5, freq="MS")) * 2,
        "days_late": [40, 0, 40, 0, 40, 0, 0, 0, 0, 35],
        "bill": [10.0, 10, 10, 10, 10, 5, 5, 5, 5, 5]})
    rule = arrears_warning(monthly, "2024-04-01", window=2, horizon=1)
    assert isinstance(rule, ArrearsWarning)
    assert rule.threshold == 20
    s = rule.scored.set_index(["account", "origin"])
    assert s["score"].tolist() == [20, 0, 20, 0, 20, 0]
    assert s["arrears"].tolist() == [True, False, False, False, True, True]
    assert (s["sample"] == "train").sum() == 2
    hold = rule.evaluation.loc["holdout"]
    assert hold["rows"] == 4 and hold["base_rate"] == 0.5 and hold["flagged"] == 0.5
    assert hold["precision"] == 0.5 and hold["recall"] == 0.5
    assert hold["arrears_captured"] == pytest.approx(10 / 15)
    assert rule.warning_list()["account"].tolist() == ["A"]


def test_arrears_warning_holds_out_of_time(case):
    """Set on 2023's origins, the rule flags about 5 % of account-quarters in 2024 and finds
    about 3 in 4 of those that fall into arrears, at over ten times the base rate; the
    flagged accounts are mostly the planted high-volume, low-credit type."""
    rule = arrears_warning(case.monthly, "2024-01-01")
    hold = rule.evaluation.loc["holdout"]
    assert hold["origins"] == 4 and hold["rows"] == 4 * len(case.accounts)
    assert hold["recall"] > 0.65 and hold["precision"] > 10 * hold["base_rate"]
    assert hold["auc"] > 0.9 and hold["flagged"] < 0.1
    flagged = rule.warning_list()
    types = planted(case, flagged["account"]).value_counts()
    assert types.idxmax() == "high_volume_low_credit" and types.iloc[0] > len(flagged) / 2


def test_reporting_lag_keeps_unsettled_bills_out_of_the_score():
    """With lag=1 (window 2, horizon 1, split June), the score at an origin ignores the
    bill of the month just before it, and a training origin's outcome must be settled a
    month before the split: April is the only training origin."""
    monthly = pd.DataFrame({
        "account_id": ["A"] * 7 + ["B"] * 7,
        "month": list(pd.date_range("2024-01-01", periods=7, freq="MS")) * 2,
        "days_late": [40, 0, 40, 40, 40, 0, 0, 0, 0, 0, 0, 35, 0, 0],
        "bill": [10.0] * 7 + [5.0] * 7})
    rule = arrears_warning(monthly, "2024-06-01", window=2, horizon=1, lag=1)
    april = pd.Timestamp("2024-04-01")
    s = rule.scored.set_index(["account", "origin"])["score"]
    assert s[("A", april)] == 20 and s[("B", april)] == 0  # Jan-Feb, not March
    assert set(rule.scored.loc[rule.scored["sample"] == "train", "origin"]) == {april}
    changed = monthly.assign(days_late=monthly["days_late"].where(monthly["month"] != "2024-03-01", 99))
    again = arrears_warning(changed, "2024-06-01", window=2, horizon=1, lag=1)
    assert again.scored.set_index(["account", "origin"])["score"][("A", april)] == 20
    with pytest.raises(ValueError, match="lag must be between 0 and 12"):
        arrears_warning(monthly, "2024-06-01", lag=13)


def test_alarm_budget_sets_the_lowest_threshold_within_it():
    """The by-hand panel above: the training origin (March) scores A 20 and B 0. A budget
    of half the account-origins flags A alone (threshold 20), a budget of all flags both
    (threshold 0), and a budget below one account cannot be met."""
    monthly = pd.DataFrame({
        "account_id": ["A"] * 5 + ["B"] * 5,
        "month": list(pd.date_range("2024-01-01", periods=5, freq="MS")) * 2,
        "days_late": [40, 0, 40, 0, 40, 0, 0, 0, 0, 35],
        "bill": [10.0, 10, 10, 10, 10, 5, 5, 5, 5, 5]})
    assert arrears_warning(monthly, "2024-04-01", window=2, horizon=1, alarm_rate=0.5).threshold == 20
    assert arrears_warning(monthly, "2024-04-01", window=2, horizon=1, alarm_rate=1.0).threshold == 0
    with pytest.raises(ValueError, match="no threshold flags at most 40.0%"):
        arrears_warning(monthly, "2024-04-01", window=2, horizon=1, alarm_rate=0.4)
    with pytest.raises(ValueError, match="give threshold or alarm_rate, not both"):
        arrears_warning(monthly, "2024-04-01", window=2, horizon=1, threshold=1.0, alarm_rate=0.5)
    with pytest.raises(ValueError, match="alarm_rate must be"):
        arrears_warning(monthly, "2024-04-01", window=2, horizon=1, alarm_rate=1.5)


def test_honest_rule_with_an_alarm_budget_still_warns_early(case):
    """Scores that leave out the two unsettled months (lag=2) and a 5 % alarm budget: the
    rule flags 5 % of the 2024 account-quarters and still finds most arrears, where
    Youden's threshold on the same lag flags about a fifth."""
    rule = arrears_warning(case.monthly, "2024-01-01", lag=2, alarm_rate=0.05)
    train, hold = rule.evaluation.loc["train"], rule.evaluation.loc["holdout"]
    assert train["flagged"] <= 0.05 and abs(hold["flagged"] - 0.05) < 0.02
    assert hold["recall"] > 0.6 and hold["precision"] > 10 * hold["base_rate"]
    youden = arrears_warning(case.monthly, "2024-01-01", lag=2)
    assert youden.threshold < rule.threshold
    assert youden.evaluation.loc["holdout", "flagged"] > 3 * hold["flagged"]


def test_threshold_uses_only_the_training_months(case):
    """Changing the hold-out payments leaves the threshold (and training figures) unchanged."""
    changed = case.monthly.copy()
    later = changed["month"] >= "2024-01-01"
    changed.loc[later, "days_late"] = 0
    a, b = arrears_warning(case.monthly, "2024-01-01"), arrears_warning(changed, "2024-01-01")
    assert a.threshold == b.threshold
    pd.testing.assert_series_equal(a.evaluation.loc["train"], b.evaluation.loc["train"])


def test_a_lower_threshold_finds_more_and_flags_more(case):
    low = arrears_warning(case.monthly, "2024-01-01", threshold=1.0).evaluation.loc["holdout"]
    high = arrears_warning(case.monthly, "2024-01-01", threshold=10.0).evaluation.loc["holdout"]
    assert low["recall"] >= high["recall"] and low["flagged"] > high["flagged"]


# -- exercises ------------------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", ["08.1", "08.2", "08.3", "08.4"])
def test_exercise_reference_passes_its_own_check(case, exercise_id, capsys):
    assert teach.check(exercise_id, teach.solution(exercise_id, case), world=case)


def test_exercises_hold_for_another_seed():
    """An instructor can hand out load_case("power_accounts", seed=...): every reference
    solution runs on another draw and gives a sensible answer."""
    other = make_power_accounts(seed=5)
    assert 0.5 < teach.solution("08.1", other) < 0.9  # the top tenth of accounts
    assert teach.solution("08.2", other) > 0.9 > 0.6 > teach.solution("08.4", other)
    assert 0 < teach.solution("08.3", other) < len(other.accounts) / 5


# -- bad input ------------------------------------------------------------------------------

GOOD = panel({"A": [1.0, 2, 3], "B": [2.0, 2, 2]}, paid_on_time=[True] * 6)


@pytest.mark.parametrize("call, match", [
    (lambda: consumption_features(GOOD.drop(columns="kwh")), r"column 'kwh' not in monthly"),
    (lambda: consumption_features(GOOD, account="acct"), r"column 'acct' not in monthly"),
    (lambda: consumption_features(GOOD.iloc[:0]), "monthly has no rows"),
    (lambda: consumption_features(GOOD.assign(kwh=0.0)), "not positive and finite"),
    (lambda: consumption_features(GOOD.assign(kwh=np.nan)), "'kwh' of monthly has 6 missing"),
    (lambda: consumption_features(GOOD.assign(paid_on_time=2)), "True/False"),
    (lambda: consumption_features(pd.concat([GOOD, GOOD.iloc[:1]])), "repeated"),
    (lambda: consumption_features(GOOD.iloc[[0, 1, 3, 4, 5]]), "fewer than 3 months"),
    (lambda: consumption_features(GOOD.assign(month=GOOD["month"] + pd.Timedelta(days=3))),
     "first day of each"),
    (lambda: consumption_features(GOOD), "seasonal=True needs at least two years"),
    (lambda: arrears_warning(GOOD, "2024-02-01"), r"column 'days_late', 'bill' not in monthly"),
    (lambda: arrears_warning(GOOD.assign(days_late=-1, bill=1.0), "2024-02-01", window=1,
                             horizon=1), "'days_late' of monthly has 6 negative"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "2024-03-01", window=1,
                             horizon=1), "have no arrears; a threshold cannot be learned"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "2030-01-01"),
     "must leave a full window"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "soon"),
     "split must be a date"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "2024-02-01", window=0),
     "window must be between 1 and 60"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "2024-02-01", horizon=13),
     "horizon must be between 1 and 12"),
    (lambda: arrears_warning(GOOD.assign(days_late=0, bill=1.0), "2024-02-01", threshold=-1),
     r"threshold must be in \[0.0"),
])
def test_bad_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types_are_rejected(case):
    with pytest.raises(TypeError, match="monthly must be a pandas DataFrame"):
        consumption_features(case.monthly.to_numpy())
    with pytest.raises(TypeError, match="column 'month' of monthly must hold dates"):
        consumption_features(GOOD.assign(month=GOOD["month"].astype(str)))
    with pytest.raises(TypeError, match="seasonal must be True or False"):
        consumption_features(GOOD, seasonal="yes")
    with pytest.raises(TypeError, match="kwh must be a column name"):
        consumption_features(GOOD, kwh=3)
    with pytest.raises(TypeError, match="late_days must be an integer"):
        arrears_warning(case.monthly, "2024-01-01", late_days=30.5)
    with pytest.raises(ValueError, match="is not a hold-out origin"):
        arrears_warning(case.monthly, "2024-01-01").warning_list("2023-01-01")
