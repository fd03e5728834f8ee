"""Sphinx configuration of the crmlab lesson website (``make site``).

The source tree is assembled by ``site/assemble.py`` into ``build/site-src``: these
pages, the committed notebooks (rendered, never re-executed), their student copies,
the data cards, the glossary and the API reference.
"""
import crmlab

project = "crmlab"
author = "the crmlab team"
copyright = "2026, the crmlab team"
version = release = crmlab.__version__
language = "en"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "downloads/**"]

# Lessons are shown with the outputs committed and tested by nbval, not run again.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["misc.highlighting_failure"]

autodoc_typehints = "none"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "sphinx_book_theme"
html_title = "crmlab · 工业品客户关系管理"
html_theme_options = {"show_navbar_depth": 1, "home_page_in_toc": True,
                      "use_download_button": True}
# MathJax is loaded from a CDN when a reader opens a page; the build needs no network.
