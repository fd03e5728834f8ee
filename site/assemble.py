"""Assemble the source tree of the lesson website, for Sphinx (``make site``).

    python site/assemble.py build/site-src

Writes into the folder given: this folder's pages and ``conf.py``; every committed
lesson (rendered as committed, never re-executed) with a first cell that links the
notebook and its student copy, both shipped as downloads; the data cards of the world
and the cases; the glossary (English and Chinese) from :mod:`crmlab.glossary`; and an
API reference page per module of ``crmlab.__all__`` from the docstrings.
"""
from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import nbformat

import crmlab
from crmlab import glossary, teach

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = ("shrimp_feed", "power_accounts", "sme_survey", "maintenance_contracts", "kano_survey")
#: The published (real) data sets shipped for lesson 10, each with its data card.
PUBLISHED = ("cdnow", "ecsi_mobi")


def lesson_links(name: str) -> str:
    return (f"*Run it yourself:* {{download}}`the lesson notebook <../downloads/{name}>` "
            f"(with solutions) · {{download}}`the student copy <../downloads/student/{name}>` "
            f"(exercises without solutions; {{doc}}`how to set up <../index>`).")


def lessons(out: Path) -> list[str]:
    (out / "lessons").mkdir()
    (out / "downloads" / "student").mkdir(parents=True)
    names = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        shutil.copy(path, out / "downloads" / path.name)
        teach.make_student_copy(path, out / "downloads" / "student" / path.name)
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(lesson_links(path.name)))
        nbformat.write(nb, out / "lessons" / path.name)
        names.append(f"lessons/{path.stem}")
    return names


def data_cards(out: Path) -> None:
    (out / "data").mkdir()
    shutil.copy(ROOT / "datasets" / "README.md", out / "data" / "world.md")
    for case in CASES + PUBLISHED:
        shutil.copy(ROOT / "datasets" / case / "README.md", out / "data" / f"{case}.md")


def glossary_page(out: Path) -> None:
    table = glossary.terms()
    lines = ["# Glossary · 术语表", "",
             "The terms of the CRM chain in English and Chinese, as the lessons use them "
             "(`crmlab.glossary.lookup(...)` finds one from either language).", ""]
    for topic, rows in table.groupby("topic", observed=True, sort=False):
        lines += [f"## {topic}", "", "| term | 中文 | definition |", "| --- | --- | --- |"]
        lines += [f"| {r.term} | {r.chinese} | {r.definition} |" for r in rows.itertuples()]
        lines.append("")
    (out / "glossary.md").write_text("\n".join(lines), encoding="utf-8")


def constant_doc(module: str, member: str) -> list[str]:
    """The ``#:`` comment of a module-level constant, looked up in the crmlab module
    that defines it."""
    from sphinx.pycode import ModuleAnalyzer

    obj = getattr(importlib.import_module(module), member)
    candidates = [module] + sorted(m for m in list(sys.modules) if m.startswith("crmlab")
                                   and getattr(sys.modules[m], member, None) is obj)
    for name in candidates:
        try:
            docs = ModuleAnalyzer.for_module(name).find_attr_docs()
        except Exception:  # a compiled or source-less module has no comments to read
            continue
        if ("", member) in docs:
            return [line for line in docs[("", member)] if line.strip()]
    raise ValueError(f"assemble: give {module}.{member} a '#:' comment where it is defined")


def api_pages(out: Path) -> None:
    (out / "api").mkdir()
    modules = [m for m in crmlab.__all__ if m != "__version__"]
    index = ["# API reference", "",
             "Every public name of each module, from its docstring.", "",
             "```{toctree}", ":maxdepth: 1", "", *modules, "```", ""]
    (out / "api" / "index.md").write_text("\n".join(index), encoding="utf-8")
    for name in modules:
        module = importlib.import_module(f"crmlab.{name}")
        page = [f"# crmlab.{name}", "", "```text", (module.__doc__ or "").strip(), "```", ""]
        for member in module.__all__:
            obj = getattr(module, member)
            if isinstance(obj, type):
                page += ["```{eval-rst}", f".. autoclass:: crmlab.{name}.{member}",
                         "   :members:", "```", ""]
            elif callable(obj):
                page += ["```{eval-rst}", f".. autofunction:: crmlab.{name}.{member}", "```", ""]
            else:  # a constant: its ``#:`` comment where it is defined
                page += ["```{eval-rst}", f".. py:data:: crmlab.{name}.{member}", "",
                         *(f"   {line}" for line in constant_doc(f"crmlab.{name}", member)),
                         "```", ""]
        (out / "api" / f"{name}.md").write_text("\n".join(page), encoding="utf-8")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(HERE / "conf.py", out / "conf.py")
    names = lessons(out)
    index = (HERE / "index.md").read_text(encoding="utf-8")
    (out / "index.md").write_text(index.replace("{{ lessons }}", "\n".join(names)),
                                  encoding="utf-8")
    data_cards(out)
    glossary_page(out)
    api_pages(out)
    cards = len(CASES) + len(PUBLISHED) + 1
    print(f"assemble: {len(names)} lessons, {cards} data cards, the glossary and "
          f"{len(crmlab.__all__) - 1} API pages in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
