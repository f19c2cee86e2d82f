#!/usr/bin/env bash
# make compat: Odoo's own test suites, without and with the addon.
# A database with Odoo's demo data for the host apps (built once per stack version, as the test
# template is), then two copies: one as is, one with sales_order_mgmt installed *without its own
# demo data* (as a company installs it). The suites of sale, sale_stock, sale_management, stock,
# account, stock_account and OCA base_exception/sale_exception (which the addon extends) run with
# pytest-odoo in both. Prints both counts and the tests that fail without the addon too; exits
# non-zero only when a test fails with the addon that passes without it.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

SUITES=(sale sale_stock sale_management stock account stock_account base_exception sale_exception)
COMPAT_MODULES="$HOST_MODULES,sale_exception"
ensure_system_packages
ensure_venv
ensure_postgres

STACK="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -c1-8)"
DEMO_TEMPLATE="som_compat_tmpl_$STACK"
OUT="$RUNDIR/compat"
mkdir -p "$OUT"
CFG="$OUT/compat.cfg"
write_config "$CFG" "$DEMO_TEMPLATE" "$(free_port)"
sed -i 's/^dbfilter.*$/dbfilter = ^som_compat_/' "$CFG"

# 1. The template: host apps with Odoo's demo data, attachments kept in the database so that its
#    copies carry their files. Built once per stack version (flock: one builder at a time).
(
    flock 9
    if ! db_exists "$DEMO_TEMPLATE" || ! module_installed "$DEMO_TEMPLATE" sale_exception; then
        say "Building $DEMO_TEMPLATE ($COMPAT_MODULES with Odoo's demo data, a few minutes, once)"
        db_exists "$DEMO_TEMPLATE" && dropdb -h /var/run/postgresql "$DEMO_TEMPLATE"
        odoo_cmd -c "$CFG" -d "$DEMO_TEMPLATE" -i "$COMPAT_MODULES" --stop-after-init \
            --log-level=warn --logfile="$OUT/template.log" \
            && "$PY" scripts/compat/attachments_in_db.py "$CFG" "$DEMO_TEMPLATE" \
            && module_installed "$DEMO_TEMPLATE" sale_exception \
            || { db_exists "$DEMO_TEMPLATE" && dropdb -h /var/run/postgresql "$DEMO_TEMPLATE"
                 die "building $DEMO_TEMPLATE failed (see $OUT/template.log)"; }
    fi
) 9>"/tmp/som-compat-template.lock" || exit 1

suffix="$(printf '%s' "$ROOT" | sha1sum | cut -c1-6)"
VANILLA_DB="som_compat_vanilla_$suffix"
ADDON_DB="som_compat_addon_$suffix"
fresh_copy() {
    db_exists "$1" && dropdb -h /var/run/postgresql "$1"
    createdb -h /var/run/postgresql -T "$DEMO_TEMPLATE" "$1" || die "could not copy $DEMO_TEMPLATE to $1"
}

ADDONS="$(cd "$VENV/lib/python3.7/site-packages/odoo/addons" && pwd -P)"
TEST_DIRS=()
for suite in "${SUITES[@]}"; do
    [ -d "$ADDONS/$suite/tests" ] || die "no tests folder for $suite in $ADDONS"
    TEST_DIRS+=("$ADDONS/$suite/tests")
done
run_suites() {
    # run_suites DB REPORT LOG: the suites against DB, JUnit report to REPORT, output to LOG.
    say "Odoo's suites in $1 (${SUITES[*]})"
    local started=$SECONDS
    # Not from inside odoo/addons: its `resource` addon would shadow Python's module.
    (cd "$OUT" && PYTHONPATH="$ROOT/scripts/compat" OPENERP_SERVER="$CFG" "$PY" -m pytest \
        -p pytest_collect -p no:cacheprovider -p no:warnings -o addopts="" -q \
        --odoo-database="$1" --odoo-log-level=critical --junitxml="$2" "${TEST_DIRS[@]}" \
        >"$3" 2>&1)
    tail -n1 "$3"
    echo "($(( SECONDS - started )) s; full output: $3)"
    [ -s "$2" ] || die "no test report from the run in $1 (see $3)"
}

