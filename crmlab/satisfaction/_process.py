"""Mediation and moderated mediation (中介与有调节的中介): Hayes' PROCESS models 4, 7, 14.

Every equation is an OLS regression; indirect effects get percentile bootstrap intervals.
The bootstrap is vectorised: each resample is a vector of counts, the moment matrices of
all resamples are added row by row in a fixed order and solved by a batched Cholesky
written in elementwise numpy, so the printed digits do not depend on the BLAS kernel.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._mle import significant
from .._validate import (as_generator, check_choice, check_frame, check_int, check_number,
                         check_numeric)

__all__ = ["ProcessResult", "process"]

#: The PROCESS models crmlab fits, with what W moderates (Hayes 2022, appendix A).
PROCESS_MODELS = {4: "simple / parallel mediation: X → M → Y",
                  7: "first-stage moderated mediation: W moderates X → M",
                  14: "second-stage moderated mediation: W moderates M → Y"}


@dataclass(frozen=True)
class ProcessResult:
    """A PROCESS model; see :func:`process`."""

    model: int
    x: str
    y: str
    m: tuple
    w: str | None
    covariates: tuple
    n: int
    boot: int
    conf: float
    se_type: str
    centered: bool
    equations: pd.DataFrame
    model_summary: pd.DataFrame
    effects: pd.DataFrame
    indirect: pd.DataFrame
    index_of_moderated_mediation: pd.DataFrame
    simple_slopes: pd.DataFrame
    johnson_neyman: pd.DataFrame
    draws: pd.DataFrame
    covariance: dict

    @property
    def params(self) -> pd.Series:
        """Coefficients ``"outcome ~ term"``, then the direct, total and indirect effects."""
        eq = self.equations
        out = pd.Series(eq["coef"].to_numpy(), index=eq["outcome"] + " ~ " + eq["term"])
        extra = dict(zip(self.effects["effect"], self.effects["estimate"]))
        for _, r in self.indirect.iterrows():
            at = "" if pd.isna(r["w"]) else f" | {self.w}={r['w']:.4g}"
            extra[f"indirect[{r['mediator']}{at}]"] = r["estimate"]
        for _, r in self.index_of_moderated_mediation.iterrows():
            extra[f"index[{r['mediator']}]"] = r["estimate"]
        return pd.concat([out, pd.Series(extra)]).rename("estimate")

    def summary(self) -> pd.DataFrame:
        """Direct, total, (conditional) indirect effects and indices of moderated mediation."""
        ind = self.indirect.assign(effect="indirect")
        imm = self.index_of_moderated_mediation.assign(effect="index of moderated mediation")
        cols = ["effect", "mediator", "w", "estimate", "se", "ci_low", "ci_high", "p_value"]
        return pd.concat([self.effects, ind, imm], ignore_index=True).reindex(columns=cols)

    def slopes_at(self, values) -> pd.DataFrame:
        """The moderated path's conditional slope at moderator ``values`` (original units),
        with its OLS (or HC3) SE, t, p and confidence interval; models 7 and 14 only."""
        if self.model == 4:
            raise ValueError("slopes_at: model 4 has no moderator")
        values = np.asarray(values, dtype=float).ravel()
        if values.size == 0 or not np.isfinite(values).all():
            raise ValueError(f"slopes_at: values must be finite numbers; got {values!r:.60}")
        return pd.concat([_slopes(self, mj, values) for mj in self.m], ignore_index=True)

    def __repr__(self) -> str:
        lines = [f"ProcessResult(model {self.model}: {PROCESS_MODELS[self.model]};",
                 f"  X={self.x}, M={', '.join(self.m)}, Y={self.y}"
                 + (f", W={self.w}" if self.w else "")
                 + f"; n={self.n}, {self.boot} bootstrap resamples, {self.conf:.0%} percentile CI)"]
        for _, r in self.summary().iterrows():
            at = "" if pd.isna(r["w"]) else f" at {self.w}={significant(r['w'])}"
            med = "" if pd.isna(r["mediator"]) else f" via {r['mediator']}"
            lines.append(f"  {r['effect']}{med}{at}: {significant(r['estimate'])} "
                         f"[{significant(r['ci_low'])}, {significant(r['ci_high'])}]")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# arithmetic that does not depend on the processor
# --------------------------------------------------------------------------------------------
def _moments(counts: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """``sum_i counts[i, b] * z_i z_i'`` for each resample b, added row by row in order.

    counts (n, B), Z (n, p) → (B, p, p)."""
    p = Z.shape[1]
    iu = np.triu_indices(p)
    prods = Z[:, iu[0]] * Z[:, iu[1]]                      # (n, q)
    B = counts.shape[1]
    total = np.zeros((B, len(iu[0])))
    for i in range(Z.shape[0]):
        total += counts[i][:, None] * prods[i]
    out = np.empty((B, p, p))
    out[:, iu[0], iu[1]] = total
    out[:, iu[1], iu[0]] = total
    return out


def _mm(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``A @ B`` for small 2-D matrices, summed over the inner index in a fixed order."""
    B2 = B if B.ndim == 2 else B[:, None]
    out = np.zeros((A.shape[0], B2.shape[1]))
    for p in range(A.shape[1]):
        out += A[:, p, None] * B2[p][None, :]
    return out if B.ndim == 2 else out[:, 0]


