# make demo: serve the demo site. make test: every check and test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
MODE ?= auto
VENV := .venv
PY := $(VENV)/bin/python
COMPAT_VENV := .venv-compat
# `make demo` reuses the development environment when there is one, else a lean one of its own.
DEMO_VENV := $(if $(wildcard $(VENV)/.installed),$(VENV),.venv-demo)
DEMO_PY := $(DEMO_VENV)/bin/python
# The front-end build's inputs: while they are as committed, so is the bundle (make test checks it).
BUNDLE_SOURCES := frontend package.json package-lock.json tsconfig.json webpack.config.js
TIMED := tools/timed.sh

.PHONY: help demo demo-bundle test bench env bundle lint typecheck migrations-check i18n-check \
        messages frontend-check test-compat test-postgres pytest system-deps clean contract screenshots \
        fuzz abuse stack soak matrix test-matrix

help:
	@echo "make demo   serve the demo site on http://127.0.0.1:$(PORT)/ (MODE=poll|ws|auto)"
	@echo "make test   install what is missing, then run every check and test"
	@echo "make bench  run the benchmarks (BENCH=polling runs one), append the figures to bench/RESULTS.md"
	@echo "make fuzz   a longer fuzz run over the JSON and tus endpoints (EXAMPLES=500 per suite)"
	@echo "make abuse  110 slow-body uploads against PostgreSQL for 60 s, twice (a few minutes)"
	@echo "make stack  nginx, two app servers, workers, Redis, PostgreSQL, S3 (docs/deployment.md) until Ctrl-C"
	@echo "make soak   1,000 sockets and 200 pollers for 60 s through nginx while 20 exports run"
	@echo "make screenshots  write docs/img/*.png from the demo (light, dark; 1280 and 375 px)"
	@echo "make matrix  the unit and database suites on every Python x Django pair, against the wheel"

$(VENV)/.installed: pyproject.toml requirements/dev.txt tools/make-venv.sh
	tools/make-venv.sh $(VENV) 3.12 requirements/dev.txt
	touch $@

.venv-demo/.installed: pyproject.toml requirements/demo.txt tools/make-venv.sh
	tools/make-venv.sh .venv-demo 3.12 requirements/demo.txt
	touch $@

$(COMPAT_VENV)/.installed: pyproject.toml requirements/compat.txt tools/make-venv.sh
	tools/make-venv.sh $(COMPAT_VENV) 3.11 requirements/compat.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

env: $(VENV)/.installed node_modules/.installed

bundle: node_modules/.installed
	npm run --silent build

# Python and the committed bundle only: node is needed just to rebuild a bundle whose sources
# differ from the commit (then with the development toolchain: npm ci).
demo: $(DEMO_VENV)/.installed demo-bundle
	cd example && ../$(DEMO_PY) manage.py migrate --noinput -v0
	cd example && ../$(DEMO_PY) manage.py demo_setup --url http://127.0.0.1:$(PORT)/
	cd example && DEMO_MODE=$(MODE) ../$(DEMO_PY) -m uvicorn demo.asgi:application \
	  --host 127.0.0.1 --port $(PORT) --log-level info --lifespan off

demo-bundle:
	@if ! git rev-parse --git-dir >/dev/null 2>&1 \
	  || git diff --quiet HEAD -- $(BUNDLE_SOURCES); then \
	  echo "demo: the committed bundle (django_dlwidget/static/) matches frontend/"; \
	elif [ -f node_modules/.installed ]; then \
	  npm run --silent build; \
	else \
	  echo "frontend/ differs from the commit: run 'npm ci' and 'make bundle', then 'make demo'" >&2; \
	  exit 1; \
	fi

system-deps:
	tools/system-deps.sh

lint: env
	$(TIMED) ruff bash -c "$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check ."

typecheck: env
	$(TIMED) mypy $(VENV)/bin/mypy django_dlwidget tests example bench

migrations-check: env
	$(TIMED) makemigrations-check bash -c "cd example && ../$(PY) manage.py makemigrations --check --dry-run"

# The .po files list exactly the strings the sources mark, all translated; the .mo files match.
i18n-check: env
	$(TIMED) translations $(PY) tools/check_messages.py

