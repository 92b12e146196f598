# The two commands: `make run` and `make test` (see README.md).
PYTHON := .venv/bin/python
PORT ?= 8069

.PHONY: setup run demo test stop clean guide bench-data bench-pages bench-load \
        backup restore prod prod-stop prod-status standby standby-stop failover

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

# Operations (README.md "Operations"): backups, the production layout, the standby.
#   make backup [DB=ksm] [KEEP=7] [BACKUP_DIR=var/backups]
#   make restore BACKUP=var/backups/ksm-20261202T021500Z DB=ksm_copy [FORCE=1]
#   make prod [DB=ksm] / make prod-stop / make prod-status
#   make standby / make standby-stop / make failover
KEEP ?= 7
BACKUP_DIR ?= var/backups
backup: setup
	@$(PYTHON) bin/ksm backup $(if $(DB),--db $(DB)) --keep $(KEEP) --dir $(BACKUP_DIR)

restore: setup
	@test -n "$(BACKUP)" -a -n "$(DB)" || { echo "usage: make restore BACKUP=<folder> DB=<new name> [FORCE=1]"; exit 2; }
	@$(PYTHON) bin/ksm restore $(BACKUP) --db $(DB) $(if $(FORCE),--force)

prod: setup
	@$(PYTHON) bin/ksm prod start $(if $(DB),--db $(DB))

prod-stop:
	@$(PYTHON) bin/ksm prod stop

prod-status:
	@$(PYTHON) bin/ksm prod status

standby: setup
	@$(PYTHON) bin/ksm pg start
	@if [ -d var/pgstandby ]; then $(PYTHON) bin/ksm standby start; else $(PYTHON) bin/ksm standby setup; fi

standby-stop:
	@$(PYTHON) bin/ksm standby stop

failover:
	@$(PYTHON) bin/ksm failover

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