def _cholesky_solve(A: np.ndarray, b: np.ndarray):
    """Solve ``A x = b`` for a batch of symmetric positive-definite ``A`` (B, k, k); also
    return the inverse. Elementwise operations only (a fixed order of every sum)."""
    B, k, _ = A.shape
    L = np.zeros_like(A)
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(k):
            s = A[:, j, j].copy()
            for p in range(j):
                s -= L[:, j, p] * L[:, j, p]
            L[:, j, j] = np.sqrt(np.where(s > 1e-12 * np.abs(A[:, j, j]), s, np.nan))
            for i in range(j + 1, k):
                s = A[:, i, j].copy()
                for p in range(j):
                    s -= L[:, i, p] * L[:, j, p]
                L[:, i, j] = s / L[:, j, j]

        def solve(rhs):  # rhs (B, k)
            yv = np.zeros_like(rhs)
            for i in range(k):
                s = rhs[:, i].copy()
                for p in range(i):
                    s -= L[:, i, p] * yv[:, p]
                yv[:, i] = s / L[:, i, i]
            xv = np.zeros_like(rhs)
            for i in reversed(range(k)):
                s = yv[:, i].copy()
                for p in range(i + 1, k):
                    s -= L[:, p, i] * xv[:, p]
                xv[:, i] = s / L[:, i, i]
            return xv

        x = solve(b)
        inv = np.stack([solve(np.broadcast_to(np.eye(k)[c], (B, k)).copy()) for c in range(k)],
                       axis=2)
    return x, inv


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------
def _equations(model, x, m, w, covariates):
    """Each outcome with its terms (``"a*b"`` is a product term), in PROCESS's order."""
    eqs = {}
    for mj in m:
        eqs[mj] = [x] + ([w, f"{x}*{w}"] if model == 7 else []) + list(covariates)
    y_terms = [*m, x] + ([w] + [f"{mj}*{w}" for mj in m] if model == 14 else [])
    return eqs, y_terms + list(covariates)


def _fit(Mom: np.ndarray, names: list, outcome: str, terms: list):
    """OLS of ``outcome`` on ``terms`` with an intercept, for each resample's moment matrix
    ``Mom`` (B, p+1, p+1) of ``[1, *names]``."""
    sel = [0] + [names.index(t) + 1 for t in terms]
    beta, inv = _cholesky_solve(Mom[:, sel][:, :, sel], Mom[:, sel, names.index(outcome) + 1])
    return beta, inv


