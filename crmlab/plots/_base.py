"""What every chart shares: the Axes, the palette, the language, the CJK font, money axes
and a label placer that keeps texts apart.

The palette is Okabe & Ito's (2008), whose eight colours stay distinct for the common
forms of colour blindness; every chart takes its colours from here.
"""
from __future__ import annotations

import functools
import os
import warnings

import numpy as np

from .._validate import check_choice

__all__ = ["PALETTE", "set_language", "get_language", "cjk_font", "CJKFontWarning"]

# --- colours ------------------------------------------------------------------------------
#: Okabe-Ito colours, in the order charts use them for series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")
BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK = PALETTE
GREY = "#8c8c8c"
#: What a colour means across the charts: the main series, the one to look at, better
#: than expected, worse than expected, reference lines.
MAIN, HIGHLIGHT, GOOD, BAD, NEUTRAL = BLUE, VERMILION, GREEN, VERMILION, GREY
#: Colour maps: one sequential (counts, shares) and one diverging (above / below a centre),
#: both readable with colour blindness.
SEQUENTIAL, DIVERGING = "Blues", "RdBu_r"


def series_color(k: int) -> str:
    """The k-th colour of the palette, cycling."""
    return PALETTE[k % len(PALETTE)]


def current_axes(ax=None):
    """``ax`` itself, or the current matplotlib Axes when ``ax`` is None."""
    import matplotlib.pyplot as plt

    return ax if ax is not None else plt.gca()


# --- language -----------------------------------------------------------------------------
LANGUAGES = ("en", "zh")
_SETTINGS = {"language": "en"}


def set_language(language: str) -> None:
    """Set the language of every chart's titles, axes and legends: "en" or "zh" (中文).

    A chart's own ``language=`` argument overrides it for that call. Chinese labels use
    a CJK font when one is installed (see :func:`cjk_font`).

    Parameters
    ----------
    language : {"en", "zh"}

    Examples
    --------
    >>> from crmlab import plots
    >>> plots.set_language("zh")
    >>> plots.get_language()
    'zh'
    >>> plots.set_language("en")
    """
    _SETTINGS["language"] = check_choice(language, LANGUAGES, "set_language", "language")


def get_language() -> str:
    """The language charts use when a call gives none ("en" unless :func:`set_language` changed it)."""
    return _SETTINGS["language"]


def resolve_language(language, func: str) -> str:
    """``language`` checked, or the global setting when it is None."""
    if language is None:
        return _SETTINGS["language"]
    return check_choice(language, LANGUAGES, func, "language")


# --- CJK font -----------------------------------------------------------------------------
#: Families with Chinese glyphs, the preferred first: Linux (Noto, Source Han, WenQuanYi),
#: macOS (PingFang, Hiragino, Heiti), Windows (Microsoft YaHei, SimHei).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR",
                "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
                "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "Noto Serif CJK SC",
                "Source Han Serif SC", "AR PL UMing CN", "Droid Sans Fallback")
# Pieces of file names of those fonts, to find one installed after matplotlib built its cache.
_CJK_FILES = ("notosanscjk", "notoserifcjk", "notosanssc", "sourcehan", "wqy", "msyh", "pingfang",
              "hiragino", "simhei", "stheiti", "droidsansfallback", "uming")

INSTALL_HINT = ("install one and restart Python: on Debian/Ubuntu `sudo apt-get install "
                "fonts-noto-cjk` (Fedora: `sudo dnf install google-noto-sans-cjk-fonts`); macOS "
                "and Windows ship one (PingFang SC, Microsoft YaHei), else install Noto Sans CJK "
                "SC from https://github.com/notofonts/noto-cjk. If matplotlib still does not see "
                "it, delete its font cache (the fontlist-*.json in matplotlib.get_cachedir()).")


class CJKFontWarning(UserWarning):
    """Chinese labels were asked for, but no font with Chinese glyphs is installed."""


