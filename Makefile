# The two commands a newcomer needs:
#   make        set up .venv, build data/processed/, execute the notebooks, export the charts to figures/,
#               and build the reader's edition in site/ (site/index.html)
#   make test   set up .venv and run every test (unit tests, strict nbval on the notebooks, the site in a browser)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The installer, bootstrapped into .venv with pip; its version is pinned in requirements.lock like every other.
UV     := $(shell grep '^uv==' requirements.lock)

# Jupyter, IPython and matplotlib write under $HOME unless told otherwise: keep it in the repo.
export MPLCONFIGDIR       := $(CURDIR)/.cache/matplotlib
export IPYTHONDIR         := $(CURDIR)/.cache/ipython
export JUPYTER_CONFIG_DIR := $(CURDIR)/.cache/jupyter/config
export JUPYTER_DATA_DIR   := $(CURDIR)/.cache/jupyter/data
export JUPYTER_RUNTIME_DIR:= $(CURDIR)/.cache/jupyter/runtime
# The project's own Jupyter settings (committed, read-only to Jupyter): see jupyter/jupyter_server_config.py.
export JUPYTER_CONFIG_PATH:= $(CURDIR)/jupyter
export PYTHONHASHSEED     := 0
# uv installs without compiling bytecode (pip compiled every module at install): Python caches each module
# it imports in .venv and the ignored __pycache__ folders, even where PYTHONDONTWRITEBYTECODE is set, which
# would otherwise make every import read source (pandas, matplotlib, nbval and jupyter_client: 4.0 s, not 1.2 s).
unexport PYTHONDONTWRITEBYTECODE
export PIP_DISABLE_PIP_VERSION_CHECK := 1

$(shell mkdir -p .cache/matplotlib .cache/ipython .cache/jupyter/config .cache/jupyter/data .cache/jupyter/runtime)

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: all setup data check notebooks figures site test lab bench lock clean

# Each step leaves a stamp in .cache/stamps when it succeeds; make redoes a step only when something it reads
# is newer than its stamp, so a `make` with nothing to do runs nothing. Inside a step, the package redoes only
# what changed: a build writes only changed tables, and only notebooks whose inputs changed are executed.
STAMPS   := .cache/stamps
CODE     := $(shell find mmn_analysis -type f \( -name '*.py' -o -name '*.j2' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \) -not -path '*/__pycache__/*')
RAW      := $(shell find data/raw -type f)

all: $(STAMPS)/site

# .venv exactly as requirements.lock pins it, in seconds where pip took minutes: a venv without pip, uv
# bootstrapped into it from the package index (by the system Python's pip, run for .venv; where that Python
# has no pip, ensurepip puts one in .venv first), then uv installs the lock, the package (editable) and the
# python3 kernel. Each step prints what it does, then how long it took: @$(step) "LABEL"; COMMAND $(took)
step = t=$$(date +%s); printf '  %-60s'
took = && echo " $$(( $$(date +%s) - t )) s" || { echo " failed"; exit 1; }

$(STAMP): requirements.lock pyproject.toml
	@echo "setting up $(VENV) from requirements.lock (uv) ..."
	@$(step) "a virtual environment ($$($(PYTHON) --version))"; $(PYTHON) -m venv --without-pip $(VENV) $(took)
	@$(step) "$(UV) into $(VENV), with pip"; \
		if $(PYTHON) -m pip --version > /dev/null 2>&1; then $(PYTHON) -m pip --python $(BIN)/python install -qq $(UV); \
		else $(BIN)/python -m ensurepip > /dev/null && $(BIN)/python -m pip install -qq $(UV); fi $(took)
	@$(step) "the $$(grep -c '^[^#]' requirements.lock) packages pinned in requirements.lock, with uv"; \
		$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock $(took)
	@$(step) "mmn_analysis (editable) and the python3 kernel"; \
		$(BIN)/uv pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e . && \
		$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 > /dev/null $(took)
	@touch $(STAMP)
	@echo "$(VENV) is ready"

setup: $(STAMP)

$(STAMPS)/data: $(STAMP) $(RAW) $(CODE)
	$(BIN)/python -m mmn_analysis build
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/notebooks: $(STAMPS)/data $(NOTEBOOKS) requirements.lock
	$(BIN)/python -m mmn_analysis notebooks $(NOTEBOOKS)
	@touch $@

$(STAMPS)/figures: $(STAMPS)/notebooks
	$(BIN)/python -m mmn_analysis charts
	@touch $@

# The reader's edition in site/: web pages built from the stored notebooks, figures/ and data/processed/
# (no kernel, no network, no chart drawn).
$(STAMPS)/site: $(STAMPS)/figures
	$(BIN)/python -m mmn_analysis site
	@touch $@

# The steps by name; each does its work only if something it reads changed.
data: $(STAMPS)/data
notebooks: $(STAMPS)/notebooks
figures: $(STAMPS)/figures
site: $(STAMPS)/site

check: $(STAMP)
	$(BIN)/python -m mmn_analysis check

# Every test, one worker per core (pytest-xdist): each file runs whole in one worker, since a notebook's
# cells must run in order in one kernel. conftest.py orders the files longest first, and xdist keeps that
# order (by default it would put the files with the most tests first, however quick they are).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

# JupyterLab on notebooks/, at port LAB_PORT or, when that one is taken, the next free one; it prints the address.
LAB_PORT ?= 8888
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(LAB_PORT) --port-retries=50 $(if $(filter 0,$(shell id -u)),--allow-root,)

# Every benchmark (see benchmarks/README.md): about a quarter of an hour, most of it in the last three.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_test.py
	$(PYTHON) benchmarks/bench_setup.py
	$(PYTHON) benchmarks/bench_noop.py
	$(PYTHON) benchmarks/bench_one_row.py

lock: $(STAMP)
	( sed -n "1,2p" requirements.lock; $(BIN)/uv pip freeze --python $(BIN)/python --exclude-editable | grep -v "^pip==" ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) .cache