def _ols_table(Z, names, outcome, terms, se_type, conf, scale, shift):
    """Coefficients, SE, t, p, CI, R² of one equation on the full sample."""
    from scipy import stats
    n = len(Z)
    Mom = _moments(np.ones((n, 1)), np.column_stack([np.ones(n), Z]))
    beta, inv = _fit(Mom, names, outcome, terms)
    beta, inv = beta[0], inv[0]
    k = len(terms) + 1
    X = np.column_stack([np.ones(n), Z[:, [names.index(t) for t in terms]]])
    yv = Z[:, names.index(outcome)]
    fitted = np.zeros(n)
    for j in range(k):
        fitted += X[:, j] * beta[j]
    resid = yv - fitted
    sse = float(np.sum(resid * resid))
    ybar = float(np.mean(yv))
    sst = float(np.sum((yv - ybar) ** 2))
    df = n - k
    mse = sse / df
    if se_type == "hc3":
        h = np.zeros(n)
        for a in range(k):
            for b in range(k):
                h += X[:, a] * inv[a, b] * X[:, b]
        u2 = (resid / (1 - h)) ** 2
        meat = np.array([[np.sum(u2 * X[:, a] * X[:, b]) for b in range(k)] for a in range(k)])
        cov = _mm(_mm(inv, meat), inv)
    else:
        cov = mse * inv
    # back to the data's units: column j was (v - shift) / scale
    sy = scale[outcome]
    T = np.diag(np.r_[sy, [sy / scale[t] for t in terms]])
    T[0, 1:] = [-sy / scale[t] * shift[t] for t in terms]
    coef = _mm(T, beta)
    coef[0] += shift[outcome]
    cov = _mm(_mm(T, cov), T.T)
    se = np.sqrt(np.diag(cov))
    tval = coef / se
    pval = 2 * stats.t.sf(np.abs(tval), df)
    crit = stats.t.ppf(0.5 + conf / 2, df)
    labels = ["constant", *terms]
    table = pd.DataFrame({"outcome": outcome, "term": labels, "coef": coef, "se": se, "t": tval,
                          "p_value": pval, "ci_low": coef - crit * se, "ci_high": coef + crit * se})
    r2 = 1 - sse / sst
    df1 = k - 1
    F = (r2 / df1) / ((1 - r2) / df) if df1 else np.nan
    if se_type == "hc3":  # PROCESS then reports the robust Wald F of the slopes
        wald, _ = _cholesky_solve(cov[None, 1:, 1:], coef[None, 1:])
        F = float(np.sum(coef[1:] * wald[0])) / df1
    summary = dict(outcome=outcome, r2=r2, mse=mse * sy ** 2, F=F, df1=df1, df2=df,
                   p_value=float(stats.f.sf(F, df1, df)) if df1 else np.nan, n=n)
    covframe = pd.DataFrame(cov[1:, 1:], index=terms, columns=terms)
    return table, summary, covframe, df


def _moderator_values(values, wv, func):
    if isinstance(values, str):
        check_choice(values, ("mean_sd", "percentiles"), func, "moderator_values")
        if np.unique(wv).size == 2:
            return np.unique(wv)
        if values == "mean_sd":
            mu, sd = wv.mean(), wv.std(ddof=1)
            return np.array([mu - sd, mu, mu + sd])
        return np.percentile(wv, [16, 50, 84])
    arr = np.asarray(values, dtype=float).ravel() if not isinstance(values, (dict, set)) else None
    if arr is None or arr.size == 0 or not np.isfinite(arr).all():
        raise ValueError(f"{func}: moderator_values must be 'mean_sd', 'percentiles' or finite "
                         f"numbers; got {values!r:.60}")
    return arr


def _moderated_path(res: ProcessResult, mj: str):
    """The moderated path of mediator ``mj``: its label, first-order and product
    coefficients, their covariances and the residual df."""
    outcome, first = (mj, res.x) if res.model == 7 else (res.y, mj)
    product = f"{first}*{res.w}"
    eq = res.equations[res.equations["outcome"] == outcome].set_index("term")["coef"]
    cov = res.covariance[outcome]
    df = res.model_summary.set_index("outcome").loc[outcome, "df2"]
    return (f"{first} → {outcome}", eq[first], eq[product], cov.loc[first, first],
            cov.loc[first, product], cov.loc[product, product], df)


