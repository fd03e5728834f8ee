"""Charts for the lessons: one function per chart, each returns the matplotlib Axes.

Functions never call ``plt.show()``; pass ``ax`` to draw into an existing figure.
Each lesson keeps its charts in its own module here, ``plots/<topic>.py`` with
``__all__``, re-exported below in lesson order (see CONTRIBUTING.md).

Every chart takes ``language="en"`` or ``"zh"`` (中文) for its titles, axes and legends;
``set_language("zh")`` sets it for all. Colours come from one colour-blind-safe palette
(Okabe-Ito, ``PALETTE``); money axes are in million CNY (万元 in Chinese).
"""
from . import _pareto, identify, lifecycle, satisfaction, segment, value
from ._base import PALETTE, CJKFontWarning, cjk_font, get_language, set_language
from ._pareto import *  # noqa: F401,F403
from .identify import *  # noqa: F401,F403
from .satisfaction import *  # noqa: F401,F403
from .value import *  # noqa: F401,F403
from .segment import *  # noqa: F401,F403
from .lifecycle import *  # noqa: F401,F403

__all__ = [*_pareto.__all__, *identify.__all__, *satisfaction.__all__, *value.__all__,
           *segment.__all__, *lifecycle.__all__]
