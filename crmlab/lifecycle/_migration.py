"""Markov migration between customer grades and the declining-grade alert."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import check_columns, check_int

__all__ = ["grade_migration", "GradeMigration"]


@dataclass(frozen=True)
class GradeMigration:
    """Markov migration between grades from one period to the next.

    Attributes
    ----------
    counts : DataFrame
        Customers moving from grade (rows) to grade (columns), over all pairs of periods.
    matrix : DataFrame
        ``counts`` divided by row totals: transition probabilities, each row sums to one.
    mix : Series
        Customers per grade in the last period.
    fallen : DataFrame
        Customers whose grade fell between the last two periods (the declining-grade
        alert): ``customer``, ``from``, ``to``, ``steps`` (grades fallen).
    order : tuple
        Grades from best to worst (``lost`` last when used).
    """

    counts: pd.DataFrame
    matrix: pd.DataFrame
    mix: pd.Series
    fallen: pd.DataFrame
    order: tuple

    def project(self, periods: int = 1, start=None) -> pd.Series:
        """Grade mix after ``periods`` steps of the chain, from ``start`` (default ``mix``).

        New customers are not added: the projection follows today's customers only.
        """
        check_int(periods, "project", "periods", low=0)
        start = self.mix if start is None else pd.Series(start, dtype=float)
        v = start.reindex(self.matrix.index, fill_value=0.0).to_numpy(dtype=float)
        return pd.Series(v @ np.linalg.matrix_power(self.matrix.to_numpy(), periods),
                         index=self.matrix.columns, name=f"after {periods}")


def grade_migration(grades: pd.DataFrame, *, customer: str = "customer_id", period: str = "year",
                    grade: str = "grade", order=None, lost: str | None = None) -> GradeMigration:
    """The Markov transition matrix between customer grades (or tiers) and the falling customers.

    Parameters
    ----------
    grades : DataFrame
        One row per customer and period with its grade.
    customer, period, grade : str
        Column names; periods must sort in time order.
    order : list, optional
        Grades from best to worst. By default an ordered Categorical's categories from last
        to first (the highest category is the best), else the labels sorted (``A`` best).
    lost : str, optional
        Name of an absorbing state for customers graded in one period and missing in the
        next (e.g. ``"lost"``); by default such customers are left out of the counts.

    Returns
    -------
    GradeMigration

    Notes
    -----
    :math:`P_{jk} = n_{jk} / \\sum_k n_{jk}`, where :math:`n_{jk}` counts customers in grade
    j in one period and k in the next; the mix after n periods is :math:`m_0 P^n`
    (Pfeifer & Carraway 2000, "Modeling customer relationships as Markov chains").
    A grade nobody held keeps its customers (a 1 on the diagonal) so rows sum to one.

    Examples
    --------
    >>> g = pd.DataFrame({"customer_id": list("aabbcc"), "year": [1, 2] * 3,
    ...                   "grade": ["A", "B", "B", "B", "C", "A"]})
    >>> res = grade_migration(g)
    >>> res.fallen["customer_id"].tolist()
    ['a']
    >>> res.matrix.sum(axis=1).tolist()
    [1.0, 1.0, 1.0]
    """
    func = "grade_migration"
    check_columns(grades, [customer, period, grade], func, "grades")
    if grades[grade].isna().any():
        raise ValueError(f"{func}: column {grade!r} has missing grades")
    if grades.duplicated([customer, period]).any():
        raise ValueError(f"{func}: a customer has more than one grade in a period")
    labels = grades[grade]
    if order is None:
        if isinstance(labels.dtype, pd.CategoricalDtype) and labels.cat.ordered:
            order = list(labels.cat.categories[::-1])
        else:
            order = sorted(labels.unique())
    order = list(order)
    unknown = sorted(set(labels.unique()) - set(order), key=str)
    if unknown:
        raise ValueError(f"{func}: grades {unknown} are not in order {order}")
    if lost is not None:
        if lost in order:
            raise ValueError(f"{func}: lost state {lost!r} is also a grade")
        order.append(lost)
    periods = np.sort(grades[period].unique())
    if len(periods) < 2:
        raise ValueError(f"{func}: migration needs at least two periods; got {len(periods)}")
    wide = grades.pivot(index=customer, columns=period, values=grade).astype(object)
    pairs = []
    for a, b in zip(periods[:-1], periods[1:]):
        now, nxt = wide[a], wide[b]
        if lost is not None:
            nxt = nxt.where(nxt.notna() | now.isna(), lost)
        ok = now.notna() & nxt.notna()
        pairs.append(pd.DataFrame({"from": now[ok], "to": nxt[ok]}))
    moves = pd.concat(pairs)
    counts = pd.crosstab(moves["from"], moves["to"]).reindex(index=order, columns=order,
                                                             fill_value=0)
    if lost is not None:
        counts.loc[lost] = 0
    matrix = counts.astype(float)
    empty = matrix.sum(axis=1) == 0
    for g in matrix.index[empty]:
        matrix.loc[g, g] = 1.0
    matrix = matrix.div(matrix.sum(axis=1), axis=0)
    counts.index.name, counts.columns.name = "from", "to"
    matrix.index.name, matrix.columns.name = "from", "to"
    rank = {g: i for i, g in enumerate(order)}
    last = pairs[-1]
    last = last[last["to"] != lost] if lost is not None else last
    steps = last["to"].map(rank) - last["from"].map(rank)
    fallen = last[steps > 0].assign(steps=steps[steps > 0]).rename_axis(customer).reset_index()
    fallen = fallen.sort_values(["steps", customer], ascending=[False, True]).reset_index(drop=True)
    mix = wide[periods[-1]].value_counts().reindex(order, fill_value=0).astype(float)
    mix.name = "customers"
    return GradeMigration(counts=counts, matrix=matrix, mix=mix, fallen=fallen, order=tuple(order))
