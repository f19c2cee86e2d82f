#!/usr/bin/env bash
# make pot: export the translatable strings of sales_order_mgmt (and report_wkhtmltopdf_compat)
# into <addon>/i18n/<addon>.pot, from a scratch database copied from the template.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

ensure_system_packages
ensure_venv
ensure_postgres
ensure_template
DB=som_pot
CFG="$RUNDIR/pot.cfg"
write_config "$CFG" "$DB" "$(free_port)"
db_exists "$DB" && dropdb -h /var/run/postgresql "$DB"
createdb -h /var/run/postgresql -T "$TEMPLATE" "$DB" || die "could not copy $TEMPLATE to $DB"
install_addon "$CFG" "$DB" --without-demo=all || exit 1
for addon in sales_order_mgmt report_wkhtmltopdf_compat; do
    mkdir -p "$addon/i18n"
    # Odoo 11 exports a template (no language given) only to a .po path.
    odoo_cmd -c "$CFG" -d "$DB" --i18n-export="$RUNDIR/$addon.po" --modules="$addon" \
        --log-level=warn --stop-after-init || die "exporting $addon's strings failed"
    mv "$RUNDIR/$addon.po" "$addon/i18n/$addon.pot"
    say "Written $addon/i18n/$addon.pot ($(grep -c '^msgid' "$addon/i18n/$addon.pot") strings)"
done
dropdb -h /var/run/postgresql "$DB"
