odoo.define('sales_order_mgmt.portal_signature', function (require) {
    "use strict";

    // Odoo 11's portal pad shows nothing when the server refuses a
    // signature (and prepends a debug text): show the refusal instead.
    var SignatureForm = require('portal.signature_form').SignatureForm;

    return SignatureForm.include({
        submitSign: function () {
            var self = this;
            self.$('.o_som_sign_error').remove();
            var result = this._super.apply(this, arguments);
            if (result && result.then) {
                result.then(function (data) {
                    self.$('#o_portal_sign_accept > div').filter(function () {
                        return $(this).text().indexOf('PROUT') === 0;
                    }).remove();
                    if (data && data.error) {
                        $('<div class="alert alert-danger o_som_sign_error"/>')
                            .text(data.error)
                            .prependTo(self.$('#o_portal_sign_accept'));
                    } else if (data && data.redirect_url) {
                        window.location = data.redirect_url;
                    }
                });
            }
            return result;
        },
    });
});
