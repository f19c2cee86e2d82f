#!/usr/bin/env bash
# make load: vanilla Odoo 11 against Odoo 11 + sales_order_mgmt under K concurrent clients, each
# database served by its own multi-process Odoo (--workers 4 --max-cron-threads 1, real HTTP),
# driven over JSON-RPC by Locust (.venv-load). Writes bench/LOAD.md. Not part of make test.
# Arguments go to bench/load_run.py: make load ARGS="--levels 1 4 16 32 --seconds 60".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

LOAD_VENV="$ROOT/.venv-load"
OUT="$RUNDIR/load"
WORKERS="${SOM_LOAD_WORKERS:-4}"

ensure_load_venv() {
    # Locust runs on a current Python: it talks HTTP to Odoo and does not import it.
    local stamp="$LOAD_VENV/.som-stamp" want
    want="$(sha1sum "$ROOT/requirements-load.txt" | cut -c1-12)"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    local py
    py="$(ls /root/.pyenv/versions/3.1[1-2].*/bin/python3 2>/dev/null | head -n1)"
    [ -n "$py" ] || py="$(command -v python3.11 || command -v python3.12 || command -v python3)"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
        || die "make load needs Python 3.10 or newer for Locust; found none (tried $py)."
    say "Building $LOAD_VENV (Locust) with $py"
    { [ -x "$LOAD_VENV/bin/pip" ] || "$py" -m venv "$LOAD_VENV"; } \
        && "$LOAD_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/requirements-load.txt" \
        >"$RUNDIR/pip-load.log" 2>&1 || die "installing Locust failed (see $RUNDIR/pip-load.log)"
    echo "$want" >"$stamp"
}

PIDS=()
stop_servers() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$pid" 2>/dev/null
    done
    PIDS=()
}
trap stop_servers EXIT

start_server() {
    # start_server LABEL DB PORT: a prefork Odoo on the database, logs in $OUT/LABEL.log.
    local label="$1" db="$2" port="$3" cfg="$OUT/$1.cfg"
    write_config "$cfg" "$db" "$port"
    setsid "$ROOT/scripts/odoo" -c "$cfg" -d "$db" --workers "$WORKERS" --max-cron-threads 1 \
        --logfile "$OUT/$label.log" --log-level info --log-handler odoo.http.rpc.request:DEBUG \
        >"$OUT/$label.out" 2>&1 &
    PIDS+=("$!")
    local i
    for i in $(seq 1 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/web/login" && return 0
        sleep 1
    done
    die "the $label server did not answer on port $port (see $OUT/$label.log)"
}

mkdir -p "$RUNDIR"
ensure_system_packages curl
ensure_venv
ensure_load_venv
ensure_postgres
ensure_template
rm -rf "$OUT"
mkdir -p "$OUT"

# 1. Two databases from the same template, the addon installed into one; the same data in both.
CFG="$OUT/setup.cfg"
write_config "$CFG" som_load_addon "$(free_port)"
sed -i 's/^dbfilter.*$/dbfilter = ^som_load_/' "$CFG"
for db in som_load_vanilla som_load_addon; do
    db_exists "$db" && dropdb -h /var/run/postgresql "$db"
    rm -rf "$RUNDIR/filestore/filestore/$db"
    createdb -h /var/run/postgresql -T "$TEMPLATE" "$db" || die "could not copy $TEMPLATE to $db"
done
say "Installing sales_order_mgmt into som_load_addon"
install_addon "$CFG" som_load_addon --without-demo=all
for db in som_load_vanilla som_load_addon; do
    say "Load data in $db (3 warehouses, stock by inventory, customers, user 'load')"
    "$PY" bench/load_setup.py --config "$CFG" --db "$db" --json "$OUT/$db.json" \
        || die "setting up $db failed"
done

# 2. Each database served by its own multi-process Odoo.
VPORT="$(free_port)"; APORT="$(free_port)"
say "Starting Odoo --workers $WORKERS --max-cron-threads 1: vanilla on :$VPORT, addon on :$APORT"
start_server vanilla som_load_vanilla "$VPORT"
start_server addon som_load_addon "$APORT"
SPREAD=()
if [ "${SOM_LOAD_SERVERS:-1}" = 2 ]; then
    # A second server on the addon's database (same PostgreSQL and filestore, its own port):
    # the addon's users are spread over both (docs/DEPLOYMENT.md).
    A2PORT="$(free_port)"
    say "Starting a second addon server on :$A2PORT (SOM_LOAD_SERVERS=2)"
    start_server addon2 som_load_addon "$A2PORT"
    SPREAD=(--addon-spread "http://127.0.0.1:$APORT" "http://127.0.0.1:$A2PORT")
fi

# 3. The same K clients against each, alternating.
say "Load: Locust users over JSON-RPC (create, confirm, deliver, invoice)"
"$LOAD_VENV/bin/python" bench/load_run.py \
    --vanilla "http://127.0.0.1:$VPORT" "$OUT/som_load_vanilla.json" "$OUT/vanilla.log" \
    --addon "http://127.0.0.1:$APORT" "$OUT/som_load_addon.json" "$OUT/addon.log" \
    --json "$OUT/load.json" --markdown "$OUT/load.md" "${SPREAD[@]}" "$@" || die "the load run failed"
stop_servers

# 4. Invariants on what the load committed.
say "Invariants"
"$PY" bench/load_check.py som_load_vanilla som_load_addon | tee "$OUT/invariants.md"
invariants=${PIPESTATUS[0]}
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "# Load test results"
    echo
    echo "Last run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), PostgreSQL $(psql -h /var/run/postgresql -d postgres -Atqc 'show server_version'), Python 3.7, Odoo 11.0;"
    echo "load average at the end $LOADAVG. Command: \`make load${*:+ ARGS=\"$*\"}\`."
    echo "Each database served by its own Odoo (\`--workers $WORKERS --max-cron-threads 1\`), driven by"
    echo "Locust on the same machine (K users, each creating a 5-line quotation, confirming it,"
    echo "validating its deliveries, one order in three shipped short first then its backorder, and"
    echo "invoicing it, over JSON-RPC as user \`load\`); both databases from the same template with the"
    echo "same data; the addon configured as \`make bench\` configures it (50 sourcing rules over 3"
    echo "warehouses, an \"allow\" backorder policy, terms templates), with *Reserve stock after"
    echo "confirming* $( [ "${SOM_LOAD_RESERVE_AFTER:-1}" = 0 ] && echo off || echo on ) (\`SOM_LOAD_RESERVE_AFTER=0\`: off)."
    echo
    cat "$OUT/load.md"
    echo
    echo "Invariants afterwards (\`bench/load_check.py\`):"
    echo
    cat "$OUT/invariants.md"
} > bench/LOAD.md
say "Written bench/LOAD.md"
exit "$invariants"