# 2. Without the addon. The result only depends on the template: kept while it stays the same.
template_oid="$(psql -h /var/run/postgresql -d postgres -Atqc "select oid from pg_database where datname = '$DEMO_TEMPLATE'")"
VANILLA_REPORT="$OUT/vanilla-$DEMO_TEMPLATE-$template_oid.xml"
if [ -s "$VANILLA_REPORT" ] && [ -z "${SOM_COMPAT_RERUN:-}" ]; then
    say "Without the addon: results of $DEMO_TEMPLATE kept from an earlier run ($VANILLA_REPORT)"
else
    fresh_copy "$VANILLA_DB"
    run_suites "$VANILLA_DB" "$VANILLA_REPORT.tmp" "$OUT/vanilla.log" \
        && mv "$VANILLA_REPORT.tmp" "$VANILLA_REPORT"
    dropdb -h /var/run/postgresql "$VANILLA_DB"
fi

# 3. With the addon, installed without its demo data.
fresh_copy "$ADDON_DB"
say "Installing sales_order_mgmt into $ADDON_DB without its demo data"
"$PY" scripts/compat/install_without_demo.py "$CFG" "$ADDON_DB" sales_order_mgmt \
    >"$OUT/install.log" 2>&1 || { tail -n 30 "$OUT/install.log"; die "install into $ADDON_DB failed (see $OUT/install.log)"; }
if grep -E ' (ERROR|CRITICAL) ' "$OUT/install.log" | grep -qv 'Unmet dependencies'; then
    grep -E -A20 ' (ERROR|CRITICAL) ' "$OUT/install.log" | head -40
    die "installing sales_order_mgmt into $ADDON_DB logged errors (see $OUT/install.log)"
fi
ADDON_REPORT="$OUT/addon.xml"
run_suites "$ADDON_DB" "$ADDON_REPORT" "$OUT/addon.log"
dropdb -h /var/run/postgresql "$ADDON_DB"

# 4. The comparison.
echo
"$PY" scripts/compat/compare.py "$VANILLA_REPORT" "$ADDON_REPORT" scripts/compat/by_design.txt
status=$?

# 5. Install on a running database, uninstall, upgrade from the previous release
#    (scripts/compat/lifecycle.py says what each step checks).
LIFE="$OUT/lifecycle"
mkdir -p "$LIFE"
lifecycle() {
    # lifecycle CFG DB STEP [COUNT]
    "$PY" scripts/compat/lifecycle.py "$1" "$2" "$3" "$LIFE/$2.json" "${@:4}" 2>"$LIFE/$2-$3.err" \
        || { tail -n 30 "$LIFE/$2-$3.err"; return 1; }
}
install_clean() {
    # install_clean CFG DB: sales_order_mgmt without its demo data; fails on an ERROR in the log.
    "$PY" scripts/compat/install_without_demo.py "$1" "$2" sales_order_mgmt >"$LIFE/$2-install.log" 2>&1 \
        && ! grep -E ' (ERROR|CRITICAL) ' "$LIFE/$2-install.log" | grep -qv 'Unmet dependencies' \
        || { grep -E -A20 ' (ERROR|CRITICAL) ' "$LIFE/$2-install.log" | head -40; return 1; }
}
ORDERS="${SOM_COMPAT_ORDERS:-40}"
LIFE_DB="som_compat_life_$suffix"
say "Install on a database with $ORDERS orders in every state, then uninstall ($LIFE_DB)"
fresh_copy "$LIFE_DB"
life_ok=1
if lifecycle "$CFG" "$LIFE_DB" populate "$ORDERS"; then
    started=$SECONDS
    if install_clean "$CFG" "$LIFE_DB"; then
        echo "installed into a database with $ORDERS existing orders in $(( SECONDS - started )) s"
        lifecycle "$CFG" "$LIFE_DB" installed && lifecycle "$CFG" "$LIFE_DB" uninstall \
            && lifecycle "$CFG" "$LIFE_DB" uninstalled || life_ok=0
    else
        echo "install into $LIFE_DB: FAILED (see $LIFE/$LIFE_DB-install.log)"; life_ok=0
    fi
