"""Charts for the lessons: one function per chart, each returns the matplotlib Axes.

Functions never call ``plt.show()``; pass ``ax`` to draw into an existing figure.
Each lesson keeps its charts in its own module here (``plots/<topic>.py`` with
``__all__``) and re-exports them with one line appended at the end of this file:
``from .<topic> import *  # noqa: F401,F403``. See CONTRIBUTING.md.
"""
from ._pareto import pareto_curve  # noqa: F401
from .identify import *  # noqa: F401,F403,E402
from .satisfaction import *  # noqa: F401,F403,E402
from .value import *  # noqa: F401,F403,E402
from .segment import *  # noqa: F401,F403,E402
from .lifecycle import *  # noqa: F401,F403,E402
