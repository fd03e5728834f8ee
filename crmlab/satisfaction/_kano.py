"""Kano model (KANO模型): functional / dysfunctional question pairs, categories, Better-Worse."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._validate import check_columns, check_frame

__all__ = ["KANO_ANSWERS", "KANO_TABLE", "KANO_CATEGORIES", "KANO_TIE_ORDER", "kano_classify",
           "kano_table"]

#: The five answers of a Kano question, in questionnaire order (code 1-5), with the
#: English and Chinese wordings accepted for each.
KANO_ANSWERS = pd.DataFrame(
    {"answer": ["like", "must-be", "neutral", "live-with", "dislike"],
     "chinese": ["喜欢", "理所当然", "无所谓", "能忍受", "不喜欢"],
     "wording": ["I like it that way", "It must be that way", "I am neutral",
                 "I can live with it that way", "I dislike it that way"]},
    index=pd.Index([1, 2, 3, 4, 5], name="code"))

#: The Kano evaluation table (Kano et al. 1984; Berger et al. 1993): rows are the
#: answer to the functional question (the attribute is present), columns the answer to
#: the dysfunctional question (it is absent).
KANO_TABLE = pd.DataFrame(
    [["Q", "A", "A", "A", "O"],
     ["R", "I", "I", "I", "M"],
     ["R", "I", "I", "I", "M"],
     ["R", "I", "I", "I", "M"],
     ["R", "R", "R", "R", "Q"]],
    index=pd.Index(KANO_ANSWERS["answer"].tolist(), name="functional"),
    columns=pd.Index(KANO_ANSWERS["answer"].tolist(), name="dysfunctional"))

#: The six categories, their Chinese names and what each means for a manager.
KANO_CATEGORIES = pd.DataFrame(
    {"name": ["attractive", "one-dimensional", "must-be", "indifferent", "reverse", "questionable"],
     "chinese": ["魅力属性", "期望属性", "必备属性", "无差异属性", "反向属性", "可疑结果"],
     "meaning": ["delights when present, no complaint when absent: a way to stand out",
                 "satisfaction rises with performance: compete on it",
                 "taken for granted, its absence angers: secure it before anything else",
                 "neither pleases nor angers: do not spend on it",
                 "some customers prefer it absent: check the segment before adding it",
                 "contradictory answers (like both present and absent): check the question"]},
    index=pd.Index(["A", "O", "M", "I", "R", "Q"], name="category"))

#: When two categories have the same count, the modal category is the first of them in
#: this order: M > O > A > I (the evaluation rule of Matzler et al. 1996: when in doubt,
#: the category with the most influence on the product decides), then R and Q.
KANO_TIE_ORDER = ("M", "O", "A", "I", "R", "Q")

_CODES = {}
for _code, _row in KANO_ANSWERS.iterrows():
    for _text in (_row["answer"], _row["answer"].replace("-", " "), _row["chinese"]):
        _CODES[_text.casefold()] = _row["answer"]
    _CODES[_code] = _row["answer"]


def _answers(col: pd.Series, name, func: str) -> pd.Series:
    """Answers as the canonical words; missing stays missing, anything unknown raises."""
    def word(value):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return None
        if isinstance(value, (int, np.integer, float, np.floating)) and not isinstance(value, bool):
            return _CODES.get(int(value)) if float(value).is_integer() else None
        if isinstance(value, str):
            return _CODES.get(" ".join(value.split()).casefold())
        return None

    words = col.map(word)
    bad = col[words.isna() & col.notna()]
    if len(bad):
        shown = sorted({repr(v) for v in bad})[:5]
        raise ValueError(f"{func}: column {name!r} has answers that are not Kano answers: "
                         f"{', '.join(shown)}; use codes 1-5 or "
                         f"{KANO_ANSWERS['answer'].tolist()} / {KANO_ANSWERS['chinese'].tolist()}")
    return words


def kano_classify(data: pd.DataFrame, pairs: Mapping) -> pd.DataFrame:
    """Kano category of every respondent and attribute from the question pairs.

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    pairs : dict
        ``{attribute: (functional_column, dysfunctional_column)}``. Answers are codes
        1-5 (like, must-be, neutral, live-with, dislike) or the words in English
        (``"like"``, ``"must-be"``, ``"neutral"``, ``"live-with"``, ``"dislike"``) or
        Chinese (喜欢, 理所当然, 无所谓, 能忍受, 不喜欢); see :data:`KANO_ANSWERS`.

    Returns
    -------
    DataFrame
        Same index as ``data``, one column per attribute, a categorical of ``A``, ``O``,
        ``M``, ``I``, ``R``, ``Q`` (:data:`KANO_CATEGORIES`). A respondent who left either
        question of a pair unanswered has a missing category for that attribute.

    Raises
    ------
    ValueError
        If a column is missing, the pairs are malformed, or an answer is not a Kano answer.

    Notes
    -----
    The category is read from :data:`KANO_TABLE` at (functional answer, dysfunctional
    answer), as in Kano et al. (1984) and Berger et al. (1993).

    References
    ----------
    Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive quality and must-be
    quality. *Journal of the Japanese Society for Quality Control*, 14(2), 39-48.
    Berger, C., et al. (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality of Management Journal*, 2(4), 3-36.

    Examples
    --------
    >>> answers = pd.DataFrame({"f": [1, "like", "喜欢"], "d": [5, "neutral", "理所当然"]})
    >>> kano_classify(answers, {"交货期": ("f", "d")})["交货期"].tolist()
    ['O', 'A', 'A']
    """
    func = "kano_classify"
    check_frame(data, func)
    if not isinstance(pairs, Mapping) or not pairs:
        raise TypeError(f"{func}: pairs must be a non-empty dict {{attribute: (functional, "
                        f"dysfunctional)}}; got {type(pairs).__name__}")
    out = {}
    for attribute, pair in pairs.items():
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise ValueError(f"{func}: pairs[{attribute!r}] must be (functional column, "
                             f"dysfunctional column); got {pair!r}")
        check_columns(data, pair, func)
        functional = _answers(data[pair[0]], pair[0], func)
        dysfunctional = _answers(data[pair[1]], pair[1], func)
        category = [KANO_TABLE.at[f, d] if pd.notna(f) and pd.notna(d) else None
                    for f, d in zip(functional, dysfunctional)]
        out[attribute] = pd.Categorical(category, categories=list(KANO_CATEGORIES.index))
    return pd.DataFrame(out, index=data.index)


def kano_table(categories: pd.DataFrame) -> pd.DataFrame:
    """Kano classification table: counts and shares per attribute, the modal category, Better and Worse.

    Parameters
    ----------
    categories : DataFrame
        One column per attribute of the letters ``A O M I R Q``, as :func:`kano_classify`
        returns; missing values (unanswered pairs) are not counted.

    Returns
    -------
    DataFrame
        Indexed by attribute: the counts ``A``, ``O``, ``M``, ``I``, ``R``, ``Q``, ``n``
        (respondents classified), the shares ``share_A`` ... ``share_Q`` (of ``n``),
        ``category`` (the modal category), ``tied`` (True when another category had the
        same count), ``better`` and ``worse``.

    Notes
    -----
    The modal category is the most frequent one; a tie is broken by
    :data:`KANO_TIE_ORDER`, M > O > A > I (Matzler et al. 1996), and the table says
    which attributes were tied. The customer satisfaction coefficients of Berger et al. (1993, after Timko):

    .. math:: Better = \\frac{A + O}{A + O + M + I}, \\qquad
              Worse = -\\frac{O + M}{A + O + M + I},

    how much meeting the attribute raises satisfaction (0 to 1) and how much failing it
    causes dissatisfaction (-1 to 0). They are missing when ``A + O + M + I = 0``.

    References
    ----------
    Berger, C., et al. (1993). Kano's methods for understanding customer-defined quality.
    *Center for Quality of Management Journal*, 2(4), 3-36.
    Matzler, K., Hinterhuber, H. H., Bailom, F., & Sauerwein, E. (1996). How to delight
    your customers. *Journal of Product & Brand Management*, 5(2), 6-18.

    Examples
    --------
    >>> answers = pd.DataFrame({"f": [1, 1, 2, 1], "d": [5, 3, 5, 4]})
    >>> table = kano_table(kano_classify(answers, {"delivery": ("f", "d")}))
    >>> columns = ["A", "O", "M", "I", "category", "better", "worse"]
    >>> table[columns]  # doctest: +NORMALIZE_WHITESPACE
               A  O  M  I category  better  worse
    attribute
    delivery   2  1  1  0        A    0.75   -0.5
    """
    func = "kano_table"
    check_frame(categories, func, "categories")
    if categories.shape[1] == 0:
        raise ValueError(f"{func}: categories has no attribute columns")
    letters = list(KANO_CATEGORIES.index)
    rows = {}
    for attribute in categories.columns:
        col = categories[attribute]
        values = col.dropna().astype(str)
        bad = sorted(set(values) - set(letters))
        if bad:
            raise ValueError(f"{func}: column {attribute!r} has {bad}, not Kano categories "
                             f"{letters}; pass the result of kano_classify")
        counts = values.value_counts().reindex(letters, fill_value=0).astype(int)
        n = int(counts.sum())
        if n == 0:
            raise ValueError(f"{func}: no respondent answered both questions of {attribute!r}")
        top = counts.max()
        modal = [c for c in KANO_TIE_ORDER if counts[c] == top]
        base = counts[["A", "O", "M", "I"]].sum()
        row = counts.to_dict()
        row["n"] = n
        row.update({f"share_{c}": counts[c] / n for c in letters})
        row.update(category=modal[0], tied=len(modal) > 1,
                   better=(counts["A"] + counts["O"]) / base if base else np.nan,
                   worse=-(counts["O"] + counts["M"]) / base if base else np.nan)
        rows[attribute] = row
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("attribute")
    table[letters + ["n"]] = table[letters + ["n"]].astype(int)
    table["better"] = table["better"].astype(float)
    table["worse"] = table["worse"].astype(float)
    table.attrs["crmlab"] = "kano_table"
    return table
