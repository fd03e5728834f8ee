"""Ordinal model."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._mle import check_fit, statsmodels_silenced
from .._validate import check_choice, check_columns, check_frame


__all__ = ["OrdinalResult", "fit_ordinal"]


@dataclass(frozen=True)
class OrdinalResult:
    """An ordered logit / probit fit; see :func:`fit_ordinal`."""

    params: pd.Series
    classes: tuple
    marginal_effects: pd.DataFrame
    probabilities: pd.DataFrame
    n: int
    model: object

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each class for new rows (columns = classes)."""
        check_frame(data, "predict_proba")
        return pd.DataFrame(np.asarray(self.model.predict(data)), index=data.index,
                            columns=list(self.classes))

    def summary(self):
        """The statsmodels summary."""
        return self.model.summary()


def _quote_names(formula: str, columns) -> str:
    """The formula with each bare column name that is not a Python identifier (``质量①``,
    ``满意度-总体``) quoted as ``Q("...")``, so patsy reads any Unicode name; a name with a
    space stays for the user to quote (``a b`` may mean two terms)."""
    names = [c for c in columns if isinstance(c, str) and not c.isidentifier()
             and not re.search(r"[\s\"'()~+*:]", c)]
    for name in sorted(names, key=len, reverse=True):
        formula = re.sub(r"(?<![\w\"'])" + re.escape(name) + r"(?![\w\"'])",
                         lambda m: f'Q("{m.group(0)}")', formula)
    return formula


def _formula_columns(data: pd.DataFrame, formula: str, func: str) -> tuple[str, list[str]]:
    """The outcome column and the columns the right-hand side reads, checked.

    Names may be any text, Chinese included: a name that is not a Python identifier
    (a space, a bracket) is quoted with patsy's ``Q("...")``.
    """
    from patsy import ModelDesc, PatsyError

    try:
        desc = ModelDesc.from_formula(formula)
    except (PatsyError, SyntaxError) as exc:
        raise ValueError(f"{func}: formula must look like 'outcome ~ x1 + x2' (quote a name "
                         f"that is not a Python identifier as Q('name')); got {formula!r}") from exc
    quoted = re.compile(r"""^Q\(\s*(['"])(.*)\1\s*\)$""")

    def columns_of(code: str) -> list[str]:
        match = quoted.match(code)
        if match or code.isidentifier():
            name = match.group(2) if match else code
            check_columns(data, [name], func)
            return [name]
        try:
            ast.parse(code, mode="eval")
        except SyntaxError as exc:
            raise ValueError(f"{func}: formula term {code!r} must be a column name or an "
                             f"expression; quote a name with spaces or symbols as Q({code!r})"
                             ) from exc
        # a call such as C(region) or np.log(revenue): the columns named inside it
        names = set(re.findall(r"\w+", code)) | {m[1] for m in re.findall(r"""(['"])(.*?)\1""", code)}
        return [c for c in data.columns if c in names]

    outcome = [c for term in desc.lhs_termlist for f in term.factors for c in columns_of(f.name())]
    if len(outcome) != 1:
        raise ValueError(f"{func}: formula must have one outcome column left of '~'; got "
                         f"{formula!r}")
    variables = [c for term in desc.rhs_termlist for f in term.factors for c in columns_of(f.name())]
    variables = list(dict.fromkeys(c for c in variables if c != outcome[0]))
    for c in variables:
        column = data[c]
        if pd.api.types.infer_dtype(column, skipna=True) in ("mixed", "mixed-integer"):
            raise TypeError(f"{func}: column {c!r} must hold numbers or categories, not both; "
                            f"got a mix such as {column.dropna().unique()[:4].tolist()}")
        if pd.api.types.is_numeric_dtype(column) and np.isinf(column.to_numpy(dtype=float)).any():
            raise ValueError(f"{func}: column {c!r} must be finite numbers; got infinite values")
    return outcome[0], variables


