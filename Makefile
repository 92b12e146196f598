# The two commands: `make run` and `make test` (see README.md).
PYTHON := .venv/bin/python
PORT ?= 8069

.PHONY: setup run demo test stop clean guide

setup:
	@scripts/setup.sh

run: setup
	@$(PYTHON) bin/ksm run --port $(PORT)

demo: setup
	@$(PYTHON) bin/ksm demo

test: setup
	@$(PYTHON) bin/ksm test $(PYTEST_ARGS)

stop:
	@$(PYTHON) bin/ksm pg stop

clean: stop
	rm -rf var .venv

# screenshots of the user guide, taken by the browser tests (run `make test` first)
guide:
	@mkdir -p docs/img && cp tests/artifacts/guide-*.png tests/artifacts/back-office.png docs/img/
