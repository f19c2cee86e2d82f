odoo.define('sales_order_mgmt.portal_return', function (require) {
    "use strict";

    // The customer's return request from the order's portal page: the
    // quantities, reason and resolution go to /my/orders/return with the
    // order's link token; the server's answer is shown as it is.
    var ajax = require('web.ajax');

    $(document).on('submit', 'form.o_som_return_form', function (ev) {
        ev.preventDefault();
        var $form = $(ev.currentTarget);
        var $result = $form.find('.o_som_return_result');
        var lines = {};
        $form.find('input.o_som_return_qty').each(function () {
            var qty = parseFloat($(this).val() || '0');
            if (qty) {
                lines[$(this).data('line-id')] = qty;
            }
        });
        $result.removeClass('alert-danger alert-success').empty();
        ajax.jsonRpc('/my/orders/return', 'call', {
            res_id: $form.data('order-id'),
            access_token: $form.data('token'),
            lines: lines,
            reason_id: $form.find('select[name=reason_id]').val(),
            resolution: $form.find('select[name=resolution]').val(),
            note: $form.find('textarea[name=note]').val() || null,
        }).then(function (data) {
            if (data.error) {
                $result.addClass('alert alert-danger').text(data.error);
            } else {
                $result.addClass('alert alert-success').text(data.success);
                window.setTimeout(function () {
                    window.location.reload();
                }, 1500);
            }
        });
    });
});
