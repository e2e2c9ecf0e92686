# gradproof: every target creates .venv (if missing) and installs the package into it first.
#   make verify   full verification report (every claim)
#   make test     the test suite (pytest + hypothesis)
#   make lint     ruff + mypy
#   make bench    the benchmarks
#   make docs     the documentation (docs/_build/html; offline, warnings are errors)
#   make docs-check  headless Chromium: every page at 1280 and 800 px, screenshots (after make docs)
#   make dist     the sdist and the wheel in dist/ (the sdist holds tests, docs, Makefile, LICENSE)
#   make dist-check  build the sdist, unpack it, install it into a fresh venv and run its tests
#   make mutate   the mutation catalogue (mutations/catalogue.py): each must break its claim
#   make lock     re-pin constraints.txt from the current .venv

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: install verify test lint typecheck bench lock clean docs docs-check dist dist-check mutate

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --constraint constraints.txt --editable ".[all]"
	@touch $(STAMP)

verify: $(STAMP)
	$(BIN)/gradproof verify

# tests run on every core (pytest-xdist); `make test JOBS=1` runs them in one process
JOBS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(MAKE) typecheck

# mypy cannot follow setuptools' editable import hook, and the package-dir mapping
# (proofs/ -> gradproof.proofs) cannot be expressed to mypy directly: type-check an
# ordinary install of the package in build/typecheck instead.
typecheck: $(STAMP)
	@rm -rf build/typecheck
	$(PIP) install --quiet --no-deps --no-build-isolation --target build/typecheck .
	$(BIN)/mypy build/typecheck/gradproof

mutate: $(STAMP)
	$(BIN)/python mutations/run.py --jobs 2

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

docs: $(STAMP)
	@rm -rf docs/generated && mkdir -p build
	$(BIN)/gradproof verify --json > build/verify.json || test -s build/verify.json
	$(BIN)/gradproof render docs/generated --from-json build/verify.json --quiet
	$(BIN)/python -m sphinx -E -W --keep-going -q -b html docs docs/_build/html

docs-check: $(STAMP)
	$(BIN)/python docs/check_math.py

dist: $(STAMP)
	@rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

# The unpacked sdist, installed with its extras into a venv of its own, passes its own tests.
# `pytest`, not `python -m pytest`: the latter puts the unpacked source folder on sys.path, whose
# gradproof/ (without numerics/ and proofs/, which the install maps in) would shadow the install.
dist-check: dist
	@rm -rf build/dist-check && mkdir -p build/dist-check
	tar -xzf dist/gradproof-*.tar.gz -C build/dist-check
	$(PYTHON) -m venv build/dist-check/venv
	build/dist-check/venv/bin/python -m pip --disable-pip-version-check install --quiet \
		--constraint constraints.txt "$$(ls dist/gradproof-*.tar.gz)[test,plot,experiment]"
	cd build/dist-check/gradproof-*/ && CI=true ../venv/bin/pytest -q -p no:cacheprovider

lock: $(STAMP)
	@{ sed -n '1,3p' constraints.txt; $(PIP) freeze --all --exclude-editable | grep -viE '^(gradproof|pip)=='; } > constraints.new
	@mv constraints.new constraints.txt

clean:
	rm -rf build dist docs/_build .pytest_cache .mypy_cache .hypothesis .ruff_cache
