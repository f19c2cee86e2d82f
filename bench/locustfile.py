"""Locust user for `make load`: an order desk clerk over Odoo's JSON-RPC.

Each user runs the whole cycle again and again, each step timed as one
Locust request of type ``step`` (the RPC calls inside it are recorded too,
as ``rpc <model>.<method>``):

- ``create``: a quotation of LINES lines (random products and quantities);
- ``confirm``: ``action_confirm``;
- ``deliver``: every delivery of the order validated; one order in three is
  shipped short first (the first line half done: Odoo's backorder wizard
  in vanilla, the backorder policy in the addon) and its backorder is then
  validated in full;
- ``invoice``: ``action_invoice_create`` then ``action_invoice_open``;
- ``cycle``: the four steps of one order, recorded once the invoice is open.

A failed RPC call (an error answer, including a serialization conflict
that Odoo's retries did not absorb) fails its step and ends the cycle.
Configured by class attributes (bench/load_run.py sets them) or by
environment variables when run with the ``locust`` command:
SOM_LOAD_DATA (the JSON of bench/load_setup.py), SOM_LOAD_HOSTS (several
servers of the same database, space-separated: the users are spread over
them in turn, as a proxy in front of several Odoo servers would).
"""
import itertools
import json
import os
import random
import time

from locust import FastHttpUser, between, task

LINES = 5


class RpcError(Exception):
    """An error answer of Odoo's JSON-RPC."""


class OrderDesk(FastHttpUser):
    wait_time = between(0, 0)
    # Odoo ends a request at limit_time_real (120 s): the client waits as
    # long, so that a slow answer is measured, not counted as an error.
    network_timeout = 180.0
    connection_timeout = 180.0
    data = None  # {'db', 'login', 'password', 'products', 'customers'}
    partial_every = 3
    #: Several servers of one database: user n talks to hosts[n % len].
    hosts = tuple(os.environ.get('SOM_LOAD_HOSTS', '').split())
    _ids = itertools.count()
    _hosts = itertools.count()

    def __init__(self, environment):
        if self.hosts:
            self.host = self.hosts[next(self._hosts) % len(self.hosts)]
        super(OrderDesk, self).__init__(environment)

    def on_start(self):
        if self.data is None:
            with open(os.environ['SOM_LOAD_DATA']) as handle:
                type(self).data = json.load(handle)
        self.number = next(self._ids)
        self.rng = random.Random(self.number)
        self.orders = 0
        self.uid = self._call('common', 'login', [
            self.data['db'], self.data['login'], self.data['password']],
            name='rpc login')

    # -- JSON-RPC --------------------------------------------------------
    def _call(self, service, method, args, name):
        payload = {'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                   'params': {'service': service, 'method': method,
                              'args': args}}
        with self.client.post('/jsonrpc', json=payload, name=name,
                              catch_response=True) as answer:
            try:
                body = answer.json()
            except ValueError:
                answer.failure('not JSON: HTTP %s' % answer.status_code)
                raise RpcError('HTTP %s' % answer.status_code)
            if body.get('error'):
                error = body['error']
                message = (error.get('data') or {}).get('message') \
                    or error.get('message')
                answer.failure(message)
                raise RpcError(message)
            return body.get('result')

    def rpc(self, model, method, *args, **kwargs):
        return self._call('object', 'execute_kw', [
            self.data['db'], self.uid, self.data['password'], model, method,
            list(args), kwargs], name='rpc %s.%s' % (model, method))

    # -- one cycle -------------------------------------------------------
    def step(self, name, func):
        """Run func() as one Locust request named `name` (type step)."""
        start = time.perf_counter()
        error = None
        try:
            return func()
        except RpcError as caught:
            error = caught
            raise
        finally:
            self.environment.events.request.fire(
                request_type='step', name=name, response_length=0,
                response_time=(time.perf_counter() - start) * 1000,
                exception=error, context={})

    @task
    def cycle(self):
        start = time.perf_counter()
        try:
            order_id = self.step('create', self.create_quotation)
            self.step('confirm', lambda: self.rpc(
                'sale.order', 'action_confirm', [order_id]))
            partial = self.orders % self.partial_every == \
                self.number % self.partial_every
            self.step('deliver', lambda: self.deliver(order_id, partial))
            self.step('invoice', lambda: self.invoice(order_id))
        except RpcError:
            return
        self.orders += 1
        self.environment.events.request.fire(
            request_type='step', name='cycle', response_length=0,
            response_time=(time.perf_counter() - start) * 1000,
            exception=None, context={})

    def create_quotation(self):
        products = self.rng.sample(self.data['products'], LINES)
        return self.rpc('sale.order', 'create', {
            'partner_id': self.rng.choice(self.data['customers']),
            'order_line': [(0, 0, {
                'product_id': product,
                'product_uom_qty': self.rng.randint(1, 9),
            }) for product in products],
        })

    def deliver(self, order_id, partial):
        pickings = self.rpc('stock.picking', 'search_read', [
            ('sale_id', '=', order_id),
            ('state', 'not in', ('done', 'cancel'))], fields=['id'],
            order='id')
        for index, picking in enumerate(pickings):
            if partial and index == 0:
                self.validate_short(picking['id'])
                for backorder in self.rpc('stock.picking', 'search_read', [
                        ('backorder_id', '=', picking['id']),
                        ('state', 'not in', ('done', 'cancel'))],
                        fields=['id']):
                    self.validate(backorder['id'])
            else:
                self.validate(picking['id'])

    def validate(self, picking_id):
        """Validate as a user does: the button, then the wizards it opens
        (immediate transfer, backorder confirmation)."""
        action = self.rpc('stock.picking', 'button_validate', [picking_id])
        for _depth in range(3):
            if not isinstance(action, dict) or not action.get('res_model'):
                return
            action = self.rpc(action['res_model'], 'process',
                              [action['res_id']])

    def validate_short(self, picking_id):
        """The first line half done (none when it has one unit), the
        others in full, then validated."""
        if self.rpc('stock.picking', 'read', [picking_id],
                    ['state'])[0]['state'] != 'assigned':
            self.rpc('stock.picking', 'action_assign', [picking_id])
        lines = self.rpc('stock.move.line', 'search_read', [
            ('picking_id', '=', picking_id)], fields=['product_uom_qty'],
            order='id')
        for index, line in enumerate(lines):
            done = line['product_uom_qty']
            if index == 0:
                done = float(int(done // 2))
            self.rpc('stock.move.line', 'write', [line['id']],
                     {'qty_done': done})
        self.validate(picking_id)

    def invoice(self, order_id):
        invoice_ids = self.rpc('sale.order', 'action_invoice_create',
                               [order_id])
        self.rpc('account.invoice', 'action_invoice_open', invoice_ids)
