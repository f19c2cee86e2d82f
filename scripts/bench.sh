#!/usr/bin/env bash
# make bench: vanilla Odoo 11 against Odoo 11 + sales_order_mgmt, same template, same data.
# Prints one table and writes bench/RESULTS.md. Arguments go to bench/order_bench.py (--reps N, --lines N).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

ensure_system_packages
ensure_venv
ensure_postgres
ensure_template
CFG="$RUNDIR/bench.cfg"
write_config "$CFG" som_bench_addon "$(free_port)"
sed -i 's/^dbfilter.*$/dbfilter = ^som_bench_/' "$CFG"
for db in som_bench_vanilla som_bench_addon; do
    db_exists "$db" && dropdb -h /var/run/postgresql "$db"
    createdb -h /var/run/postgresql -T "$TEMPLATE" "$db" || die "could not copy $TEMPLATE to $db"
done
say "Installing sales_order_mgmt into som_bench_addon"
install_addon "$CFG" som_bench_addon --without-demo=all
OUT="$RUNDIR/bench"
mkdir -p "$OUT"
say "Order flow: vanilla vs addon"
"$PY" bench/order_bench.py --config "$CFG" --vanilla som_bench_vanilla --addon som_bench_addon \
    --json "$OUT/order.json" "$@" | tee "$OUT/order.md" || die "order benchmark failed"
say "Printing: one PDF of N quotes (report_wkhtmltopdf_compat) vs a single vanilla render"
"$PY" bench/print_bench.py --config "$CFG" --db som_bench_addon | tee "$OUT/print.md" \
    || die "print benchmark failed"
say "Accounting export: rows/s against raw xlsxwriter (constant_memory), peak memory"
"$PY" bench/xlsx_bench.py --config "$CFG" --db som_bench_addon --rows 10000 100000 \
    | tee "$OUT/xlsx.md" || die "XLSX benchmark failed"
{
    echo "# Benchmark results"
    echo
    echo "Last run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), PostgreSQL $(psql -h /var/run/postgresql -d postgres -Atqc 'show server_version'), Python 3.7, Odoo 11.0."
    echo "Command: \`make bench\`. Two databases copied from the same template, same generated data;"
    echo "each row measured in both in one run, alternating (A B, then B A), after a full garbage"
    echo "collection, median of the repetitions; Python calls from one more profiled flow per database."
    echo
    cat "$OUT/order.md"
    echo
    cat "$OUT/print.md"
    echo
    cat "$OUT/xlsx.md"
    # The large-database section (make bench-big) stays until that target runs again.
    if [ -f bench/RESULTS.md ] && grep -q 'make bench-big: begin' bench/RESULTS.md; then
        echo
        sed -n '/<!-- make bench-big: begin -->/,/<!-- make bench-big: end -->/p' bench/RESULTS.md
    fi
} > "$OUT/RESULTS.md" && mv "$OUT/RESULTS.md" bench/RESULTS.md
say "Written bench/RESULTS.md"
