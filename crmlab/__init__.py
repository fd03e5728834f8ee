"""crmlab: a research and teaching workbench for industrial (B2B) CRM.

Modules
-------
datasets  : the synthetic industrial world, loaders and the shipped archive
glossary  : English / Chinese terms of the CRM chain
plots     : one chart per function, each returns the matplotlib Axes
teach     : exercise registry, answer checks and student copies
"""
from importlib import import_module

__version__ = "0.1.0"
__all__ = ["datasets", "glossary", "plots", "teach", "__version__"]


def __getattr__(name):
    # Modules load on first use so that `import crmlab` stays as light as pandas.
    if name in __all__ and name != "__version__":
        return import_module(f"crmlab.{name}")
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}")
