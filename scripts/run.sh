#!/usr/bin/env bash
# make run: set up what is missing and serve Odoo with demo data on http://127.0.0.1:8069.
# A second run reuses the venv and the database and serves within seconds. Ctrl-C stops it.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DB="${SOM_DB:-som_demo}"
PORT="${SOM_PORT:-8069}"
CFG="$RUNDIR/run.cfg"

port_free "$PORT" || die "Port $PORT on 127.0.0.1 is already in use (another Odoo? 'ss -ltnp | grep :$PORT' shows which process). Stop it, or run on another port: SOM_PORT=8070 make run"
ensure_system_packages
ensure_venv
ensure_postgres
write_config "$CFG" "$DB" "$PORT" "${SOM_JOBS:-2}"

if ! module_installed "$DB" sales_order_mgmt; then
    say "Creating database $DB with demo data (Odoo apps, chart of accounts, sales_order_mgmt: ~2-3 min, once)"
    db_exists "$DB" || createdb -h /var/run/postgresql "$DB" || die "could not create database $DB"
    odoo_cmd -c "$CFG" -d "$DB" -i "$HOST_MODULES" --stop-after-init --log-level=warn \
        --logfile="$RUNDIR/install-$DB-host.log" || die "installing the Odoo apps into $DB failed (see $RUNDIR/install-$DB-host.log)"
    install_addon "$CFG" "$DB"
elif [ -n "${SOM_UPDATE:-}" ]; then
    say "Updating sales_order_mgmt in $DB (SOM_UPDATE is set)"
    install_addon "$CFG" "$DB"
fi

say "Odoo is starting on http://127.0.0.1:$PORT  (database $DB, login: admin / admin). Ctrl-C stops it."
exec "$ROOT/scripts/odoo" -c "$CFG" -d "$DB" --log-level=info --logfile=
