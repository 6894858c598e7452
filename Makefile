# The two commands of the README. Both do all set-up first (scripts/setup.sh is idempotent).
PY := .venv/bin/python

.PHONY: pdf test setup bench clean
pdf: setup
	$(PY) generate.py --pdf

test: setup
	$(PY) -m pytest -q

setup:
	@bash scripts/setup.sh

bench: setup
	$(PY) scripts/bench.py

clean:
	rm -rf build
