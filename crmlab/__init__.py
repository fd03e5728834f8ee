"""crmlab: a research and teaching workbench for industrial (B2B) CRM.

Modules
-------
datasets      : the synthetic industrial world, the case studies, loaders and the archive
identify      : customer identification: archive, Pareto / ABC, weights, scores, grades
satisfaction  : satisfaction index, reliability, drivers, importance-performance, PLS
value         : customer delivered value, supplier choice, what-if shares
segment       : RFM, clusters, customer pyramid, activity-based cost-to-serve, whale curve
lifecycle     : stages, cohorts, survival, churn models, customer lifetime value
kam           : key-account KPIs, key-account rules, receivables early warning
survey        : survey reports: Wilson shares, implied sample sizes, cross-tabs
report        : thesis-ready three-line tables (Word, Excel, LaTeX) and their interpretation
plots         : one chart per function, each returns the matplotlib Axes
teach         : exercise registry, answer checks and student copies
glossary      : English / Chinese terms of the CRM chain
"""
from importlib import import_module

__version__ = "0.1.0"
__all__ = ["datasets", "identify", "satisfaction", "value", "segment", "lifecycle", "kam",
           "survey", "report", "plots", "teach", "glossary", "__version__"]


def __getattr__(name):
    # Modules load on first use so that `import crmlab` stays as light as pandas.
    if name in __all__ and name != "__version__":
        return import_module(f"crmlab.{name}")
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}")
