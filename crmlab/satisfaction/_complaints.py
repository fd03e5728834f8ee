"""Complaints and service recovery (投诉与服务补救): the ticket log next to the survey and churn."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_columns, check_int, check_rows, check_world

__all__ = ["RECOVERY_CLASSES", "complaint_panel", "recovery_effects", "RecoveryEffects"]

#: How last year's complaints were handled, from :func:`complaint_panel` (``none`` first).
RECOVERY_CLASSES = ("none", "fast_accepted", "slow_accepted", "not_accepted")
_SATIS = ("satis_1", "satis_2", "satis_3")


def complaint_panel(world, *, fast_days: int = 7) -> pd.DataFrame:
    """One row per customer and year: its complaints, how they were handled, and what followed.

    Parameters
    ----------
    world : World
    fast_days : int, default=7
        A customer-year's complaints are handled fast when their mean days to resolve is
        at most this.

    Returns
    -------
    DataFrame
        One row per customer active in a year (``world.relationships``): ``customer_id``,
        ``year``, ``size``, ``industry``; ``complaints`` (complaint tickets opened),
        ``response_hours`` and ``days_to_resolve`` (their means), ``accepted_share``
        (share of the closed ones whose resolution the customer accepted), ``open``
        (still open at the end); ``recovery`` (:data:`RECOVERY_CLASSES`: ``none``
        without complaints, ``not_accepted`` when one closed complaint was not
        accepted, else ``fast_accepted`` or ``slow_accepted`` by ``fast_days``);
        ``survey_satisfaction`` and ``next_survey_satisfaction`` (mean of the three
        satisfaction items over the year's respondents, this and next November; NaN if
        not surveyed); ``churn_next_year`` (1/0; NaN in the last year). A world with
        truth adds ``true_satisfaction`` and ``true_next_satisfaction`` (the latent,
        standardised), ``true_recovery_next`` (the recovery effect it put on next
        year's satisfaction) and ``true_complaint_log_hazard_next``.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> panel = complaint_panel(load_world())
    >>> sorted(panel["recovery"].unique()) == sorted(RECOVERY_CLASSES)
    True
    """
    func = "complaint_panel"
    check_world(world, func, {
        "customers": ["customer_id", "size", "industry"],
        "relationships": ["customer_id", "year", "churned"],
        "tickets": ["customer_id", "date", "type", "first_response_hours", "days_to_resolve",
                    "resolved", "accepted"],
        "survey": ["customer_id", "year", *_SATIS]})
    check_int(fast_days, func, "fast_days", low=1)
    rel = world.relationships
    panel = rel[["customer_id", "year"]].merge(
        world.customers[["customer_id", "size", "industry"]], on="customer_id", how="left")
    key = ["customer_id", "year"]
    tk = world.tickets[world.tickets["type"] == "complaint"]
    tk = tk.assign(year=tk["date"].dt.year,
                   accepted=tk["accepted"].astype("Float64").astype(float),
                   rejected=(tk["resolved"] & ~tk["accepted"].fillna(True)).astype(int),
                   open=(~tk["resolved"]).astype(int))
    per = tk.groupby(key).agg(complaints=("date", "size"), response_hours=("first_response_hours",
                              "mean"), days_to_resolve=("days_to_resolve", "mean"),
                              accepted_share=("accepted", "mean"), rejected=("rejected", "sum"),
                              open=("open", "sum"))
    panel = panel.merge(per.reset_index(), on=key, how="left")
    panel[["complaints", "open", "rejected"]] = panel[["complaints", "open", "rejected"]] \
        .fillna(0).astype(int)
    has = panel["complaints"] > 0
    panel["recovery"] = pd.Categorical(np.select(
        [~has, panel["rejected"] > 0, panel["days_to_resolve"] <= fast_days],
        ["none", "not_accepted", "fast_accepted"], "slow_accepted"), categories=RECOVERY_CLASSES)
    sv = world.survey
    sat = sv[list(_SATIS)].mean(axis=1).groupby([sv["customer_id"], sv["year"]]).mean()
    idx = pd.MultiIndex.from_frame(panel[key])
    nxt = pd.MultiIndex.from_arrays([panel["customer_id"], panel["year"] + 1])
    panel["survey_satisfaction"] = sat.reindex(idx).to_numpy()
    panel["next_survey_satisfaction"] = sat.reindex(nxt).to_numpy()
    churn = rel.set_index(key)["churned"]
    panel["churn_next_year"] = churn.reindex(nxt).astype(float).to_numpy()
    last = rel["year"].max()
    panel.loc[panel["year"] < last, "churn_next_year"] = \
        panel.loc[panel["year"] < last, "churn_next_year"].fillna(0.0)
    if world.truth is not None and "recovery_effect" in world.truth.get("customer_years", {}):
        truth = world.truth_frame("customer_years").set_index(key)
        panel["true_satisfaction"] = truth["satisfaction"].reindex(idx).to_numpy()
        panel["true_next_satisfaction"] = truth["satisfaction"].reindex(nxt).to_numpy()
        panel["true_recovery_next"] = truth["recovery_effect"].reindex(nxt).to_numpy()
        panel["true_complaint_log_hazard_next"] = \
            truth["complaint_log_hazard"].reindex(nxt).to_numpy()
    return panel.drop(columns="rejected")


@dataclass(frozen=True)
class RecoveryEffects:
    """Next-year outcome by how last year's complaints were handled, against no complaint.

    Attributes
    ----------
    params : DataFrame
        One row per handling class (against ``none``) and the control: ``estimate``,
        ``std_error`` (HC1), ``lower``, ``upper`` (95 %), ``p_value``.
    means : DataFrame
        Per class: ``n`` and the raw mean ``outcome`` (the naive comparison).
    outcome, control : str
    n : int
    """

    params: pd.DataFrame
    means: pd.DataFrame
    outcome: str
    control: str | None
    n: int

    def summary(self) -> pd.DataFrame:
        """The class effects with the raw means beside them."""
        return self.params.join(self.means, how="left")

    def verdict(self) -> str:
        """Which handling classes put the outcome above or below no complaint, at 5 %
        (for satisfaction, above is the paradox; for churn, above is worse)."""
        rows = self.params.drop(index=[self.control] if self.control else [], errors="ignore")
        above = [c for c, r in rows.iterrows() if r["lower"] > 0]
        below = [c for c, r in rows.iterrows() if r["upper"] < 0]
        return (f"{self.outcome} above no complaint: {', '.join(above) or 'none'}; "
                f"below: {', '.join(below) or 'none'}")

    def __repr__(self) -> str:
        return f"RecoveryEffects(outcome={self.outcome!r}, control={self.control!r}, n={self.n})"


def recovery_effects(panel: pd.DataFrame, outcome: str = "next_survey_satisfaction", *,
                     control: str | None = "survey_satisfaction") -> RecoveryEffects:
    """Test the service-recovery paradox (服务补救悖论): does a well-handled complaint leave a
    customer better off than no complaint at all?

    Parameters
    ----------
    panel : DataFrame
        From :func:`complaint_panel`: a ``recovery`` column of :data:`RECOVERY_CLASSES`.
    outcome : str, default="next_survey_satisfaction"
        Next year's outcome (a satisfaction score, or ``churn_next_year`` for a linear
        probability model). Rows where it is missing are left out.
    control : str or None, default="survey_satisfaction"
        This year's level of the outcome's driver, so that complainers are compared with
        non-complainers who were as satisfied before (rows without it are left out).

    Returns
    -------
    RecoveryEffects

    Notes
    -----
    OLS of :math:`y_{t+1} = \\alpha + \\sum_c \\beta_c\\,[\\text{class}_t = c] + \\gamma
    x_t + \\varepsilon` with heteroskedasticity-robust (HC1) standard errors; :math:`\\beta_c`
    is the difference from customers without complaints. The paradox (McCollough &
    Bharadwaj 1992; the meta-analysis of de Matos, Henrique & Rossi 2007, *J. Service
    Research* 10(1), 60-77) claims :math:`\\beta_c > 0` for a well-handled complaint.
    Without the control the comparison is naive: customers complain because they are
    already less satisfied.

    Examples
    --------
    >>> from crmlab.datasets import load_world
    >>> fit = recovery_effects(complaint_panel(load_world()))
    >>> list(fit.params.index)[:3]
    ['fast_accepted', 'slow_accepted', 'not_accepted']
    """
    import statsmodels.api as sm

    func = "recovery_effects"
    needed = ["recovery", outcome] + ([control] if control is not None else [])
    check_columns(panel, needed, func, "panel")
    for col in needed[1:]:
        if not pd.api.types.is_numeric_dtype(panel[col]):
            raise TypeError(f"{func}: column {col!r} must be numeric; got {panel[col].dtype}")
        if np.isinf(panel[col].to_numpy(dtype=float)).any():
            raise ValueError(f"{func}: column {col!r} must be finite numbers; got infinite values")
    unknown = set(panel["recovery"].dropna().astype(str)) - set(RECOVERY_CLASSES)
    if unknown or panel["recovery"].isna().any():
        raise ValueError(f"{func}: column 'recovery' must hold {list(RECOVERY_CLASSES)}; got "
                         f"{sorted(unknown) or 'missing values'}")
    data = panel.dropna(subset=needed[1:])
    check_rows(data, func, "panel (rows with the outcome and control)", low=10)
    classes = [c for c in RECOVERY_CLASSES[1:] if (data["recovery"].astype(str) == c).sum() >= 2]
    X = pd.DataFrame({c: (data["recovery"].astype(str) == c).astype(float) for c in classes},
                     index=data.index)
    if control is not None:
        X[control] = data[control].astype(float)
    fit = sm.OLS(data[outcome].astype(float), sm.add_constant(X)).fit(cov_type="HC1")
    ci = fit.conf_int()
    params = pd.DataFrame({"estimate": fit.params, "std_error": fit.bse, "lower": ci[0],
                           "upper": ci[1], "p_value": fit.pvalues}).drop(index="const")
    means = data.groupby(data["recovery"].astype(str))[outcome].agg(n="size", outcome="mean")
    means = means.reindex([c for c in RECOVERY_CLASSES if c in means.index])
    return RecoveryEffects(params=params, means=means, outcome=outcome, control=control,
                           n=int(len(data)))
