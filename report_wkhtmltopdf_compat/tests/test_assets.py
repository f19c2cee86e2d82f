"""Stylesheet bundles compile on this stack (lessc, no `website` addon)."""
from odoo.addons.base.ir.ir_qweb.assetsbundle import AssetsBundle
from odoo.tests.common import TransactionCase


class TestAssets(TransactionCase):

    def compile_css(self, xmlid):
        files, _remains = self.env['ir.qweb']._get_asset_content(xmlid, {})
        bundle = AssetsBundle(xmlid, files, env=self.env)
        css = bundle.css()
        return bundle, files, css

    def test_report_bundle_compiles(self):
        """PDF stylesheets build: no link to the missing website addon."""
        bundle, files, _css = self.compile_css('web.report_assets_common')
        urls = [f['url'] for f in files]
        self.assertFalse([u for u in urls if u.startswith('/website/')])
        self.assertIn('/web/static/src/less/report.less', urls)
        self.assertEqual(bundle.css_errors, [])

    def test_backend_bundle_compiles(self):
        """The web client's stylesheets compile with lessc."""
        bundle, _files, _css = self.compile_css('web.assets_backend')
        self.assertEqual(bundle.css_errors, [])