else
    life_ok=0
fi
dropdb -h /var/run/postgresql "$LIFE_DB"

# The previous release: the newest commit whose manifest has another version than this one
# (or the commit SOM_COMPAT_PREVIOUS names, e.g. to upgrade from a given release).
manifest=sales_order_mgmt/__manifest__.py
version_of() { git show "$1:$manifest" 2>/dev/null | sed -n "s/.*'version': '\([^']*\)'.*/\1/p"; }
current="$(sed -n "s/.*'version': '\([^']*\)'.*/\1/p" "$manifest")"
previous_commit="$(git rev-parse -q --verify "${SOM_COMPAT_PREVIOUS:-}^{commit}" 2>/dev/null)"
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    git fetch -q --unshallow 2>/dev/null || true
fi
[ -z "$previous_commit" ] && for commit in $(git rev-list --max-count=400 HEAD -- "$manifest" 2>/dev/null); do
    for candidate in "$commit" "$commit^"; do
        v="$(version_of "$candidate")"
        if [ -n "$v" ] && [ "$v" != "$current" ]; then
            # The last commit of that version: the parent of the one that changed it.
            previous_commit="$(git rev-parse "$candidate")"; break 2
        fi
    done
done
if [ -z "$previous_commit" ] && [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    # A shallow clone that cannot be deepened has no earlier release to upgrade from.
    echo "upgrade: SKIPPED: shallow clone without the addon's earlier versions"
elif [ -z "$previous_commit" ]; then
    echo "upgrade: FAILED: no earlier version of the addon in the git history"
    life_ok=0
else
    previous="$(version_of "$previous_commit")"
    UP_DB="som_compat_upgrade_$suffix"
    say "Upgrade from $previous (${previous_commit:0:10}) to $current ($UP_DB)"
    PREV="$LIFE/previous"
    rm -rf "$PREV" && mkdir -p "$PREV"
    git archive "$previous_commit" sales_order_mgmt report_wkhtmltopdf_compat | tar -x -C "$PREV"
    PREV_CFG="$LIFE/previous.cfg"
    sed "s#^addons_path = $ROOT,#addons_path = $PREV,#" "$CFG" >"$PREV_CFG"
    fresh_copy "$UP_DB"
    if install_clean "$PREV_CFG" "$UP_DB" && lifecycle "$PREV_CFG" "$UP_DB" populate "$ORDERS"; then
        odoo_cmd -c "$CFG" -d "$UP_DB" -u sales_order_mgmt --stop-after-init --log-level=warn \
            --logfile="$LIFE/$UP_DB-upgrade.log"
        if [ $? -ne 0 ] || grep -E ' (ERROR|CRITICAL) ' "$LIFE/$UP_DB-upgrade.log" | grep -qv 'Unmet dependencies'; then
            grep -E -A20 ' (ERROR|CRITICAL) ' "$LIFE/$UP_DB-upgrade.log" | head -40
            echo "upgrade: FAILED (see $LIFE/$UP_DB-upgrade.log)"; life_ok=0
        else
            lifecycle "$CFG" "$UP_DB" upgraded || life_ok=0
        fi
    else
        echo "upgrade: FAILED installing $previous (see $LIFE/)"; life_ok=0
    fi
    dropdb -h /var/run/postgresql "$UP_DB"
fi
[ $life_ok -eq 1 ] || status=1

[ $status -eq 0 ] && echo "make compat: no test fails only with the addon; install, upgrade and uninstall checked" \
    || echo "make compat: FAILED (see above)"
exit $status
