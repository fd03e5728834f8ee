"""The lessons' exercises, one module per lesson (``lesson00.py`` ...).

Importing this package registers every exercise in :mod:`crmlab.teach`; teach
does so on its first lookup. A new lesson adds its own ``lessonNN.py``;
CONTRIBUTING.md says how a lesson is added and tested.
"""
from importlib import import_module
from pkgutil import iter_modules

for _module in sorted(m.name for m in iter_modules(__path__) if m.name.startswith("lesson")):
    import_module(f"{__name__}.{_module}")
