#!/usr/bin/env bash
# make clean: drop this checkout's test database, the test templates, and .run/ (keeps .venv and som_demo).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
if psql -h /var/run/postgresql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    for db in $(psql -h /var/run/postgresql -d postgres -Atqc "select datname from pg_database where datname like 'som_test_%' or datname like 'som_tmpl_%'"); do
        say "dropping $db"; dropdb -h /var/run/postgresql "$db"
    done
fi
rm -rf "$RUNDIR" "$ROOT/test-artifacts"
