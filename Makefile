# The README's commands. Each does all set-up first (scripts/setup.sh is idempotent).
PY := .venv/bin/python

.PHONY: pdf test test-all stress lint format setup setup-browser bench lock clean
pdf: setup
	$(PY) generate.py --pdf

# the quick suite (about two minutes; the goal is one): every claim proven, one real booklet PDF
test: setup-browser
	$(PY) -m pytest -q

# the whole suite: the quick one and the end-to-end tests marked slow (class runs, variants'
# PDFs, reproducibility, signals, packaging); CI runs this
test-all: setup-browser
	$(PY) -m pytest -q -m 'not stress'

# the slow properties the test suite leaves to CI: seeds 1..DEFAULT_STRESS (checks/seeds.py)
# and the regression seeds, each proven claim by claim; every other one compiled and laid out;
# then the whole mutation battery (about 20 minutes) and a hundred variants a task
stress: setup
	$(PY) generate.py --stress --pdf
	$(PY) -m pytest -q -m stress tests/test_mutations.py tests/test_variety.py

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

setup:
	@bash scripts/setup.sh

# the tests also drive the web edition in Debian's Chromium
setup-browser:
	@bash scripts/setup.sh --browser

bench: setup
	$(PY) scripts/bench.py

# Re-resolve the dependencies of pyproject.toml in a clean venv and pin what installs.
lock:
	rm -rf .venv-lock
	python3 -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --upgrade pip
	.venv-lock/bin/python -m pip install -q '.[test]'
	{ echo "# Exact versions for a reproducible install: scripts/setup.sh installs with -c this file."; \
	  echo "# Regenerate after changing dependencies in pyproject.toml: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude solution-manual; } > requirements.lock
	rm -rf .venv-lock build/lib build/bdist* *.egg-info

clean:
	rm -rf build
