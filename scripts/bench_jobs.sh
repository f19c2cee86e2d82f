#!/usr/bin/env bash
# Long work as background jobs on a multi-process server (not part of make test):
# a database of ORDERS generated orders (bench/big_generate.py), one Odoo `--workers 2` with the
# queue_job runner and the default limit_time_real, then bench/jobs_bench.py: the accounting
# export of the whole period and the print of PRINT quotations as tasks, with the duration of
# every chunk job. Output: .run/bench-jobs/jobs.md.
#   bash scripts/bench_jobs.sh [ORDERS] [PRINT]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
ORDERS="${1:-200000}"
PRINT="${2:-2000}"
DB=som_jobs_big
ensure_system_packages
ensure_venv
ensure_postgres
ensure_template
OUT="$RUNDIR/bench-jobs"
mkdir -p "$OUT"
CFG="$OUT/bench.cfg"
PORT="$(free_port)"
write_config "$CFG" "$DB" "$PORT" 2
if ! module_installed "$DB" sales_order_mgmt || [ -n "${SOM_REBUILD:-}" ]; then
    db_exists "$DB" && dropdb -h /var/run/postgresql "$DB"
    rm -rf "$RUNDIR/filestore/filestore/$DB"
    createdb -h /var/run/postgresql -T "$TEMPLATE" "$DB" || die "could not copy $TEMPLATE to $DB"
    install_addon "$CFG" "$DB" --without-demo=all
    "$PY" bench/load_setup.py --config "$CFG" --db "$DB" --json "$OUT/$DB.json" --stock 1e8 \
        || die "setting up $DB failed"
    /usr/bin/time -f "%e s, %M kB peak" "$PY" bench/big_generate.py --config "$CFG" --db "$DB" \
        --data "$OUT/$DB.json" --orders "$ORDERS" 2>&1 | tee "$OUT/generate.log" \
        || die "generating orders failed"
fi
read -r FIRST LAST LINES <<<"$(psql -h /var/run/postgresql -d "$DB" -Atq -F' ' -c \
    "SELECT min(i.date_invoice), max(i.date_invoice), count(l.id) FROM account_invoice i
       JOIN account_invoice_line l ON l.invoice_id = i.id WHERE i.type IN ('out_invoice', 'out_refund')
        AND i.state IN ('open', 'paid')")"
say "$DB: $LINES exportable invoice lines from $FIRST to $LAST"
setsid "$ROOT/scripts/odoo" -c "$CFG" -d "$DB" --workers 2 --max-cron-threads 0 \
    --logfile "$OUT/server.log" --log-level info >"$OUT/server.out" 2>&1 &
SERVER=$!
trap 'kill -TERM -- "-$SERVER" 2>/dev/null; sleep 5; kill -KILL -- "-$SERVER" 2>/dev/null' EXIT
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    sleep 1
done
{
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$DB: $ORDERS generated orders, $LINES exportable invoice lines ($FIRST to $LAST);"
    echo "one server --workers 2, runner channels root:2, limit_time_real 120 s (default)."
    echo
    "$PY" bench/jobs_bench.py --url "http://127.0.0.1:$PORT" --db "$DB" \
        --date-from "$FIRST" --date-to "$LAST" --print "$PRINT"
    echo "Server log: $(grep -c 'Traceback' "$OUT/server.log") tracebacks, $(grep -c 'virtual real time limit' "$OUT/server.log") workers killed at limit_time_real."
} | tee "$OUT/jobs.md"