@functools.cache
def cjk_font() -> str | None:
    """Name of an installed font family with Chinese glyphs, or None.

    matplotlib's font list is searched first; when it has none, the system's font files
    are looked at once (a font installed after matplotlib built its cache is added).

    Returns
    -------
    str or None
        The first of :data:`CJK_FAMILIES` found, e.g. ``"Noto Sans CJK JP"``.

    Examples
    --------
    >>> name = cjk_font()  # e.g. 'Noto Sans CJK JP', or None without a CJK font
    """
    from matplotlib import font_manager

    def first():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((n for n in CJK_FAMILIES if n in names), None)

    found = first()
    if found is None:
        for path in font_manager.findSystemFonts():
            name = os.path.basename(path).lower().replace("-", "").replace("_", "")
            if any(piece in name for piece in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = first()
    return found


_WARNED = {"cjk": False}


def use_language_font(axes, language: str) -> None:
    """Let every text of ``axes`` (a list of Axes) fall back to a CJK font for Chinese.

    English glyphs still come from the text's own font; only characters it lacks are
    taken from the CJK font. Without a CJK font, warn once how to install one.
    """
    if language != "zh":
        return
    font = cjk_font()
    if font is None:
        if not _WARNED["cjk"]:
            _WARNED["cjk"] = True
            warnings.warn("crmlab.plots: Chinese labels need a font with Chinese glyphs and none "
                          "is installed, so they are drawn as empty boxes; " + INSTALL_HINT,
                          CJKFontWarning, stacklevel=3)
        return
    from matplotlib.text import Text

    for ax in axes:  # Axes, or single texts
        for text in ax.findobj(Text):
            families = [f for f in text.get_fontfamily() if f != font]
            text.set_fontfamily([*families, font])


# --- money --------------------------------------------------------------------------------
_MONEY_UNITS = {  # language: (scale, unit), the largest that the biggest value reaches
    "en": ((1e9, "billion CNY"), (1e6, "million CNY"), (1e3, "thousand CNY"), (1.0, "CNY")),
    "zh": ((1e8, "亿元"), (1e4, "万元"), (1.0, "元")),
}


def money_unit(largest: float, language: str = "en") -> tuple[float, str]:
    """Scale and unit for money whose largest absolute amount is ``largest`` CNY.

    Examples
    --------
    >>> money_unit(6.2e7), money_unit(6.2e7, "zh")
    ((1000000.0, 'million CNY'), (10000.0, '万元'))
    """
    largest = abs(float(largest)) if np.isfinite(largest) else 0.0
    for scale, unit in _MONEY_UNITS[language]:
        if largest >= scale:
            return scale, unit
    return _MONEY_UNITS[language][-1]


def money_axis(axis, largest: float, language: str = "en") -> str:
    """Write the ticks of ``axis`` (``ax.xaxis``, ``ax.yaxis`` or a colorbar's) in a
    readable money unit instead of CNY with a "1e7" offset; returns the unit for the label.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar([1, 2], [2.5e7, 6e7])
    >>> money_axis(ax.yaxis, 6e7)
    'million CNY'
    >>> ax.yaxis.get_major_formatter()(4e7, 0)
    '40'
    >>> plt.close(fig)
    """
    from matplotlib.ticker import FuncFormatter

    scale, unit = money_unit(largest, language)
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / scale:,.6g}"))
    return unit


def format_money(amount: float, scale: float) -> str:
    """``amount`` in units of ``scale``: three significant digits, whole units from 100 on.

    Examples
    --------
    >>> format_money(1.234e6, 1e6), format_money(2.0712e7, 1e4)
    ('1.23', '2,071')
    """
    value = amount / scale
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


# --- keeping texts apart ------------------------------------------------------------------
def text_box(text, renderer):
    """Window extent of a Text or Annotation's text alone (not its arrow)."""
    from matplotlib.text import Text

    return Text.get_window_extent(text, renderer)


def place_text(text, candidates, taken, renderer, frame=None, *, set_position):
    """Move ``text`` to the first candidate where it overlaps nothing in ``taken``.

    ``set_position(text, candidate)`` puts the text at a candidate. A candidate counts only
    when the text stays inside ``frame`` (a Bbox, e.g. the Axes). When none is free the
    text goes where it overlaps the least. The chosen box is appended to ``taken``.
    """
    best, best_cost = None, np.inf
    for candidate in candidates:
        set_position(text, candidate)
        box = text_box(text, renderer)
        inside = frame is None or (frame.x0 <= box.x0 and box.x1 <= frame.x1
                                   and frame.y0 <= box.y0 and box.y1 <= frame.y1)
        cost = sum(_overlap_area(box, other) for other in taken) + (0 if inside else 1e9)
        if cost == 0:
            taken.append(box)
            return candidate
        if cost < best_cost:
            best, best_cost = candidate, cost
    set_position(text, best)
    taken.append(text_box(text, renderer))
    return best


def _overlap_area(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def place_point_labels(ax, names, xs, ys, obstacles=(), *, fontsize="small", arrows=True,
                       fontweights=None, language="en"):
    """Annotate each point with its name where the text overlaps no other label, point or
    obstacle text: the first free place among offsets right, left, above and below."""
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = ax.transData.transform(np.column_stack([xs, ys]))
    taken = [text_box(t, renderer) for t in obstacles]
    taken += [Bbox.from_extents(px - 4, py - 4, px + 4, py + 4) for px, py in points]
    steps = [0] + [s * k for k in range(1, 25) for s in (1, -1)]
    candidates = [(dx, 2 + 11 * k, ha) for k in steps for dx, ha in ((6, "left"), (-6, "right"))]

    def move(label, candidate):
        dx, dy, ha = candidate
        label.set_horizontalalignment(ha)
        label.xyann = (dx, dy)
        label.update_positions(renderer)

    labels = []
    for i, (name, x, y) in enumerate(zip(names, xs, ys)):
        label = ax.annotate(str(name), (x, y), xytext=(6, 2), textcoords="offset points",
                            fontsize=fontsize, va="bottom",
                            fontweight=fontweights[i] if fontweights is not None else "normal",
                            arrowprops=dict(arrowstyle="-", color=GREY, lw=0.5) if arrows else None)
        use_language_font([label], language)  # before measuring: the font sets its size
        place_text(label, candidates, taken, renderer, frame, set_position=move)
        labels.append(label)
    return labels


def percent_axes(ax, which: str = "xy") -> None:
    """Write shares (0 to 1) on the x and/or y axis as percentages."""
    from matplotlib.ticker import PercentFormatter

    if "x" in which:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    if "y" in which:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
