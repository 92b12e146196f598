# The two commands: `make run` and `make test` (see README.md).
PYTHON := .venv/bin/python
PORT ?= 8069

.PHONY: setup run demo test stop clean guide bench-data bench-pages bench-load

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

# benchmarks at a large KSM's scale (BENCHMARKS.md): data, pages, load
BENCH_SIZE ?= small
bench-data: setup
	@$(PYTHON) bench/generate_data.py --size $(BENCH_SIZE)

bench-pages: setup
	@$(PYTHON) bench/pages.py --db ksm_bench_small --db ksm_bench_large

bench-load: setup
	@$(PYTHON) bench/load.py --db ksm_bench_large