def _slopes(res: ProcessResult, mj: str, values) -> pd.DataFrame:
    """Conditional slope of the moderated path (X → M in model 7, M → Y in model 14)."""
    from scipy import stats
    path, b1, b3, v11, v13, v33, df = _moderated_path(res, mj)
    wc = np.asarray(values, float) - res.equations.attrs["moderator_shift"]
    slope = b1 + b3 * wc
    se = np.sqrt(v11 + 2 * wc * v13 + wc ** 2 * v33)
    t = slope / se
    crit = stats.t.ppf(0.5 + res.conf / 2, df)
    return pd.DataFrame({"mediator": mj, "path": path, "w": np.asarray(values, float),
                         "slope": slope, "se": se, "t": t, "p_value": 2 * stats.t.sf(np.abs(t), df),
                         "ci_low": slope - crit * se, "ci_high": slope + crit * se})


def _johnson_neyman(res: ProcessResult, mj: str, w_obs: np.ndarray) -> pd.DataFrame:
    """Intervals of W (within its observed range) where the moderated slope is significant:
    the roots of (b1 + b3 w)² = t²_crit · var(b1 + b3 w) (Johnson & Neyman 1936; Hayes 2022,
    §7.4)."""
    from scipy import stats
    path, b1, b3, v11, v13, v33, df = _moderated_path(res, mj)
    shift = res.equations.attrs["moderator_shift"]
    t2 = stats.t.ppf(0.5 + res.conf / 2, df) ** 2
    qa, qb, qc = b3 ** 2 - t2 * v33, 2 * (b1 * b3 - t2 * v13), b1 ** 2 - t2 * v11
    lo, hi = float(w_obs.min()), float(w_obs.max())
    roots = []
    if abs(qa) > 1e-15:
        disc = qb ** 2 - 4 * qa * qc
        if disc >= 0:
            roots = sorted(((-qb + sg * np.sqrt(disc)) / (2 * qa)) + shift for sg in (-1, 1))
    elif abs(qb) > 1e-15:
        roots = [-qc / qb + shift]
    edges = [lo, *[r for r in roots if lo < r < hi], hi]
    mids = _slopes(res, mj, [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])])
    return pd.DataFrame({"mediator": mj, "path": path, "w_from": edges[:-1], "w_to": edges[1:],
                         "significant": (mids["p_value"] < 1 - res.conf).to_numpy(),
                         "share_of_data": [float(np.mean((w_obs >= a) & (w_obs <= b)))
                                           for a, b in zip(edges[:-1], edges[1:])]})


def _names(value, func, arg):
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise TypeError(f"{func}: {arg} must be a column name or a list of column names; got "
                    f"{value!r:.60}")


