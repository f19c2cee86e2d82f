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
If every try meets a conflict, or the server stops in between, the order
says so in its chatter and a background job reserves the deliveries (and
Odoo's scheduler would).
"""
import logging
import random
import time

import psycopg2

import odoo
from odoo import _, api, models
from odoo.addons.queue_job.job import job
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

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
        again)."""
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
    def _reserve_later(self, reason):
        """Leave the reservation to a background job, and say so on the
        orders. ``reason``: 'conflict' or 'error'."""
        pickings = self.exists()
        if not pickings:
            return
        reason = _('the same stock was being reserved or delivered by '
                   'others') if reason == 'conflict' else \
            _('the reservation failed, see the server log')
        for order in pickings.mapped('sale_id'):
            mine = pickings.filtered(lambda picking: picking.sale_id == order)
            order.message_post(
                body=_('Stock not reserved at confirmation (%s): a background '
                       'job reserves %s.') % (
                    reason, ', '.join(mine.mapped('name'))),
                subtype='mail.mt_note')
        pickings.with_delay(
            description=_('Reserve %s') % ', '.join(pickings.mapped('name')),
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
    trying again on a conflict; a background job if every try fails.
    ``stock``: (product ids, source location ids) of their moves.

    Returns True when reserved here, False when left to the job."""
    registry = odoo.registry(dbname)
    rng = rng or random.Random()
    reason = None
    with api.Environment.manage():
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
                return True
            except psycopg2.OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    _logger.exception('Reserving pickings %s failed',
                                      picking_ids)
                    reason = 'error'
                    break
                reason = 'conflict'
                if attempt + 1 == engine.ATTEMPTS:
                    break
                wait = engine.pause(attempt, rng)
                _logger.info('Reserving pickings %s met a conflict (%s), try '
                             '%d/%d in %.3f s', picking_ids, error.pgcode,
                             attempt + 1, engine.ATTEMPTS, wait)
                time.sleep(wait)
            except Exception:  # noqa: B902 - the order is confirmed already
                _logger.exception('Reserving pickings %s failed', picking_ids)
                reason = 'error'
                break
        _logger.warning('Reserving pickings %s left to a background job (%s)',
                        picking_ids, reason)
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                env = env(context={'lang': env.user.lang})
                env['stock.picking'].browse(picking_ids)._reserve_later(
                    reason)
        except Exception:  # noqa: B902 - logged; the scheduler reserves
            _logger.exception('Could not queue the reservation of pickings '
                              '%s: Odoo\'s scheduler will reserve them',
                              picking_ids)
    return False
