"""Reproducing survey reports: shares with confidence intervals, implied sample sizes, cross-tabs.

Theses often report survey results as percentages with one decimal and no
sample size or interval. These functions rebuild such a table from
respondent-level data, put a Wilson interval on every share, recover which sample
sizes the printed decimals allow, and test an association in a cross-tabulation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validate import check_array, check_columns, check_frame, check_int, check_number

__all__ = ["share_table", "implied_sample_sizes", "crosstab_test", "CrosstabResult"]


def share_table(data: pd.DataFrame, columns, *, reported: dict | None = None,
                confidence: float = 0.95) -> pd.DataFrame:
    """Shares of respondents with Wilson confidence intervals.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    columns : list of str
        Questions. A boolean column gives one row (the share answering True); a
        categorical or text column gives one row per answer. Missing answers mean
        the question was not asked of that respondent: the base of a question is
        its non-missing rows.
    reported : dict, optional
        Published shares to compare with, keyed by ``"column"`` for a boolean
        question or ``"column=answer"`` for a categorical one, as proportions (0-1).
    confidence : float, default=0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        Indexed by ``question`` and ``answer``, with columns ``count``, ``base``,
        ``share``, ``ci_low`` and ``ci_high``; with ``reported`` also
        ``reported`` and ``inside_ci`` (whether the published share lies in the
        interval).

    Notes
    -----
    The Wilson (score) interval for :math:`k` successes in :math:`n` trials is

    .. math:: \\frac{\\hat p + \\frac{z^2}{2n} \\pm z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n}
              + \\frac{z^2}{4n^2}}}{1 + \\frac{z^2}{n}},

    which keeps its coverage for small :math:`n` and shares near 0 or 1, where the
    textbook Wald interval fails (Wilson 1927; Newcombe 1998, Brown, Cai and
    DasGupta 2001). Computed with statsmodels' ``proportion_confint``.

    Examples
    --------
    >>> df = pd.DataFrame({"uses_crm": [True, True, False, True]})
    >>> share_table(df, ["uses_crm"])["share"].item()
    0.75
    """
    from statsmodels.stats.proportion import proportion_confint

    func = "share_table"
    check_frame(data, func)
    if isinstance(columns, str):
        columns = [columns]
    columns = list(columns)
    if not columns:
        raise ValueError(f"{func}: columns must name at least one question")
    check_columns(data, columns, func)
    level = check_number(confidence, func, "confidence", low=0.5, high=0.999)
    rows = []
    for column in columns:
        answers = data[column].dropna()
        if answers.empty:
            raise ValueError(f"{func}: column {column!r} has no answers (all missing)")
        if pd.api.types.is_bool_dtype(answers):
            counts = pd.Series({True: int(answers.astype(bool).sum())})
            labels = {True: ""}
        else:
            levels = answers.cat.categories if isinstance(answers.dtype, pd.CategoricalDtype) \
                else sorted(answers.unique())
            counts = answers.value_counts().reindex(levels, fill_value=0)
            labels = {k: str(k) for k in levels}
        for key, count in counts.items():
            low, high = proportion_confint(int(count), len(answers), alpha=1 - level,
                                           method="wilson")
            rows.append({"question": column, "answer": labels[key], "count": int(count),
                         "base": len(answers), "share": count / len(answers),
                         "ci_low": low, "ci_high": high})
    table = pd.DataFrame(rows).set_index(["question", "answer"])
    if reported is not None:
        if not isinstance(reported, dict):
            raise TypeError(f"{func}: reported must be a dict of shares; got {type(reported).__name__}")
        keys = {(q if not a else f"{q}={a}"): (q, a) for q, a in table.index}
        unknown = [k for k in reported if k not in keys]
        if unknown:
            raise ValueError(f"{func}: reported names {unknown} are not rows of the table; "
                             f"valid: {list(keys)}")
        for key, value in reported.items():
            check_number(value, func, f"reported[{key!r}]", low=0.0, high=1.0)
        table["reported"] = [reported.get(k, np.nan) for k in keys]
        inside = (table["reported"] >= table["ci_low"]) & (table["reported"] <= table["ci_high"])
        table["inside_ci"] = pd.array(inside.where(table["reported"].notna()), dtype="boolean")
    return table


def implied_sample_sizes(percentages, *, decimals: int = 1, n_max: int = 2000) -> np.ndarray:
    """Sample sizes for which every reported percentage is a possible rounded share.

    Parameters
    ----------
    percentages : sequence of float
        Percentages as printed (for example ``[78.3, 10.2]``), all from one base.
    decimals : int, default=1
        Decimals printed.
    n_max : int, default=2000
        Largest sample size to consider.

    Returns
    -------
    numpy.ndarray
        Every n in 1..n_max for which each percentage equals 100·k/n rounded to
        ``decimals`` for some whole k.

    Notes
    -----
    A percentage printed as :math:`p` with :math:`d` decimals says
    :math:`|100k/n - p| \\le \\tfrac12 10^{-d}`. Each reported share rules out many
    sample sizes; together they often pin the base down to a few candidates, a
    check known as GRIM (Brown and Heathers 2017) for means of integer data.

    Examples
    --------
    >>> implied_sample_sizes([50.0, 33.3], n_max=12).tolist()
    [6, 12]
    """
    func = "implied_sample_sizes"
    values = check_array(percentages, func, "percentages")
    if values.size == 0 or np.isnan(values).any() or (values < 0).any() or (values > 100).any():
        raise ValueError(f"{func}: percentages must be numbers between 0 and 100; got {percentages!r}")
    d = check_int(decimals, func, "decimals", low=0, high=4)
    top = check_int(n_max, func, "n_max", low=1, high=1_000_000)
    n = np.arange(1, top + 1)[:, None]
    half = 0.5 * 10.0 ** -d + 1e-9
    k = np.round(values[None, :] * n / 100)
    near = np.abs(100 * k / n - values[None, :]) <= half
    for shift in (-1, 1):  # the nearest k may round the other way at a boundary
        near |= np.abs(100 * (k + shift) / n - values[None, :]) <= half
    return n[near.all(axis=1), 0]


@dataclass(frozen=True)
class CrosstabResult:
    """A cross-tabulation and its chi-square test of independence.

    Attributes
    ----------
    table, expected : DataFrame
        Observed and expected counts under independence.
    row_shares : DataFrame
        Each row's answers as shares of the row.
    chi2, dof, p_value : float
        Pearson's chi-square, degrees of freedom and p-value (no continuity correction).
    cramers_v : float
        Cramér's V, the strength of association in [0, 1].
    min_expected : float
        Smallest expected count; below 5 the chi-square approximation is doubtful.
    """

    table: pd.DataFrame
    expected: pd.DataFrame
    row_shares: pd.DataFrame
    chi2: float
    dof: int
    p_value: float
    cramers_v: float
    min_expected: float

    def summary(self) -> pd.DataFrame:
        """The test in one row."""
        return pd.DataFrame([{"chi2": self.chi2, "dof": self.dof, "p_value": self.p_value,
                              "cramers_v": self.cramers_v, "min_expected": self.min_expected,
                              "n": int(self.table.to_numpy().sum())}])


def crosstab_test(data: pd.DataFrame, row: str, column: str) -> CrosstabResult:
    """Cross-tabulate two answers and test their independence (Pearson's chi-square).

    Respondents missing either answer are left out (the question was not asked of
    them); the result's table shows the base that remains.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    row, column : str
        The two questions.

    Returns
    -------
    CrosstabResult

    Notes
    -----
    :math:`X^2 = \\sum_{ij} (O_{ij} - E_{ij})^2 / E_{ij}` with
    :math:`E_{ij} = O_{i\\cdot} O_{\\cdot j} / n`, on :math:`(r-1)(c-1)` degrees of
    freedom (scipy's ``chi2_contingency`` without Yates' correction), and Cramér's
    :math:`V = \\sqrt{X^2 / (n\\,(\\min(r, c) - 1))}` (Agresti 2007, ch. 2).

    Examples
    --------
    >>> df = pd.DataFrame({"size": list("ssllll"), "plans": [1, 0, 1, 1, 1, 0]})
    >>> crosstab_test(df, "size", "plans").dof
    1
    """
    from scipy.stats import chi2_contingency

    func = "crosstab_test"
    check_columns(data, [row, column], func)
    if row == column:
        raise ValueError(f"{func}: row and column must be different questions; got {row!r} twice")
    pairs = data[[row, column]].dropna()
    table = pd.crosstab(pairs[row], pairs[column])
    if table.shape[0] < 2 or table.shape[1] < 2:
        raise ValueError(f"{func}: need at least two answers to each question; got "
                         f"{table.shape[0]} for {row!r} and {table.shape[1]} for {column!r}")
    chi2, p, dof, expected = chi2_contingency(table.to_numpy(), correction=False)
    n = table.to_numpy().sum()
    v = float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))
    return CrosstabResult(
        table=table, expected=pd.DataFrame(expected, index=table.index, columns=table.columns),
        row_shares=table.div(table.sum(axis=1), axis=0), chi2=float(chi2), dof=int(dof),
        p_value=float(p), cramers_v=v, min_expected=float(expected.min()))
