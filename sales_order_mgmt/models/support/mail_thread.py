# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.thread: the internal notes that record the addon's automatic
decisions (a warehouse picked, terms applied, a backorder cancelled...)."""
from email.utils import formataddr

from odoo import api, models, tools


class MailThread(models.AbstractModel):
    _inherit = 'mail.thread'

    @api.multi
    def _som_log_note(self, body, author=None):
        """Post ``body`` (HTML) as an internal note on each of these records,
        written by the current user (or ``author``, a partner: the user who
        acted when the note is posted as the system), as
        ``message_post(body=body)`` does.

        ``message_post`` in Odoo 11 looks for the thread's first message,
        works out a reply address and the record's name, then runs the
        notification pass, which for a note finds only the followers who
        subscribe to internal notes (the "Note" subtype is not a default
        one) yet formats the message for the bus all the same: some twenty
        queries a note. Records with such a follower get ``message_post``;
        the others get the same message created directly with what those
        steps would have given it, as Odoo 12's ``_message_log`` does.

        Worth it (``make bench``, 2026-12-05, 5-line orders, the same flow
        with ``message_post`` for every note): 21 more queries to create and
        confirm an order (1001 -> 1022) and 26 more to validate its
        deliveries (316 -> 342); Python calls against vanilla Odoo 1.11x ->
        1.14x on confirmation, 1.05x -> 1.10x on validation.
        """
        if not self:
            return
        # The note subtype's id (cached; env.ref would also check that it
        # still exists, one query a note).
        subtype_id = self.env['ir.model.data'].xmlid_to_res_id(
            'mail.mt_note')
        self.env.cr.execute("""
            SELECT DISTINCT follower.res_id
              FROM mail_followers follower
              JOIN mail_followers_mail_message_subtype_rel rel
                ON rel.mail_followers_id = follower.id
             WHERE follower.res_model = %s AND follower.res_id IN %s
               AND rel.mail_message_subtype_id = %s
        """, (self._name, tuple(self.ids), subtype_id))
        subscribed = {row[0] for row in self.env.cr.fetchall()}
        for record in self.filtered(lambda rec: rec.id in subscribed):
            record.message_post(body=body, subtype='mail.mt_note',
                                author_id=(author or
                                           self.env.user.partner_id).id)
        quiet = self.filtered(lambda rec: rec.id not in subscribed)
        if not quiet:
            return
        author = author or self.env.user.partner_id
        email_from = formataddr((author.name, author.email)) \
            if author.email else False
        reply_to = quiet.message_get_reply_to(quiet.ids, default=email_from)
        names = dict(quiet.sudo().name_get())
        # Nobody to notify: no notification pass.
        messages = self.env['mail.message'].with_context(
            message_create_from_mail_mail=True)
        for record in quiet:
            messages.create({
                'body': body, 'model': self._name, 'res_id': record.id,
                'message_type': 'notification', 'subtype_id': subtype_id,
                'author_id': author.id, 'email_from': email_from,
                'reply_to': reply_to[record.id],
                'record_name': names[record.id],
                'message_id': tools.generate_tracking_message_id(
                    '%s-%s' % (record.id, self._name)),
            })
