"""Churn classifiers (scikit-learn) on a temporal hold-out, with gains and calibration."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import check_columns, check_date, check_int
from ._common import _binary, _dates

__all__ = ["fit_churn_classifier", "ChurnClassifier"]


@dataclass(frozen=True)
class ChurnClassifier:
    """Churn classifiers trained on the past and scored on the period after ``split_date``.

    Attributes
    ----------
    scores : DataFrame
        The hold-out rows: the target and each model's predicted churn probability.
    auc : Series
        ROC AUC per model on the hold-out.
    gains : DataFrame
        Per model and decile of predicted risk (1 = riskiest tenth): ``customers``,
        ``churners``, ``churn_rate``, ``lift`` (churn rate / base rate),
        ``share_contacted`` and ``share_of_churners`` (cumulative).
    calibration : DataFrame
        Per model and bin of predicted probability: mean ``predicted``, ``observed``
        churn rate and ``customers``.
    models : dict
        The fitted scikit-learn pipelines.
    features : tuple of str
    n_train : int
    """

    scores: pd.DataFrame
    auc: pd.Series
    gains: pd.DataFrame
    calibration: pd.DataFrame
    models: dict = field(repr=False)
    features: tuple = ()
    n_train: int = 0

    def predict(self, data: pd.DataFrame) -> pd.DataFrame:
        """Each model's churn probability for new rows (with the same feature columns)."""
        check_columns(data, self.features, "predict")
        X = data[list(self.features)].astype(float).to_numpy()
        return pd.DataFrame({name: model.predict_proba(X)[:, 1]
                             for name, model in self.models.items()}, index=data.index)

    def summary(self) -> pd.DataFrame:
        """AUC, Brier score, top-decile lift and the hold-out churn rate per model."""
        target = self.scores.iloc[:, 0]
        rows = {}
        for name in self.models:
            p = self.scores[name]
            top = self.gains[(self.gains["model"] == name) & (self.gains["decile"] == 1)]
            rows[name] = dict(auc=self.auc[name], brier=float(((p - target) ** 2).mean()),
                              top_decile_lift=float(top["lift"].iloc[0]),
                              churn_rate=float(target.mean()), n_train=self.n_train,
                              n_test=len(target))
        return pd.DataFrame(rows).T


def fit_churn_classifier(data: pd.DataFrame, features, target: str, split_date, *,
                         date: str = "date", bins: int = 5, seed: int = 0) -> ChurnClassifier:
    """Logistic regression and gradient boosting for churn, with a temporal hold-out.

    Parameters
    ----------
    data : DataFrame
        One row per customer and observation date, e.g. :func:`churn_features`.
    features : list of str
        Numeric feature columns; missing values are imputed (median, plus an indicator).
    target : str
        0/1 column: the customer churned in the following period.
    split_date : str or date
        Rows dated before it train the models; rows dated on or after it are the hold-out.
    date : str, default="date"
        Column with each row's observation date.
    bins : int, default=5
        Quantile bins of predicted probability in the calibration table.
    seed : int, default=0
        Random state of the gradient-boosting model.

    Returns
    -------
    ChurnClassifier

    Notes
    -----
    A random split would let the models learn from the future; a temporal hold-out
    scores next period's customers with what was known before (Neslin et al. 2006).
    Lift of decile k = churn rate in decile k / overall churn rate; the gains curve is
    the cumulative share of churners caught against the share of customers contacted.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"x": rng.normal(size=400), "date": np.repeat(
    ...     pd.to_datetime(["2022-12-31", "2023-12-31"]), 200)})
    >>> d["churn"] = (rng.random(400) < 1 / (1 + np.exp(2 - 1.5 * d["x"]))).astype(int)
    >>> res = fit_churn_classifier(d, ["x"], "churn", "2023-06-30")
    >>> bool(res.auc["logistic"] > 0.7)
    True
    """
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    func = "fit_churn_classifier"
    features = [features] if isinstance(features, str) else list(features)
    check_columns(data, features + [target, date], func)
    check_int(bins, func, "bins", low=2)
    for f in features:
        if not (data[f].dtype == bool or pd.api.types.is_numeric_dtype(data[f])):
            raise TypeError(f"{func}: feature {f!r} must be numeric; got {data[f].dtype}")
        if np.isinf(data[f].to_numpy(dtype=float)).any():  # missing values are imputed, not inf
            raise ValueError(f"{func}: feature {f!r} must be finite numbers; got infinite values")
    y = _binary(data, target, func)
    when = _dates(data, date, func)
    split = check_date(split_date, func, "split_date")
    train = (when < split).to_numpy()
    if train.all() or not train.any():
        raise ValueError(f"{func}: split_date {split.date()} is outside the data, whose dates run "
                         f"from {when.min().date()} to {when.max().date()}; both sides of the "
                         f"split need rows")
    if len(np.unique(y[train])) < 2:
        raise ValueError(f"{func}: the training rows (before {split.date()}) have only one class")
    X = data[features].astype(float).to_numpy()
    models = {
        "logistic": make_pipeline(SimpleImputer(strategy="median", add_indicator=True),
                                  StandardScaler(), LogisticRegression(max_iter=1000)),
        "gradient_boosting": make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True),
            GradientBoostingClassifier(n_estimators=150, max_depth=2, learning_rate=0.05,
                                       random_state=seed)),
    }
    test = ~train
    scores = pd.DataFrame({target: y[test]}, index=data.index[test])
    gains, calibration, auc = [], [], {}
    base = y[test].mean()
    for name, model in models.items():
        model.fit(X[train], y[train])
        p = model.predict_proba(X[test])[:, 1]
        scores[name] = p
        auc[name] = roc_auc_score(y[test], p) if 0 < base < 1 else np.nan
        order = np.argsort(-p, kind="stable")
        decile = np.empty(len(p), dtype=int)
        decile[order] = np.arange(len(p)) * 10 // len(p) + 1
        g = pd.DataFrame({"decile": decile, "y": y[test]}).groupby("decile")["y"].agg(
            ["size", "sum"])
        g.columns = ["customers", "churners"]
        g["churn_rate"] = g["churners"] / g["customers"]
        g["lift"] = g["churn_rate"] / base if base > 0 else np.nan
        g["share_contacted"] = g["customers"].cumsum() / len(p)
        g["share_of_churners"] = g["churners"].cumsum() / max(y[test].sum(), 1)
        gains.append(g.reset_index().assign(model=name))
        q = pd.qcut(pd.Series(p).rank(method="first"), bins, labels=False) + 1
        c = pd.DataFrame({"bin": q.to_numpy(), "p": p, "y": y[test]}).groupby("bin").agg(
            predicted=("p", "mean"), observed=("y", "mean"), customers=("y", "size"))
        calibration.append(c.reset_index().assign(model=name))
    cols = ["model", "decile", "customers", "churners", "churn_rate", "lift", "share_contacted",
            "share_of_churners"]
    return ChurnClassifier(scores=scores, auc=pd.Series(auc, name="auc"),
                           gains=pd.concat(gains, ignore_index=True)[cols],
                           calibration=pd.concat(calibration, ignore_index=True)[
                               ["model", "bin", "predicted", "observed", "customers"]],
                           models=models, features=tuple(features), n_train=int(train.sum()))
