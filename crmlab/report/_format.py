"""Numbers as a thesis prints them: decimals, p-values, stars and the leading zero."""
from __future__ import annotations

import math

import numpy as np

from .._validate import check_choice, check_int

__all__ = ["STYLES", "STAR_LEVELS", "format_number", "format_p", "stars", "star_legend"]

#: The two conventions and where each comes from. ``"apa"``: APA Publication Manual, 7th
#: ed. (2020), §6.36 (no zero before the decimal point of a statistic that cannot exceed
#: 1, such as a correlation, a proportion or a p-value) and §6.43 (exact p to three
#: decimals, below .001 as "p < .001"). ``"plain"``: a zero before every decimal point
#: (BIPM, *The International System of Units*, 9th ed. 2019, §5.4.4), p below 0.001 as
#: "<0.001", as Chinese journals print them.
STYLES = {
    "apa": "APA 7th ed. §6.36, §6.43: no leading zero for values bounded by 1 "
           "(r, p, alpha, R², KMO, AVE, CR); p < .001",
    "plain": "BIPM SI Brochure 9th ed. §5.4.4: a zero before every decimal point; p <0.001",
}

#: Significance stars, strictest first: (p below, stars). APA 7th ed. §7.14 (probability
#: notes) uses exactly these three levels.
STAR_LEVELS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))


def _finite(value, func: str, arg: str) -> float | None:
    """A real number, or None for a missing one (NaN, None, pd.NA); text refused."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        try:
            import pandas as pd
            if value is pd.NA:
                return None
        except ImportError:  # pragma: no cover
            pass
        raise TypeError(f"{func}: {arg} must be a number; got {type(value).__name__} {value!r:.40}")
    value = float(value)
    return None if math.isnan(value) else value


def check_option(value, options, func: str, arg: str) -> str:
    """Require one of a few option strings (a non-string is a TypeError, not a pandas one)."""
    options = tuple(options)
    if not isinstance(value, str):
        raise TypeError(f"{func}: {arg} must be one of {list(options)}; got "
                        f"{type(value).__name__}")
    return check_choice(value, options, func, arg)


def _check_style(style, func: str) -> str:
    return check_option(style, STYLES, func, "style")


def format_number(value, decimals: int = 3, *, bounded: bool = False, style: str = "apa",
                  missing: str = "—") -> str:
    """One number as a thesis table prints it.

    Parameters
    ----------
    value : float
        The number; NaN or None prints ``missing``.
    decimals : int, default=3
        Decimal places (0 to 6); 2 or 3 is usual.
    bounded : bool, default=False
        True for a statistic that cannot exceed 1 in absolute value (a correlation,
        Cronbach's alpha, R², KMO, AVE, a proportion). In the ``"apa"`` style its leading
        zero is dropped (APA 7th ed. §6.36); a value beyond ±1 keeps it.
    style : {"apa", "plain"}, default="apa"
        See :data:`STYLES`.
    missing : str, default="—"
        What a missing value prints (APA: a dash for a cell that has no value).

    Returns
    -------
    str
        The number with a true minus sign (U+2212) and infinities as ∞.

    Examples
    --------
    >>> format_number(0.8712, 2, bounded=True), format_number(0.8712, 2, style="plain")
    ('.87', '0.87')
    >>> format_number(-0.0432), format_number(1234.5, 1)
    ('−0.043', '1234.5')
    """
    func = "format_number"
    x = _finite(value, func, "value")
    decimals = check_int(decimals, func, "decimals", low=0, high=6)
    _check_style(style, func)
    if not isinstance(missing, str):
        raise TypeError(f"{func}: missing must be a str; got {type(missing).__name__}")
    if x is None:
        return missing
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{x:.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":  # -0.000 prints as 0.000
        text = text.lstrip("-")
    if bounded and style == "apa" and abs(x) < 1 and text.lstrip("-").startswith("0."):
        text = text.replace("0.", ".", 1)
    return text.replace("-", "−")


def format_p(p, decimals: int = 3, *, style: str = "apa", missing: str = "—") -> str:
    """A p-value as a thesis prints it: exact to ``decimals``, and below .001 as "< .001".

    Parameters
    ----------
    p : float
        A probability in [0, 1].
    decimals : int, default=3
        2 or 3 (APA 7th ed. §6.43 reports exact p to two or three decimals).
    style : {"apa", "plain"}, default="apa"
        ``"apa"``: ".012", "< .001"; ``"plain"``: "0.012", "<0.001".
    missing : str, default="—"

    Examples
    --------
    >>> format_p(0.0004), format_p(0.0123)
    ('< .001', '.012')
    >>> format_p(0.0004, style="plain"), format_p(0.0123, style="plain")
    ('<0.001', '0.012')
    """
    func = "format_p"
    x = _finite(p, func, "p")
    decimals = check_int(decimals, func, "decimals", low=2, high=3)
    _check_style(style, func)
    if x is None:
        return missing
    if not 0 <= x <= 1:
        raise ValueError(f"{func}: p must be a probability in [0, 1]; got {p!r}")
    floor = 10.0 ** -decimals
    if x < floor:
        return f"< .{'0' * (decimals - 1)}1" if style == "apa" else f"<0.{'0' * (decimals - 1)}1"
    return format_number(x, decimals, bounded=True, style=style)


def stars(p) -> str:
    """Significance stars of a p-value: "***" below .001, "**" below .01, "*" below .05.

    Examples
    --------
    >>> [stars(p) for p in (0.0004, 0.004, 0.04, 0.4)]
    ['***', '**', '*', '']
    """
    x = _finite(p, "stars", "p")
    if x is None:
        return ""
    if not 0 <= x <= 1:
        raise ValueError(f"stars: p must be a probability in [0, 1]; got {p!r}")
    return next((mark for level, mark in STAR_LEVELS if x < level), "")


def star_legend(language: str = "en", style: str = "apa") -> str:
    """The probability note that explains the stars (APA 7th ed. §7.14).

    Examples
    --------
    >>> star_legend()
    '* p < .05. ** p < .01. *** p < .001.'
    >>> star_legend("zh")
    '* p<0.05，** p<0.01，*** p<0.001。'
    """
    check_option(language, ("en", "zh"), "star_legend", "language")
    _check_style(style, "star_legend")
    levels = sorted(STAR_LEVELS, key=lambda pair: -pair[0])
    if language == "zh":
        return "，".join(f"{mark} p<{level:g}" for level, mark in levels) + "。"
    text = (lambda v: f"{v:g}".replace("0.", ".", 1)) if style == "apa" else (lambda v: f"{v:g}")
    return " ".join(f"{mark} p < {text(level)}." for level, mark in levels)
