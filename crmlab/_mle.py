"""Maximum-likelihood fitting that converges tightly and says what the data identify.

Shared by the fits of :mod:`crmlab.lifecycle` (BG/NBD, Gamma-Gamma) and the checks of
the statsmodels-based fits (ordinal, choice, hazard). Two promises:

- **Converged digits.** The optimum is polished with Newton steps until a step changes
  no parameter by more than ``STEP_TOLERANCE`` (relative), so every digit a result
  prints (four significant ones) is the data's, not the processor's.
- **Identification.** A likelihood that is flat in some direction (two parameters
  that grow together without bound, a parameter running to zero) does not have one
  maximum; the fit then names the parameters involved and what is still identified,
  instead of printing the optimizer's stopping point as if it were an estimate.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Largest relative change of any parameter in the last Newton step of a converged fit.
STEP_TOLERANCE = 1e-8
#: A direction whose curvature is below this share of the largest is flat.
FLAT_RATIO = 1e-8
#: Significant digits that result objects print.
DIGITS = 4


@dataclass(frozen=True)
class MLEstimate:
    """The optimum of a log-likelihood in log-parameters (internal)."""

    log_params: np.ndarray
    loglik: float
    hessian: np.ndarray  # of the negative log-likelihood, in log-parameters
    converged: bool
    last_step: float
    direction: np.ndarray  # where the parameters were still moving when the fit stopped


def hessian_from_gradient(gradient, x, step=1e-5) -> np.ndarray:
    """The Hessian as central differences of an analytic gradient, made symmetric."""
    steps = np.eye(len(x)) * step
    h = np.stack([(gradient(x + e) - gradient(x - e)) / (2 * step) for e in steps])
    return (h + h.T) / 2


def maximize(objective, start, *, max_newton: int = 50) -> MLEstimate:
    """Minimise ``objective(x) -> (negative loglik, gradient)`` over log-parameters.

    BFGS finds the region of the optimum; Newton steps on the Hessian (central
    differences of the analytic gradient) then converge quadratically until the last
    step is below :data:`STEP_TOLERANCE`. A step that does not lower the objective is
    halved. An objective with a ``hessian(x)`` method supplies its own Hessian (for one
    whose gradient is itself a difference). ``converged`` is False when the Hessian is not positive definite at the end
    (a flat or boundary optimum) or the steps do not shrink below the tolerance.
    """
    from scipy import optimize

    start = np.asarray(start, dtype=float)
    # BFGS on the objective scaled to about 1 at the start, so that its first step (along
    # the gradient) is of the order of the log-parameters whatever the sample size
    scale = 1 / max(1.0, abs(float(objective(start)[0])))
    if not np.isfinite(scale) or scale == 0:
        scale = 1.0

    def scaled(v):
        f, g = objective(v)
        return f * scale, np.asarray(g) * scale

    res = optimize.minimize(scaled, start, jac=True, method="BFGS",
                            options={"gtol": 1e-6, "maxiter": 5000})
    x, (f, g) = res.x, objective(res.x)
    hessian = getattr(objective, "hessian", None) or (
        lambda v: hessian_from_gradient(lambda u: objective(u)[1], v))
    step_size, direction = np.inf, -g
    for _ in range(max_newton):
        h = hessian(x)
        try:
            np.linalg.cholesky(h)
        except np.linalg.LinAlgError:
            break
        step = np.linalg.solve(h, g)
        step_size, direction = float(np.max(np.abs(step))), -step
        for _halving in range(30):
            f_new, g_new = objective(x - step)
            if f_new <= f + 1e-12 * max(1.0, abs(f)):
                break
            step = step / 2
        else:
            break
        x, f, g = x - step, f_new, g_new
        if step_size < STEP_TOLERANCE:
            break
    hessian = hessian(x)
    values, vectors = np.linalg.eigh(hessian)
    positive = bool(np.all(values > 0))
    if not positive:  # the direction of least curvature is where the likelihood is flat
        direction = vectors[:, 0]
    return MLEstimate(log_params=x, loglik=float(-f), hessian=hessian,
                      converged=positive and step_size < STEP_TOLERANCE, last_step=step_size,
                      direction=np.asarray(direction, dtype=float))


def running_off(estimate: MLEstimate, names, hints=None) -> list[tuple[tuple[str, ...], str]]:
    """For a fit whose Newton steps did not converge: the parameters still moving.

    Where a likelihood has a ridge (two parameters that can grow together) or rises
    towards a boundary, the optimizer stops wherever its tolerances and the processor's
    rounding leave it; the flat-curvature test may then miss it. The direction the last
    Newton step was taking names the parameters involved on every processor.
    """
    if estimate.converged:
        return []
    d = np.abs(estimate.direction)
    if not np.isfinite(d).all() or d.max() == 0:
        return [(tuple(names), "the optimizer did not converge")]
    involved = [n for n, v in zip(names, d) if v > 0.3 * d.max()]
    signs = {np.sign(v) for v, a in zip(estimate.direction, d) if a > 0.3 * d.max()}
    hint = (hints or {}).get(frozenset(involved))
    if len(involved) > 1 and len(signs) == 1:
        how = (f"{' and '.join(involved)} run off together: "
               + (hint or "only their ratio is identified"))
    else:
        how = (f"the likelihood keeps rising as {', '.join(involved)} "
               f"{'runs' if len(involved) == 1 else 'run'} off: the estimates are not a maximum")
    return [(tuple(involved), how)]


def flat_directions(hessian, names, hints=None) -> list[tuple[tuple[str, ...], str]]:
    """Say which parameters the likelihood does not pin down, from its curvature.

    Parameters
    ----------
    hessian : array, shape (k, k)
        Hessian of the negative log-likelihood at the optimum, in log-parameters (so that
        curvatures of parameters of different size compare).
    names : list of str
    hints : dict, optional
        Maps a frozenset of parameter names that grow together to a sentence saying what
        that means and what is still identified (default: "only their ratio is identified").

    Returns
    -------
    list of (names, message)
        One entry per flat direction (eigenvalue at most :data:`FLAT_RATIO` times the
        largest, or not positive): the parameters involved and a sentence; empty when
        every parameter is identified.
    """
    values, vectors = np.linalg.eigh(np.asarray(hessian, dtype=float))
    top = max(float(np.max(np.abs(values))), np.finfo(float).tiny)
    messages = []
    for value, vector in zip(values, vectors.T):
        if value > FLAT_RATIO * top:
            continue
        involved = [n for n, v in zip(names, vector) if abs(v) > 0.3]
        signs = {np.sign(v) for v in vector if abs(v) > 0.3}
        hint = (hints or {}).get(frozenset(involved))
        if len(involved) == 1:
            how = f"{involved[0]} is not identified: the likelihood is flat along it"
        elif len(signs) == 1:
            how = (f"{' and '.join(involved)} grow or shrink together without changing the "
                   f"likelihood: " + (hint or "only their ratio is identified"))
        else:
            how = (f"{' and '.join(involved)} trade off against each other without changing "
                   f"the likelihood: only their product is identified")
        messages.append((tuple(involved), how))
    # a set of parameters flat in as many directions as it has members is not identified at all
    merged = []
    for involved, how in messages:
        times = sum(other == involved for other, _ in messages)
        if times >= len(involved) > 1:
            how = f"{' and '.join(involved)} are not identified: the likelihood is flat in them"
        if (involved, how) not in merged:
            merged.append((involved, how))
    return merged


def boundary_parameters(log_params, names, *, limit: float = 12.0) -> list[str]:
    """Parameters whose estimate ran towards 0 or infinity (|log| beyond ``limit``)."""
    return [n for n, v in zip(names, log_params) if abs(v) > limit]


def warn_unidentified(func: str, messages, advice: str) -> None:
    """Raise one UserWarning that lists what the data do not identify and what to do."""
    if messages:
        warnings.warn(f"{func}: the data do not identify every parameter: "
                      f"{'; '.join(messages)}. {advice}", UserWarning, stacklevel=3)


def significant(value, digits: int = DIGITS) -> str:
    """A number with ``digits`` significant digits (the repr of every fitted result)."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def round_significant(values, digits: int = DIGITS):
    """Round a Series or DataFrame of floats to ``digits`` significant digits."""
    def one(x):
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            mag = np.where((x != 0) & np.isfinite(x), np.floor(np.log10(np.abs(x))), 0)
        factor = 10.0 ** (digits - 1 - mag)
        return np.where(np.isfinite(x), np.round(x * factor) / factor, x)

    if isinstance(values, pd.DataFrame):
        return values.apply(lambda col: pd.Series(one(col), index=col.index, name=col.name))
    return pd.Series(one(values), index=values.index, name=values.name)


