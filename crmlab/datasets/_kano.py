"""The Kano survey case (KANO问卷): an industrial supplier's customers answer question pairs.

Respondents from the supplier's business customers answer a functional and a dysfunctional
question (Kano et al. 1984) on eight service attributes. Each attribute has a true Kano
category; a respondent perceives it, or with a known probability a neighbouring category,
and answers with one of the answer pairs that the Kano table maps to the perceived
category. A few respondents answer carelessly and a few skip a pair. The categories, the
confusion probabilities and every respondent's perceived category are the case's truth, so
:func:`crmlab.satisfaction.kano_classify` and :func:`crmlab.satisfaction.kano_table` can be
checked against them.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_generator, check_int
from ._cases import _c, _finish, _ids, _seed_value
from ._schema import categorical

__all__ = ["make_kano_survey"]

KANO_LEVELS = ("like", "must-be", "neutral", "live-with", "dislike")
KANO_SIZES = ("small", "medium", "large")
KANO_INDUSTRIES = ("automotive", "electronics", "machinery", "chemicals", "energy")
KANO_ROLES = ("decision_maker", "buyer", "user", "engineer")
KANO_LETTERS = ("A", "O", "M", "I")

#: The eight service attributes of the Kano survey: Chinese name, what is offered (English,
#: Chinese) and the attribute's true Kano category for most customers.
KANO_ATTRIBUTES = {
    "on_time_delivery": ("准时交货", "on-time, complete delivery", "准时、足量交货", "M"),
    "consistent_quality": ("质量稳定", "batch-to-batch consistent quality", "批次间质量稳定", "M"),
    "technical_support": ("技术支持", "an engineer on site within 48 hours",
                          "48小时内工程师到现场支持", "O"),
    "fast_quotation": ("快速报价", "a quotation within 24 hours", "24小时内报价", "O"),
    "online_ordering": ("在线下单", "online ordering and order tracking", "在线下单与订单跟踪",
                        "A"),
    "vendor_managed_inventory": ("供应商管理库存", "vendor-managed inventory at our plant",
                                 "在我方工厂实行供应商管理库存(VMI)", "A"),
    "holiday_gifts": ("节日礼品", "holiday gifts for our staff", "节日向我方人员赠送礼品", "I"),
    "branded_packaging": ("定制包装", "packaging printed with our brand", "印有我方品牌的定制包装",
                          "I"),
}

#: The truth of the Kano survey case. ``perception``: the probability that a respondent
#: perceives each category (columns A, O, M, I) given the attribute's true category (rows);
#: ``answer_pairs``: the (functional, dysfunctional) answers given a perceived category and
#: their probabilities; ``segment_categories``: attributes whose true category differs in a
#: customer segment; ``careless_share``: respondents who answer every pair at random (which
#: gives the reverse and questionable answers); ``skip_share``: pairs left unanswered.
KANO_PARAMS = {
    "perception": {"A": {"A": 0.60, "O": 0.15, "M": 0.05, "I": 0.20},
                   "O": {"A": 0.15, "O": 0.55, "M": 0.20, "I": 0.10},
                   "M": {"A": 0.05, "O": 0.20, "M": 0.60, "I": 0.15},
                   "I": {"A": 0.15, "O": 0.05, "M": 0.10, "I": 0.70}},
    "answer_pairs": {
        "A": [["like", "must-be", 0.2], ["like", "neutral", 0.5], ["like", "live-with", 0.3]],
        "O": [["like", "dislike", 1.0]],
        "M": [["must-be", "dislike", 0.4], ["neutral", "dislike", 0.35],
              ["live-with", "dislike", 0.25]],
        "I": [["neutral", "neutral", 0.4]] + [[f, d, 0.075] for f in ("must-be", "neutral",
                                                                         "live-with")
                                               for d in ("must-be", "neutral", "live-with")
                                               if (f, d) != ("neutral", "neutral")],
    },
    "segment_categories": {"large": {"technical_support": "M"}},
    "size_probability": dict(zip(KANO_SIZES, [0.35, 0.40, 0.25])),
    "industry_probability": dict(zip(KANO_INDUSTRIES, [0.25, 0.25, 0.2, 0.15, 0.15])),
    "role_probability": dict(zip(KANO_ROLES, [0.2, 0.35, 0.25, 0.2])),
    "careless_share": 0.04,
    "skip_share": 0.02,
}


def make_kano_survey(n_respondents: int = 400, *, seed=2026):
    """Kano question pairs answered by an industrial supplier's customers, with the true categories.

    Parameters
    ----------
    n_respondents : int, default=400
        Respondents (20 to 1,000,000), one per customer firm.
    seed : int or numpy.random.Generator, default=2026

    Returns
    -------
    Case
        Tables ``kano_attributes`` (one row per attribute: its Chinese name and the two
        questions in English and Chinese) and ``kano_answers`` (one row per respondent:
        firm size, industry, role, and the answers ``functional_<attribute>`` and
        ``dysfunctional_<attribute>``); ``truth`` holds :data:`KANO_PARAMS`, every
        attribute's true category overall and by segment, and each respondent's perceived
        category per attribute.

    Notes
    -----
    Respondent i's true category of attribute j is the attribute's category
    (:data:`KANO_ATTRIBUTES`), except in a segment listed in ``segment_categories`` (large
    accounts take technical support for granted: must-be, not one-dimensional). The
    respondent perceives category k with probability ``perception[true][k]``: a category
    is perceived as itself 55-70 % of the time and otherwise as a neighbour (attractive
    attributes drift to indifferent and one-dimensional, must-be to one-dimensional, as
    Kano categories do over a product's life). The answers are drawn from the cells of the
    Kano evaluation table that give the perceived category (attractive: "like" if present
    and "must-be", "neutral" or "live-with" if absent; one-dimensional: "like" / "dislike";
    must-be: "must-be", "neutral" or "live-with" / "dislike"; indifferent: the middle three
    answers to both). 4 % of respondents answer every pair uniformly at random over the 25
    pairs, which gives reverse (R) and questionable (Q) results; 2 % of pairs are skipped
    (both answers missing). The attribute's category is the modal one (Berger et al. 1993);
    with 400 respondents the true category leads the next by at least 3.5 standard errors.

    Examples
    --------
    >>> case = make_kano_survey(100, seed=1)
    >>> case.kano_answers["functional_online_ordering"].cat.categories.tolist()
    ['like', 'must-be', 'neutral', 'live-with', 'dislike']
    """
    func = "make_kano_survey"
    n = check_int(n_respondents, func, "n_respondents", low=20, high=1_000_000)
    rng = as_generator(seed)
    p = KANO_PARAMS
    size = rng.choice(len(KANO_SIZES), n, p=list(p["size_probability"].values()))
    industry = rng.choice(len(KANO_INDUSTRIES), n, p=list(p["industry_probability"].values()))
    role = rng.choice(len(KANO_ROLES), n, p=list(p["role_probability"].values()))
    careless = rng.random(n) < p["careless_share"]
    answers, perceived = {}, {}
    for attribute, (_, _, _, category) in KANO_ATTRIBUTES.items():
        true = np.full(n, KANO_LETTERS.index(category))
        for segment, override in p["segment_categories"].items():
            if attribute in override:
                true[size == KANO_SIZES.index(segment)] = KANO_LETTERS.index(override[attribute])
        table = np.array([[p["perception"][t][k] for k in KANO_LETTERS] for t in KANO_LETTERS])
        seen = _draw_rows(rng, table[true])
        f_code, d_code = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
        u = rng.random(n)
        for k, letter in enumerate(KANO_LETTERS):
            pairs = p["answer_pairs"][letter]
            weights = np.array([w for _, _, w in pairs])
            which = np.searchsorted(np.cumsum(weights / weights.sum()), u[seen == k], side="right")
            which = np.minimum(which, len(pairs) - 1)
            f_code[seen == k] = [KANO_LEVELS.index(pairs[w][0]) for w in which]
            d_code[seen == k] = [KANO_LEVELS.index(pairs[w][1]) for w in which]
        random_pair = rng.integers(0, 5, (n, 2))
        f_code[careless], d_code[careless] = random_pair[careless, 0], random_pair[careless, 1]
        skipped = rng.random(n) < p["skip_share"]
        f_code[skipped], d_code[skipped] = -1, -1
        answers[f"functional_{attribute}"] = categorical(
            "kano_answers", f"functional_{attribute}", f_code, KANO_TABLES)
        answers[f"dysfunctional_{attribute}"] = categorical(
            "kano_answers", f"dysfunctional_{attribute}", d_code, KANO_TABLES)
        perceived[attribute] = np.array(KANO_LETTERS)[seen].tolist()
    ids = _ids("K", n, max(4, len(str(n))))
    respondents = {
        "respondent_id": ids,
        "size": categorical("kano_answers", "size", size, KANO_TABLES),
        "industry": categorical("kano_answers", "industry", industry, KANO_TABLES),
        "role": categorical("kano_answers", "role", role, KANO_TABLES),
        **answers,
    }
    attributes = {
        "attribute": list(KANO_ATTRIBUTES),
        "name_zh": [v[0] for v in KANO_ATTRIBUTES.values()],
        "functional_question": [f"If the supplier offers {v[1]}, how do you feel?"
                                for v in KANO_ATTRIBUTES.values()],
        "dysfunctional_question": [f"If the supplier does not offer {v[1]}, how do you feel?"
                                   for v in KANO_ATTRIBUTES.values()],
        "functional_question_zh": [f"如果供应商提供{v[2]}，您的感受是？"
                                   for v in KANO_ATTRIBUTES.values()],
        "dysfunctional_question_zh": [f"如果供应商不提供{v[2]}，您的感受是？"
                                      for v in KANO_ATTRIBUTES.values()],
    }
    truth = {"case": "kano_survey", "arguments": {"n_respondents": n, "seed": _seed_value(seed)},
             "params": KANO_PARAMS,
             "categories": {a: v[3] for a, v in KANO_ATTRIBUTES.items()},
             "respondents": {"respondent_id": ids.tolist(),
                             "careless": careless.tolist(),
                             "perceived": perceived}}
    return _finish("kano_survey", {"kano_attributes": attributes, "kano_answers": respondents},
                   truth, seed)


def _draw_rows(rng, probabilities: np.ndarray) -> np.ndarray:
    """One category per row, drawn with that row's probabilities."""
    u = rng.random(len(probabilities))
    return np.minimum((u[:, None] > np.cumsum(probabilities, axis=1)).sum(axis=1),
                      probabilities.shape[1] - 1)


_ANSWER_MEANING = ("like, must-be, neutral, live-with, dislike (喜欢, 理所当然, 无所谓, "
                   "能忍受, 不喜欢); missing when the pair was skipped")

KANO_TABLES = {
    "kano_attributes": dict(key=("attribute",), doc="One row per service attribute asked about.",
                            columns=[
                                _c("attribute", "str", "", "attribute key"),
                                _c("name_zh", "str", "", "the attribute's Chinese name"),
                                _c("functional_question", "str", "",
                                   "the functional question: the attribute is offered"),
                                _c("dysfunctional_question", "str", "",
                                   "the dysfunctional question: it is not offered"),
                                _c("functional_question_zh", "str", "",
                                   "the functional question in Chinese (正向问题)"),
                                _c("dysfunctional_question_zh", "str", "",
                                   "the dysfunctional question in Chinese (反向问题)"),
                            ]),
    "kano_answers": dict(key=("respondent_id",),
                         doc="One row per respondent: who answered and the answers to every "
                             "question pair.",
                         columns=[
                             _c("respondent_id", "str", "", "respondent key, K0001 ..."),
                             _c("size", "ordered", "", "size of the respondent's firm",
                                KANO_SIZES),
                             _c("industry", "cat", "", "the firm's industry", KANO_INDUSTRIES),
                             _c("role", "cat", "", "the respondent's role in the buying center",
                                KANO_ROLES),
                             *[_c(f"{side}_{a}", "cat", "",
                                  f"{side} answer on {a.replace('_', ' ')} ({v[0]}): "
                                  f"{_ANSWER_MEANING}", KANO_LEVELS)
                               for a, v in KANO_ATTRIBUTES.items()
                               for side in ("functional", "dysfunctional")],
                         ]),
}
