# sales_order_mgmt: two commands do all set-up on a fresh Debian machine.
#   make run   - PostgreSQL, venv, database som_demo with demo data, Odoo on 127.0.0.1:8069
#   make test  - the same set-up without serving, a fresh test database, linters and every test
.PHONY: run test lint compat bench bench-big load pot clean help

help:
	@echo "make run    start Odoo with demo data on http://127.0.0.1:8069 (admin / admin)"
	@echo "make test   run the linters and every test (exit code non-zero on failure)"
	@echo "make lint   flake8 + pylint-odoo only"
	@echo "make compat Odoo's own test suites with and without the addon (fails on a difference)"
	@echo "make bench  vanilla Odoo vs the addon: order flow, PDF, export figures (bench/RESULTS.md)"
	@echo "make bench-big  the same on 200,000 generated orders (bench/RESULTS.md, Large database)"
	@echo "make load   K concurrent clients on multi-process Odoo, vanilla vs addon (bench/LOAD.md)"
	@echo "make pot    export translatable strings to <addon>/i18n/<addon>.pot"
	@echo "make clean  drop the test databases and the local run folder (keeps .venv)"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

compat:
	@bash scripts/compat.sh

lint:
	@bash -c 'source scripts/common.sh && ensure_lint_venv && run_linters'

clean:
	@bash scripts/clean.sh

bench:
	@bash scripts/bench.sh $(ARGS)

bench-big:
	@bash scripts/bench_big.sh $(ARGS)

load:
	@bash scripts/load.sh $(ARGS)

pot:
	@bash scripts/export_pot.sh