def fit_ordinal(data: pd.DataFrame, formula: str, *, distr: str = "logit") -> OrdinalResult:
    """Ordered logit (or probit) model of an ordinal rating, with average marginal effects.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; rows with a missing value in a model variable are dropped.
    formula : str
        ``"outcome ~ x1 + x2 + C(group)"``; the outcome is an ordered rating such as a
        1-7 answer (its sorted distinct values are the classes). Do not add an intercept:
        the thresholds play its part.
    distr : {"logit", "probit"}, default="logit"
        Link of the latent variable model.

    Returns
    -------
    OrdinalResult
        ``.params`` (slopes and statsmodels' threshold parameters), ``.classes``,
        ``.marginal_effects`` (average change in each class's probability per unit of each
        numeric variable, rows = variables, columns = classes; each row sums to 0),
        ``.probabilities`` (observed and mean predicted share per class), ``.n``,
        ``.model`` (the statsmodels result), ``.predict_proba(data)`` and ``.summary()``.

    Notes
    -----
    McCullagh (1980): :math:`P(y \\le k \\mid x) = F(\\tau_k - x'\\beta)`, with :math:`F`
    the logistic (or normal) distribution function; a positive :math:`\\beta` shifts
    answers up the scale. Marginal effects are central differences of the predicted
    probabilities, averaged over the respondents.

    The fit runs BFGS, then Newton steps until no parameter moves by more than 1e-8, so
    every printed digit is converged. A fit that does not converge, or whose likelihood is
    flat or still rising at the estimate (a predictor that separates the answers, a class
    too rare to place its threshold), warns and says which parameters.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"x": rng.normal(size=300)})
    >>> d["y"] = np.digitize(d["x"] + rng.logistic(size=300), [-1, 0, 1]) + 1
    >>> res = fit_ordinal(d, "y ~ x")
    >>> res.classes, bool(res.params["x"] > 0)
    ((1, 2, 3, 4), True)
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    check_frame(data, "fit_ordinal")
    check_choice(distr, ("logit", "probit"), "fit_ordinal", "distr")
    if not isinstance(formula, str) or "~" not in formula:
        raise ValueError(f"fit_ordinal: formula must look like 'outcome ~ x1 + x2'; got {formula!r}")
    formula = _quote_names(formula, data.columns)
    lhs, variables = _formula_columns(data, formula, "fit_ordinal")
    rhs = formula.split("~", 1)[1]
    d = data[[lhs, *variables]].dropna()
    classes = tuple(v.item() if hasattr(v, "item") else v for v in np.sort(d[lhs].unique()))
    if all(isinstance(v, float) and v.is_integer() for v in classes):
        classes = tuple(int(v) for v in classes)  # a 1-7 rating read as floats
    if len(classes) < 3:
        raise ValueError(f"fit_ordinal: the outcome {lhs!r} needs at least 3 ordered classes; "
                         f"got {list(classes)}")
    if re.search(r"(^|[+\s])1(\s|\+|$)", rhs):
        raise ValueError("fit_ordinal: remove the intercept ('1 +') from the formula; the "
                         "thresholds play its part")
    model = OrderedModel.from_formula(formula, d, distr=distr)
    with statsmodels_silenced():
        res = model.fit(method="bfgs", disp=False, maxiter=2000)
        # Newton steps from there: quadratic convergence pins every printed digit
        res = model.fit(method="newton", start_params=np.asarray(res.params), disp=False,
                        maxiter=50, tol=1e-8)
    check_fit("fit_ordinal", res, list(res.params.index),
              advice="A coefficient that runs away usually means a predictor that separates "
                     "the answers perfectly, or an answer class too rare to place its threshold: "
                     "merge rare classes or drop the predictor")
    base = np.asarray(res.predict(d))
    effects = {}
    for v in variables:
        if pd.api.types.is_numeric_dtype(d[v]) and not pd.api.types.is_bool_dtype(d[v]):
            h = 1e-4 * (float(d[v].std()) or 1.0)
            up, down = d.copy(), d.copy()
            up[v] = up[v] + h
            down[v] = down[v] - h
            effects[v] = (np.asarray(res.predict(up)) - np.asarray(res.predict(down))).mean(0) / (2 * h)
    marginal = pd.DataFrame(effects, index=list(classes)).T.rename_axis("variable")
    observed = d[lhs].value_counts(normalize=True).reindex(list(classes)).to_numpy()
    probabilities = pd.DataFrame({"observed": observed, "predicted": base.mean(0)},
                                 index=pd.Index(list(classes), name=lhs))
    params = res.params.rename(lambda k: re.sub(r"""Q\((['"])(.*)\1\)""", r"\2", str(k)))
    return OrdinalResult(params, classes, marginal, probabilities, len(d), res)