def check_fit(func: str, result, names, *, advice: str, hessian=None) -> list[str]:
    """Warn when a statsmodels maximum-likelihood fit did not converge or is not identified.

    Parameters
    ----------
    func : str
        The crmlab function that fitted, named in the warning.
    result : statsmodels results object
        With ``mle_retvals`` (when the optimizer reports) and ``model.hessian``.
    names : list of str
        Parameter names, in the order of ``result.params``.
    advice : str
        What the user can do, appended to the warning.
    hessian : array, optional
        Hessian of the log-likelihood at the estimate (default: ``result.model.hessian``).

    Returns
    -------
    list of str
        The problems found (empty when the fit converged and every parameter is identified).
    """
    problems = []
    retvals = getattr(result, "mle_retvals", None) or {}
    if retvals.get("converged") is False:
        problems.append(f"the optimizer stopped after {retvals.get('iterations', '?')} "
                        f"iterations without converging")
    params = np.asarray(result.params, dtype=float)
    if hessian is None:
        hessian = result.model.hessian(params)
    information = -np.asarray(hessian, dtype=float)
    score = np.asarray(result.model.score(params), dtype=float)
    if not (np.isfinite(information).all() and np.isfinite(score).all()):
        problems.append("the likelihood's curvature is not finite at the estimate")
    else:
        problems += [how for _, how in flat_directions(information, list(names))]
        # At a maximum a Newton step goes nowhere; a long one means the likelihood still
        # rises as the estimates run away (separation, a level without events).
        step = np.linalg.pinv(information) @ score
        running = [n for n, d, v in zip(names, step, params) if abs(d) > 1e-3 * max(1, abs(v))]
        if running and not problems:
            problems.append(f"the likelihood keeps rising as {', '.join(map(str, running))} "
                            f"{'runs' if len(running) == 1 else 'run'} off: the estimates are "
                            f"not a maximum and their standard errors mean nothing")
    if problems:
        warnings.warn(f"{func}: {'; '.join(problems)}. {advice}", UserWarning, stacklevel=3)
    return problems


@contextmanager
def statsmodels_silenced():
    """Hold back statsmodels' convergence and Hessian warnings: :func:`check_fit` says the
    same, naming the crmlab function and the parameters involved."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", HessianInversionWarning)
        yield
