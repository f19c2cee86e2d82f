#!/usr/bin/env bash
# make test: set up what is missing, build a fresh test database, run the linters and every test.
# Exits non-zero when anything fails. Needs nothing started beforehand.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# Arguments go to pytest (e.g. a test file, -k NAME); default: every test of the repository.
PYTEST_ARGS=("$@")
[ ${#PYTEST_ARGS[@]} -eq 0 ] && PYTEST_ARGS=(sales_order_mgmt report_wkhtmltopdf_compat)
ensure_system_packages chromium chromium-driver poppler-utils
ensure_venv
ensure_lint_venv
ensure_postgres

# 1. Template database with the host apps and a chart of accounts, built once per stack version.
ensure_template

# 2. A fresh test database from it, with the addon installed (no demo data: tests make their own).
DB="som_test_$(printf '%s' "$ROOT" | sha1sum | cut -c1-6)"
PORT="$(free_port)"
CFG="$RUNDIR/test.cfg"
write_config "$CFG" "$DB" "$PORT"
if [ -n "${SOM_KEEP_DB:-}" ] && module_installed "$DB" sales_order_mgmt; then
    say "Updating sales_order_mgmt in the existing $DB (SOM_KEEP_DB is set)"
else
    db_exists "$DB" && dropdb -h /var/run/postgresql "$DB"
    rm -rf "$RUNDIR/filestore/filestore/$DB"
    createdb -h /var/run/postgresql -T "$TEMPLATE" "$DB" || die "could not copy $TEMPLATE to $DB"
    say "Installing sales_order_mgmt into $DB"
fi
install_addon "$CFG" "$DB" --without-demo=all || exit 1

status=0
# 3. Linters (skipped when only some tests are asked for).
if [ $# -eq 0 ]; then run_linters || status=1; fi

# 4. Every test: pure engine tests, ORM tests, HTTP and real-browser tests.
say "Running tests (database $DB, HTTP port $PORT for browser tests)"
mkdir -p "$ROOT/test-artifacts"
OPENERP_SERVER="$CFG" "$PY" -m pytest -p no:cacheprovider -o addopts="" --odoo-database="$DB" \
    --odoo-log-level=warn -ra -p no:warnings "${PYTEST_ARGS[@]}"
rc=$?
[ $rc -ne 0 ] && status=1

if [ $status -ne 0 ]; then
    echo "make test: FAILED (pytest exit $rc; see above)"
else
    echo "make test: all checks passed"
fi
exit $status
