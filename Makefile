# crmlab: two commands do everything on a machine with python3 and GNU make.
#
#   make lab    set up .venv and open JupyterLab on notebooks/
#   make test   set up .venv and run the unit tests and every notebook (nbval, strict)
#
# Setup is a stamp file: pip runs only when pyproject.toml is newer than the stamp.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CACHE  := $(CURDIR)/.cache

# A deterministic, home-independent environment for Jupyter, IPython and matplotlib:
# no user config, kernelspec or matplotlibrc from $HOME leaks into a run.
export JUPYTER_CONFIG_DIR  := $(CACHE)/jupyter/config
export JUPYTER_DATA_DIR    := $(CACHE)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(CACHE)/jupyter/runtime
export IPYTHONDIR          := $(CACHE)/ipython
export MPLCONFIGDIR        := $(CACHE)/matplotlib
export PYTHONHASHSEED      := 0
# Worlds generated for other seeds (load_world(seed=...)) are cached here.
export CRMLAB_CACHE        := $(CACHE)/crmlab
# Silence the debugger's "frozen modules" warning that kernels print on start.
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# The backend is deliberately not exported: kernels must keep ipykernel's inline
# backend (set only when MPLBACKEND is empty) so notebooks show and commit their
# figures. The pytest process itself uses Agg, set in tests/conftest.py.
unexport MPLBACKEND

# JupyterLab refuses to run as root (CI does) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help setup lab test notebooks bench student site browser-deps clean distclean

help:
	@echo "make lab        set up .venv and open JupyterLab on notebooks/"
	@echo "make test       set up .venv and run unit tests + every notebook (nbval), twice for the notebooks"
	@echo "make notebooks  re-execute every notebook in place, top to bottom"
	@echo "make bench      run the benchmarks (benchmarks/README.md)"
	@echo "make student    write student copies without solutions to student/"
	@echo "make site       build the lesson website into build/site (open build/site/index.html)"
	@echo "make browser-deps  install Chromium, chromedriver and a CJK font (Debian/Ubuntu, as root)"
	@echo "make clean      remove caches and generated copies (distclean: also .venv)"

# uv installs in seconds what pip installs in a minute or more; it is itself installed
# from PyPI into the venv. Where that fails, or with `make lab INSTALLER=pip`, pip does.
INSTALLER ?= uv
# $(call install,EXTRAS): install crmlab with those extras into the venv.
comma := ,
define install
	@if [ "$(INSTALLER)" = uv ] && $(BIN)/python -m pip install -q --disable-pip-version-check uv 2>/dev/null \
	    && $(BIN)/uv pip install --python $(BIN)/python -e ".[$(1)]"; then :; else \
	    if [ "$(INSTALLER)" = uv ]; then echo "crmlab: uv is not available here; installing with pip"; fi; \
	    $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e ".[$(1)]"; fi
endef

$(STAMP): pyproject.toml jupyter/overrides.json
	@test -x $(BIN)/python || { echo "crmlab: creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "crmlab: installing crmlab and its dependencies into $(VENV) (the first time takes about a minute)"
	$(call install,test)
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

setup: $(STAMP)

# Opens on lesson 00; jupyter/overrides.json turns off JupyterLab's news prompt.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/00_welcome.ipynb $(ALLOW_ROOT)

# The second line runs the notebooks again under another processor's arithmetic
# (tests/other_cpu.py): committed outputs must not depend on the CPU.
test: $(STAMP)
	$(BIN)/python -m pytest --doctest-modules --nbval --nbval-sanitize-with notebooks/sanitize.cfg tests notebooks crmlab
	$(BIN)/python tests/other_cpu.py

notebooks: $(STAMP)
	$(if $(NOTEBOOKS),,@echo "no notebooks/*.ipynb to execute"; exit 1)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 \
	    --ExecutePreprocessor.timeout=600 \
	    --ExecutePreprocessor.record_timing=False \
	    $(NOTEBOOKS)

# Every benchmark runs even when one misses a target; then make fails.
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[bench]"
	status=0; \
	$(BIN)/python benchmarks/bench_world.py || status=1; \
	$(BIN)/python benchmarks/bench_notebooks.py || status=1; \
	$(BIN)/python benchmarks/bench_bgnbd.py || status=1; \
	$(BIN)/python benchmarks/bench_clv_models.py || status=1; \
	$(BIN)/python benchmarks/bench_import.py || status=1; \
	$(BIN)/python benchmarks/bench_aggregation.py || status=1; \
	$(BIN)/python benchmarks/bench_archive.py || status=1; \
	$(BIN)/python benchmarks/bench_pls.py || status=1; \
	$(BIN)/python benchmarks/bench_sem.py || status=1; \
	$(BIN)/python benchmarks/bench_setup.py || status=1; \
	$(BIN)/python benchmarks/bench_read_archive.py || status=1; \
	$(BIN)/python benchmarks/bench_grading.py || status=1; \
	$(BIN)/python benchmarks/bench_process.py || status=1; \
	exit $$status

student: $(STAMP)
	$(BIN)/python -m crmlab.teach student notebooks student

# The browser tests (tests/test_lab.py, site/test_site.py) drive headless Chromium, and
# the lessons' Chinese needs a CJK font. Installs them with apt where they are missing.
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	    && fc-list 2>/dev/null | grep -qi cjk; then echo "crmlab: Chromium, chromedriver and a CJK font are here"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	else echo "crmlab: install Chromium, chromedriver and a CJK font yourself (README: browser tests)"; fi

# The lesson website: the committed notebooks as they are (not re-executed), their
# student copies, the data cards, the glossary and the API reference; any Sphinx
# warning (a broken link, a missing image, a bad docstring) fails the build.
SITE_STAMP := $(VENV)/.installed-docs
$(SITE_STAMP): $(STAMP)
	$(call install,test$(comma)docs)
	@touch $@

site: $(SITE_STAMP)
	$(BIN)/python site/assemble.py build/site-src
	$(BIN)/python -m sphinx -W --keep-going -q -b html build/site-src build/site
	$(BIN)/python -m pytest -q site/test_site.py
	@echo "crmlab: the website is in build/site (open build/site/index.html)"

clean:
	rm -rf student .cache .pytest_cache .hypothesis build *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
