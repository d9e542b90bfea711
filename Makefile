# songngu's front door. `make translate` sets everything up and runs the main job; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The CPU build of torch: on this project's machines pip takes it from the local wheel folder.
TORCH  ?= torch==2.13.0
MODEL  ?= Helsinki-NLP/opus-mt-vi-en
ARGS   ?=

.PHONY: setup translate test test-ray lint bench bench-align bench-archive bench-startup bench-workbench clean

$(BIN)/songngu: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev,ct2,ray]"
	@touch $@

setup: $(BIN)/songngu

translate: setup
	$(BIN)/songngu translate seeds --model "$(MODEL)" $(ARGS)

test: setup
	$(BIN)/python -m pytest

# Archives on a local Ray cluster (tests/test_ray.py): apart from make test for its start-up time; CI runs both.
test-ray: setup
	$(BIN)/python -m pytest -m cluster tests/test_ray.py

lint: setup
	$(BIN)/ruff check translate tests bench scripts
	$(BIN)/ruff format --check translate tests bench scripts

bench: setup
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/speed.py

bench-align: setup
	$(BIN)/python bench/align.py

bench-archive: setup
	$(BIN)/python bench/archive.py

bench-startup: setup
	$(BIN)/python bench/startup.py

bench-workbench: setup
	$(BIN)/python bench/workbench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
