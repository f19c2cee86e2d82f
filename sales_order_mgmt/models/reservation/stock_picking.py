# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reservation after confirmation.

Odoo (procurement_jit) reserves a confirmed order's deliveries inside the
confirming transaction. Two confirmations that reserve the same product in
the same warehouse update the same ``stock.quant`` rows; under PostgreSQL's
REPEATABLE READ the later one fails with a serialization conflict when it
writes, and Odoo runs the whole confirmation again after sleeping a random
share of 1, 2, 4, 8 then 16 s. The longer the confirmation, the wider the
window: with 16 and 32 people confirming at once this was the tail of
`make load` (bench/LOAD.md, 2026-12-05: 150-180 s slept per 90-s level).

With the company's ``reserve_after_confirmation`` on, the confirmation
records the deliveries Odoo asks to reserve instead of reserving them, and
once it is committed they are reserved in a transaction of their own (a few
dozen milliseconds). Its first statement locks, in id order, the stock
quants it may reserve from (the products' quants under the deliveries'
source locations), so that a conflict shows at once, before any work, and
once the locks are held the reservation goes through; a conflict is tried
again after a short pause (engine/reservation.py). The request that
confirmed returns after that: the user sees the order with its deliveries
reserved, as before.
If every try meets a conflict, the order says so in its chatter and a
background job reserves the deliveries. If the reservation itself fails
(an error, not a conflict), the order says so and no job is queued: it
would fail the same way; Check Availability reserves them once the cause
is fixed. If the server stops between the commit and the reservation,
nothing is said: the deliveries stay "Waiting" until Check Availability
or Odoo's scheduler (daily, "Run scheduler") reserves them.
"""
import logging
import random
import time

import psycopg2

import odoo
from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError
from odoo.addons.queue_job.job import job
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import html_escape

from ...engine import reservation as engine
from ..support.transaction_state import innermost

_logger = logging.getLogger(__name__)

#: transaction_state key: the ids of the deliveries a confirmation in
#: progress keeps for after its commit.
DEFERRED = 'reservation_deferred'


class StockPickingReservation(models.Model):
    _inherit = 'stock.picking'

    @api.multi
    def action_assign(self):
        kept = innermost(self.env, DEFERRED)
        if kept is None:
            return super(StockPickingReservation, self).action_assign()
        later = self.filtered('company_id.reserve_after_confirmation')
        kept.update(later.ids)
        if self - later:
            super(StockPickingReservation, self - later).action_assign()
        return True

    @api.multi
    def _reserve_after_commit(self):
        """Reserve these deliveries once the current transaction commits
        (nothing happens if it rolls back: a retried confirmation asks
        again). Code that goes on with the same environment after its
        commit reads the reservation: the reservation runs in this thread,
        whose environments share one record cache (Odoo 11), and its writes
        drop what that cache held of the records they change
        (tests/test_scale_reservation.py)."""
        cr, uid, ids = self.env.cr, self.env.uid, tuple(self.ids)
        moves = self.mapped('move_lines')
        stock = (moves.mapped('product_id').ids,
                 moves.mapped('location_id').ids)
        cr.after('commit', lambda: reserve_in_own_transaction(
            cr.dbname, uid, ids, stock))

    @api.multi
    def _reserve_now(self):
        open_ones = self.exists().filtered(
            lambda picking: picking.state not in ('draft', 'done', 'cancel'))
        open_ones.action_assign()
        return open_ones

    @api.multi
    def _reserve_later(self, reason, message=None):
        """Say on the orders why these deliveries are not reserved yet.
        ``reason`` 'conflict' (the stock stayed held through every try): a
        background job reserves them. 'error' (the reservation itself
        failed, ``message`` in the user's words if it has some): no job,
        which would fail the same way; the user's Check Availability, or
        Odoo's scheduler, reserves them once the cause is fixed."""
        pickings = self.exists()
        if not pickings:
            return
        for order in pickings.mapped('sale_id'):
            names = html_escape(', '.join(pickings.filtered(
                lambda picking: picking.sale_id == order).mapped('name')))
            if reason == 'conflict':
                body = _('Stock not reserved at confirmation (the same stock '
                         'was being reserved or delivered by others): a '
                         'background job reserves %s.') % names
            else:
                body = _('Stock not reserved at confirmation (%s): use Check '
                         'Availability on %s.') % (html_escape(
                             message or _('the reservation failed, see the '
                                          'server log')), names)
            order.message_post(body=body, subtype='mail.mt_note')
        if reason == 'conflict':
            pickings.with_delay(
                description=_('Reserve %s') % ', '.join(
                    pickings.mapped('name')),
            )._reserve_job()

    @job(default_channel='root')
    @api.multi
    def _reserve_job(self):
        """Reserve the deliveries whose reservation after confirmation did
        not go through (queue_job retries it on a conflict)."""
        return bool(self._reserve_now())


def lock_stock(cr, product_ids, location_ids):
    """Lock, in id order, the quants of ``product_ids`` in
    ``location_ids`` and their sublocations: the rows Odoo's reservation
    of moves from these locations reads and writes (stock.quant._gather).
    """
    cr.execute("""
        SELECT quant.id FROM stock_quant quant
          JOIN stock_location location ON location.id = quant.location_id
          JOIN stock_location root ON root.id = ANY(%s)
               AND location.parent_left >= root.parent_left
               AND location.parent_left < root.parent_right
         WHERE quant.product_id = ANY(%s)
         ORDER BY quant.id
           FOR UPDATE OF quant""", (list(location_ids), list(product_ids)))


def reserve_in_own_transaction(dbname, uid, picking_ids, stock=((), ()),
                               rng=None):
    """Reserve ``picking_ids`` as ``uid`` in short transactions of their own,
    trying again on a conflict (engine/reservation.py); what is still not
    reserved is said on its order (``_reserve_later``).
    ``stock``: (product ids, source location ids) of their moves.

    Runs after the confirmation's commit: it never raises, the order is
    confirmed whatever happens here. Returns True when all were reserved
    here."""
    try:
        with api.Environment.manage():
            return _reserve_or_report(odoo.registry(dbname), uid,
                                      tuple(picking_ids), stock,
                                      rng or random.Random())
    except Exception:  # noqa: B902 - the order is confirmed already
        _logger.exception('Reserving pickings %s after their confirmation '
                          'failed: Check Availability or Odoo\'s scheduler '
                          'reserves them', picking_ids)
        return False


def _reserve_or_report(registry, uid, picking_ids, stock, rng):
    outcome = _reserve_with_retries(registry, uid, picking_ids, stock, rng)
    if outcome is None:
        return True
    if outcome[0] == 'error' and len(picking_ids) > 1:
        # One delivery's error must not keep the others unreserved.
        outcomes = [(picking_id, _reserve_with_retries(
            registry, uid, (picking_id,), stock, rng))
            for picking_id in picking_ids]
    else:
        outcomes = [(picking_id, outcome) for picking_id in picking_ids]
    left = {}  # {(reason, message): picking ids}, reported together
    for picking_id, outcome in outcomes:
        if outcome is not None:
            left.setdefault(outcome, []).append(picking_id)
    for (reason, message), ids in left.items():
        _logger.warning('Reserving pickings %s after their confirmation: '
                        'not done (%s)', ids, reason)
        with registry.cursor() as cr:
            env = api.Environment(cr, uid, {})
            env = env(context={'lang': env.user.lang})
            env['stock.picking'].browse(ids)._reserve_later(reason, message)
    return not left


def _reserve_with_retries(registry, uid, picking_ids, stock, rng):
    """None once reserved, else (reason, message): ('conflict', None)
    when every try met a conflict, ('error', the user's words or None)
    when the reservation failed otherwise."""
    for attempt in range(engine.ATTEMPTS):
        try:
            with registry.cursor() as cr:
                # A row held by another reservation or delivery: wait a
                # little, then count it as a conflict and try again.
                cr.execute('SET LOCAL lock_timeout = %s',
                           (engine.LOCK_TIMEOUT,))
                lock_stock(cr, *stock)
                env = api.Environment(cr, uid, {})
                env['stock.picking'].browse(picking_ids)._reserve_now()
            return None
        except psycopg2.OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                _logger.exception('Reserving pickings %s failed', picking_ids)
                return 'error', None
            if attempt + 1 == engine.ATTEMPTS:
                break
            wait = engine.pause(attempt, rng)
            _logger.info('Reserving pickings %s met a conflict (%s), try '
                         '%d/%d in %.3f s', picking_ids, error.pgcode,
                         attempt + 1, engine.ATTEMPTS, wait)
            time.sleep(wait)
        except (UserError, ValidationError) as error:
            _logger.warning('Reserving pickings %s refused: %s', picking_ids,
                            error.name)
            return 'error', error.name
        except Exception:  # noqa: B902 - reported on the order
            _logger.exception('Reserving pickings %s failed', picking_ids)
            return 'error', None
    return 'conflict', None