# Updates the catalogues from the sources and compiles them (ADD=es starts a new language).
messages: env
	cd django_dlwidget && ../$(PY) -m django makemessages $(if $(ADD),-l $(ADD),--all) \
	  --no-location --no-obsolete --ignore=static -v0
	touch django_dlwidget/locale/*/LC_MESSAGES/django.po  # compilemessages skips a .mo newer than its .po
	cd django_dlwidget && ../$(PY) -m django compilemessages -v0

# frontend/src/shared/contract.ts from django_dlwidget/elements/contract.py (checked by frontend-check).
contract: env
	$(PY) tools/gen_contract.py

frontend-check: env
	$(TIMED) contract-fresh $(PY) tools/gen_contract.py --check
	$(TIMED) bundle-matches-sources tools/check-bundle.sh
	$(TIMED) tsc npm run --silent typecheck
	$(TIMED) biome npm run --silent lint
	$(TIMED) vitest npx vitest run --reporter=dot
	$(TIMED) bundle-size npm run --silent size
	$(TIMED) npm-package npm run --silent check:package

test-compat: $(COMPAT_VENV)/.installed
	$(TIMED) compat-py3.11-django5.2 $(COMPAT_VENV)/bin/python -m pytest -q -m "not live and not browser" \
	  --ignore=tests/e2e -p no:randomly

# The unit and database suites on every Python x Django pair Django supports, each in its own
# virtualenv with the built wheel (noxfile.py), one after the other; prints a table of the results.
matrix: env
	$(PY) tools/matrix.py

# One pair of the matrix beyond the two environments above (.venv: 3.12 + 6.1, compat: 3.11 + 5.2).
test-matrix: env
	$(TIMED) matrix-py3.13-django6.0 $(PY) tools/matrix.py 3.13-django6.0

# The database tests again on a throwaway PostgreSQL cluster, and the live two-process upload
# test with both server processes on it (the lease's conditional UPDATEs really race there).
test-postgres: env
	$(TIMED) postgres tools/with-postgres.sh $(PY) -m pytest -q \
	  -m "(django_db and not live) or postgres" \
	  tests/downloads tests/live/test_publish.py tests/tus tests/forms tests/serving tests/fuzz

# Slow-body uploads at full size: 110 PATCHes sending a byte every 2 s against
# PostgreSQL's 100 connections for 60 s, with the default slow-body limits and with their caps raised.
abuse: env
	DLW_ABUSE=1 tools/with-postgres.sh $(PY) -m pytest -q -s -p no:randomly \
	  tests/tus/test_abuse_slow_bodies.py

pytest: env
	@$(VENV)/bin/python -m pytest -q

# The soak at full size on the production stack (tests/soak/; make test runs it shortened):
# 1,000 download-centre sockets and 200 pollers for 60 s through nginx while 20 exports run.
soak: env
	$(PY) -m tests.soak

# The last thing `make test` prints is pytest's summary line.
test: system-deps lint typecheck migrations-check i18n-check frontend-check test-compat test-matrix \
      test-postgres
	@$(MAKE) --no-print-directory pytest

# The fuzz run of `make test` (tests/fuzz/), longer: EXAMPLES per suite (a few thousand requests).
fuzz: env
	DLW_FUZZ_EXAMPLES=$(or $(EXAMPLES),500) $(PY) -m pytest -q tests/fuzz

# docs/deployment.md's recipe on loopback, for a person: prints the URL (nginx; STACK_PORT, else a
# free port), the login and the logs folder, and runs until Ctrl-C.
stack: env system-deps
	$(PY) tools/stack.py $(if $(STACK_PORT),--port $(STACK_PORT))

# docs/img/: the demo in headless Chromium, light and dark, at 1280 and 375 CSS pixels.
screenshots: env
	$(PY) tools/screenshots.py

# Each benchmark records its figures (bench/results.py); bench/summary.py prints them all with their
# targets at the end and appends the run to bench/RESULTS.md. A missed target fails the run.
# BENCH=polling (or a space-separated list) runs only those.
BENCHES := \
  serving \
  polling \
  save_rows \
  exports \
  uploads \
  websocket \
  s3_uploads

bench: env system-deps
	@results=$$(mktemp); status=0; \
	for name in $(or $(BENCH),$(BENCHES)); do \
	  DLW_BENCH_RESULTS=$$results $(PY) bench/$$name.py || status=1; \
	done; \
	DLW_BENCHES="$(BENCHES)" $(PY) bench/summary.py $$results $(or $(BENCH),$(BENCHES)) || status=1; \
	rm -f $$results; exit $$status

clean:
	rm -rf $(VENV) $(COMPAT_VENV) .venv-demo .nox node_modules dist build test-artifacts example/var
