"""Charts for the lessons: one function per chart, each returns the matplotlib Axes.

Functions never call ``plt.show()``; pass ``ax`` to draw into an existing figure.
Each lesson's charts live in their own module here and are re-exported below.
"""
from ._pareto import pareto_curve

__all__ = ["pareto_curve"]
