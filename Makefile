# Two entry points: `make study` (regenerate the study for a dataset) and `make test`.
PYTHON  ?= python3
VENV    ?= .venv
BIN      = $(VENV)/bin
DATASET ?= fashion-mnist
PROFILE ?= cpu
SEEDS   ?= 0 1 2
# `make study` is an explicit request for data: it lets torchvision download what is missing.
GEOVQ_DOWNLOAD ?= 1
export GEOVQ_DOWNLOAD

.PHONY: install export lint test study report clean-nbs ui-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

# also links the Jupyter server configuration that makes JupyterLab save nbs/ notebooks without outputs
install: $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	mkdir -p $(VENV)/etc/jupyter
	ln -sf $(CURDIR)/tools/jupyter_server_config.py $(VENV)/etc/jupyter/jupyter_server_config.py

# geovq/ from the notebooks: exactly what nbdev_export writes
export: install
	$(BIN)/nbdev_export

# the house style (one statement per line, <= 120 columns, no unused names) on the notebooks and the generated library
lint: install
	$(BIN)/ruff check nbs geovq tests tools

# geovq/ in sync with the notebooks, the linter, then every notebook as a test (one pytest item per notebook) plus the
# pipeline, explorer, round-trip and browser tests
test: install
	$(BIN)/nbdev_export && git diff --exit-code --stat -- geovq || (echo 'geovq/ is out of date: run make export and commit'; exit 1)
	$(BIN)/ruff check nbs geovq tests tools
	GEOVQ_DOWNLOAD=0 $(BIN)/python -m pytest -q

study: install
	$(BIN)/geovq run $(DATASET) --profile $(PROFILE) --seeds $(SEEDS)

report: install
	$(BIN)/geovq readme

clean-nbs:
	$(BIN)/nbdev_clean

# the explorer in headless Chromium (Debian's `chromium` package): run all, move a slider, screenshots in report/ui/
ui-check: install
	$(BIN)/python tools/ui_check.py --out report/ui