def process(data: pd.DataFrame, x: str, y: str, m, w: str | None = None, *, model: int = 4,
            covariates=(), boot: int = 5000, seed=None, center: bool = False,
            conf: float = 0.95, moderator_values="mean_sd", se: str = "ols") -> ProcessResult:
    """Mediation and moderated mediation with bootstrap intervals, as Hayes' PROCESS.

    Parameters
    ----------
    data : DataFrame
        One row per respondent; the columns below hold numbers: observed scale means
        (the mean of a construct's items) or latent scores (e.g. factor or PLS scores).
    x, y : str
        The antecedent X (自变量) and the outcome Y (因变量).
    m : str or list of str
        The mediator M (中介变量), or several parallel mediators.
    w : str, optional
        The moderator W (调节变量); required by models 7 and 14, refused by model 4.
    model : {4, 7, 14}, default=4
        PROCESS model (Hayes 2022, appendix A): 4 mediation; 7 W moderates X → M
        (first stage); 14 W moderates M → Y (second stage).
    covariates : list of str, default=()
        Control variables, entered in every equation (as PROCESS does).
    boot : int, default=5000
        Bootstrap resamples of respondents for the indirect effects (at least 200).
    seed : None, int or numpy Generator
        Seed of the bootstrap; the same seed gives the same intervals.
    center : bool, default=False
        Mean-centre the variables that form products (X and W in model 7, M and W in
        model 14) before forming them. Effects, indices and intervals do not change;
        the first-order coefficients become effects at the other variable's mean.
    conf : float, default=0.95
        Confidence level of every interval.
    moderator_values : "mean_sd", "percentiles" or list of float, default="mean_sd"
        Where conditional effects are probed: W's mean and ±1 SD, its 16th, 50th and 84th
        percentiles, or the given values (in W's units). A W with two values is probed
        at both.
    se : {"ols", "hc3"}, default="ols"
        Standard errors of the regression coefficients: the usual OLS ones, or
        heteroskedasticity-consistent HC3 (PROCESS's ``hc=3``; Long & Ervin 2000).

    Returns
    -------
    ProcessResult
        ``.equations`` (outcome, term, coef, se, t, p_value, ci_low, ci_high),
        ``.model_summary`` (R², MSE, F, df1, df2, p per outcome), ``.effects`` (direct
        and, in model 4, total effect of X with t-based intervals), ``.indirect``
        (mediator, moderator value ``w``, estimate, bootstrap ``se``, percentile
        ``ci_low``/``ci_high``; in model 4 also ``"total"`` over parallel mediators),
        ``.index_of_moderated_mediation``, ``.simple_slopes`` and ``.johnson_neyman``
        (models 7, 14), ``.draws`` (the bootstrap estimates), ``.params``, ``.summary()``
        and ``.slopes_at(values)``.

    Notes
    -----
    Hayes, A. F. (2022). *Introduction to mediation, moderation, and conditional process
    analysis* (3rd ed.). Guilford. With :math:`M = a_0 + a_1X + a_2W + a_3XW` and
    :math:`Y = c' X + b_1 M + b_2 W + b_3 MW` (only the terms of the model):

    * model 4: indirect effect :math:`ab`, total :math:`c = c' + \\sum_j a_j b_j`;
    * model 7: conditional indirect effect :math:`(a_1 + a_3 w) b_1`, index of moderated
      mediation :math:`a_3 b_1` (Hayes 2015, *Multivariate Behav. Res.* 50, 1-22);
    * model 14: :math:`a_1 (b_1 + b_3 w)`, index :math:`a_1 b_3`.

    An indirect effect is supported when its percentile bootstrap interval excludes zero
    (Preacher & Hayes 2008, *Behav. Res. Methods* 40, 879-891). The Johnson-Neyman
    boundaries solve :math:`(b_1 + b_3 w)^2 = t^2_{crit}\\,\\mathrm{Var}(b_1 + b_3 w)`
    within W's observed range.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> d = pd.DataFrame({"x": rng.normal(size=300)})
    >>> d["m"] = 0.5 * d["x"] + rng.normal(size=300)
    >>> d["y"] = 0.4 * d["m"] + 0.2 * d["x"] + rng.normal(size=300)
    >>> res = process(d, "x", "y", "m", boot=1000, seed=7)
    >>> res
    ProcessResult(model 4: simple / parallel mediation: X → M → Y;
      X=x, M=m, Y=y; n=300, 1000 bootstrap resamples, 95% percentile CI)
      direct: 0.07039 [-0.07998, 0.2208]
      total: 0.2912 [0.1538, 0.4286]
      indirect via m: 0.2208 [0.1501, 0.2981]
    """
    func = "process"
    check_frame(data, func)
    model = check_choice(model, list(PROCESS_MODELS), func, "model")
    for arg, value in (("x", x), ("y", y)):
        if not isinstance(value, str):
            raise TypeError(f"{func}: {arg} must be a column name (str); got {value!r:.60}")
    m = _names(m, func, "m")
    if not m:
        raise ValueError(f"{func}: m must name at least one mediator; got none")
    empty = covariates is None or (isinstance(covariates, (list, tuple)) and not covariates)
    covariates = () if empty else _names(covariates, func, "covariates")
    if model == 4 and w is not None:
        raise ValueError(f"{func}: model 4 has no moderator; got w={w!r} (use model 7 or 14)")
    if model != 4 and not isinstance(w, str):
        raise ValueError(f"{func}: model {model} needs a moderator column w; got {w!r}")
    roles = [x, y, *m, *([w] if w else []), *covariates]
    if len(set(roles)) != len(roles):
        raise ValueError(f"{func}: x, y, m, w and covariates must be different columns; got "
                         f"{roles}")
    check_numeric(data, roles, func)
    n_boot = check_int(boot, func, "boot", low=200, high=100_000)
    conf = check_number(conf, func, "conf", low=0.5, high=0.999)
    se = check_choice(se, ("ols", "hc3"), func, "se")
    if not isinstance(center, (bool, np.bool_)):
        raise TypeError(f"{func}: center must be True or False; got {center!r}")
    try:
        rng = as_generator(seed)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{func}: {exc}") from None
    frame = data[roles].astype(float)
    n = len(frame)
    if n < len(roles) + 5:
        raise ValueError(f"{func}: data must have at least {len(roles) + 5} rows for "
                         f"{len(roles)} variables; got {n}")
    flat = [c for c in roles if frame[c].std() == 0]
    if flat:
        raise ValueError(f"{func}: column {flat[0]!r} has no variance; a regression needs it")
    w_obs = frame[w].to_numpy() if w else None
    probe = _moderator_values(moderator_values, w_obs, func) if w else None

    # the variables that form products are centred when asked
    moved = {}
    if center and model != 4:
        for c in ([x, w] if model == 7 else [*m, w]):
            moved[c] = frame[c].mean()
            frame[c] = frame[c] - moved[c]
    eqs, y_terms = _equations(model, x, m, w, covariates)
    for terms in [*eqs.values(), y_terms]:
        for t in terms:
            if "*" in t and t not in frame:
                a, b = t.split("*")
                frame[t] = frame[a] * frame[b]
    names = list(frame.columns)
    # conditioning: the fit sees (v - shift) / scale; coefficients are mapped back
    shift = frame.mean()
    scale = frame.std(ddof=0)
    Z = ((frame - shift) / scale).to_numpy()

    equations, summaries, covs = [], [], {}
    for outcome, terms in [*eqs.items(), (y, y_terms)]:
        tab, summ, cov, _ = _ols_table(Z, names, outcome, terms, se, conf, scale, shift)
        equations.append(tab)
        summaries.append(summ)
        covs[outcome] = cov
    equations = pd.concat(equations, ignore_index=True)
    equations.attrs["moderator_shift"] = moved.get(w, 0.0)
    model_summary = pd.DataFrame(summaries)

    def coef(outcome, term):
        r = equations[(equations["outcome"] == outcome) & (equations["term"] == term)]
        return r.iloc[0]

    from scipy import stats
    effects = []
    direct = coef(y, x)
    effects.append(dict(effect="direct", estimate=direct["coef"], se=direct["se"],
                        ci_low=direct["ci_low"], ci_high=direct["ci_high"],
                        p_value=direct["p_value"]))
    if model == 4:
        tab, summ, cov, _ = _ols_table(Z, names, y, [x, *covariates], se, conf, scale, shift)
        t = tab.set_index("term").loc[x]
        effects.append(dict(effect="total", estimate=t["coef"], se=t["se"], ci_low=t["ci_low"],
                            ci_high=t["ci_high"], p_value=t["p_value"]))
    effects = pd.DataFrame(effects)

    # bootstrap: counts of each respondent in each resample
    idx = rng.integers(0, n, size=(n_boot, n))
    counts = np.bincount((idx * n_boot + np.arange(n_boot)[:, None]).ravel(),
                         minlength=n_boot * n).reshape(n, n_boot).astype(float)
    Mom = _moments(counts, np.column_stack([np.ones(n), Z]))
    boot_coef = {}
    for outcome, terms in [*eqs.items(), (y, y_terms)]:
        beta, _ = _fit(Mom, names, outcome, terms)
        for j, t in enumerate(terms):
            boot_coef[(outcome, t)] = beta[:, j + 1] * scale[outcome] / scale[t]
    w_shift = moved.get(w, 0.0)
    draws, point = {}, {}
    rows_ind, rows_imm = [], []
    for mj in m:
        a1, b1 = coef(mj, x)["coef"], coef(y, mj)["coef"]
        ba1, bb1 = boot_coef[(mj, x)], boot_coef[(y, mj)]
        if model == 4:
            draws[mj], point[mj] = ba1 * bb1, a1 * b1
            rows_ind.append((mj, np.nan))
            continue
        if model == 7:
            a3, ba3 = coef(mj, f"{x}*{w}")["coef"], boot_coef[(mj, f"{x}*{w}")]
            draws[f"index {mj}"], point[f"index {mj}"] = ba3 * bb1, a3 * b1
            for v in probe:
                key = f"{mj} at {w}={v:.6g}"
                draws[key] = (ba1 + ba3 * (v - w_shift)) * bb1
                point[key] = (a1 + a3 * (v - w_shift)) * b1
                rows_ind.append((mj, v))
        else:
            b3, bb3 = coef(y, f"{mj}*{w}")["coef"], boot_coef[(y, f"{mj}*{w}")]
            draws[f"index {mj}"], point[f"index {mj}"] = ba1 * bb3, a1 * b3
            for v in probe:
                key = f"{mj} at {w}={v:.6g}"
                draws[key] = ba1 * (bb1 + bb3 * (v - w_shift))
                point[key] = a1 * (b1 + b3 * (v - w_shift))
                rows_ind.append((mj, v))
        rows_imm.append(mj)
    if model == 4 and len(m) > 1:
        draws["total"] = sum(draws[mj] for mj in m)
        point["total"] = sum(point[mj] for mj in m)
        rows_ind.append(("total", np.nan))
    draws = pd.DataFrame(draws)
    bad = ~np.isfinite(draws.to_numpy()).all(axis=1)
    if bad.mean() > 0.01:
        raise ValueError(f"{func}: {int(bad.sum())} of {n_boot} bootstrap resamples gave a "
                         f"singular regression; a variable has too few distinct values")
    if bad.any():
        warnings.warn(f"{func}: {int(bad.sum())} of {n_boot} bootstrap resamples gave a singular "
                      f"regression and were left out", UserWarning, stacklevel=2)
    draws = draws[~bad].reset_index(drop=True)
    q = [(1 - conf) / 2, (1 + conf) / 2]

    def interval(key):
        d = draws[key].to_numpy()
        lo, hi = np.quantile(d, q)
        return dict(estimate=point[key], se=float(np.std(d, ddof=1)), ci_low=lo, ci_high=hi)

    indirect = pd.DataFrame([dict(mediator=mj, w=v, **interval(
        mj if np.isnan(v) else f"{mj} at {w}={v:.6g}")) for mj, v in rows_ind])
    imm = pd.DataFrame([dict(mediator=mj, **interval(f"index {mj}")) for mj in rows_imm],
                       columns=["mediator", "estimate", "se", "ci_low", "ci_high"])
    res = ProcessResult(model, x, y, m, w, tuple(covariates), n, int(len(draws)), conf, se,
                        bool(center), equations, model_summary, effects, indirect, imm,
                        pd.DataFrame(), pd.DataFrame(), draws, covs)
    if model != 4:
        slopes = pd.concat([_slopes(res, mj, probe) for mj in m], ignore_index=True)
        jn = pd.concat([_johnson_neyman(res, mj, w_obs) for mj in m], ignore_index=True)
        object.__setattr__(res, "simple_slopes", slopes)
        object.__setattr__(res, "johnson_neyman", jn)
    return res
