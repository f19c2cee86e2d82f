# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Order processing checks: the decisions that need no database.

Pure Python, no Odoo: ``models/`` gathers the facts of a batch of orders
(credit limits, open receivables, unpaid confirmed orders, the amounts of
the orders being confirmed), calls these functions and applies the result
(refusal, warning, chatter).

Credit limit: a customer's exposure is what it already owes (open
receivables), what it has ordered and not been invoiced yet (confirmed
orders) and the orders being confirmed now, taken in the order of the
batch: confirming two orders of 600 for a customer with a limit of 1000
lets the first through and stops the second.

>>> result = credit_exposures(1000.0, 0.0, [(1, 600.0), (2, 600.0)])
>>> [(item.key, item.exposure, item.exceeded) for item in result]
[(1, 600.0, False), (2, 1200.0, True)]
>>> credit_exposures(0.0, 5000.0, [(1, 10.0)])[0].exceeded  # 0 = no limit
False
>>> print(credit_reason('Acme', 1200.0, 1000.0, 'EUR'))
Acme would owe 1,200.00 EUR with this order, over its credit limit of \
1,000.00 EUR.

Refusal: the failed checks of each order in plain words, blocking ones
first, then the warnings.

>>> print(refusal_text([
...     ('S001', [Failure('Delivery address incomplete', 'No ZIP code.')]),
...     ('S002', [Failure('Zero price', '', warning=True)]),
... ]))
S001 cannot be confirmed:
  - Delivery address incomplete: No ZIP code.
S002, warnings (they do not stop the confirmation):
  - Zero price (warning)

Domain checks: the part of a domain that reaches through a relation
(``partner_shipping_id.zip``) is what the models search among the records
of the batch only. ``within_relations`` takes a normalized domain whose
negations are on the leaves (Odoo's ``distribute_not``) and gathers each
largest part whose leaves all go through the same relation into one
``Related`` element, the part as a domain on the related model:

>>> address = ['|', '|', ('partner_shipping_id.street', '=', False),
...            ('partner_shipping_id.city', '=', False),
...            ('partner_shipping_id.country_id.code', '=', False)]
>>> within_relations(['&', ('state', '=', 'draft')] + address, path_leaf)
['&', ('state', '=', 'draft'), Related(field='partner_shipping_id', \
domain=['|', '|', ('street', '=', False), ('city', '=', False), \
('country_id.code', '=', False)])]

Leaves through different relations stay apart, and a negation Odoo could
not move onto its leaf is left to Odoo:

>>> within_relations(['|', ('partner_id.zip', '=', False),
...                   ('product_id.list_price', '!=', 0)], path_leaf)
['|', Related(field='partner_id', domain=[('zip', '=', False)]), \
Related(field='product_id', domain=[('list_price', '!=', 0)])]
>>> within_relations(['!', ('partner_id.categ_id', 'child_of', 3)],
...                  path_leaf)
['!', ('partner_id.categ_id', 'child_of', 3)]

Messages are marked with ``_`` for Odoo's extraction; the functions that
produce text accept a ``translate`` callable.
"""
import collections

from ._common import _, speaker

SEVERITIES = ('block', 'warning')

Exposure = collections.namedtuple('Exposure', 'key exposure exceeded')


class Failure(collections.namedtuple('Failure', 'name reason warning')):
    """A check an order failed: the check's name, the reason in plain
    words (may be empty) and whether it only warns."""

    def __new__(cls, name, reason='', warning=False):
        return super(Failure, cls).__new__(cls, name, reason or '', warning)


def credit_exposures(limit, committed, orders):
    """Exposure of a customer after each order of a batch.

    :param limit: the customer's credit limit; 0 or less means no limit.
    :param committed: open receivables + unpaid confirmed orders.
    :param orders: [(key, amount)] of the orders being confirmed, in
        the order they are confirmed.
    :return: [Exposure(key, exposure, exceeded)], one per order.
    """
    result = []
    exposure = committed
    for key, amount in orders:
        exposure += amount
        exceeded = limit > 0 and exposure - limit > 1e-6
        result.append(Exposure(key, exposure, bool(exceeded)))
    return result


def format_amount(value):
    """1234.5 -> '1,234.50' (grouping and decimals of the reports)."""
    return '{:,.2f}'.format(value)


def credit_reason(customer, exposure, limit, currency, translate=None):
    """The plain-words reason of a credit limit failure."""
    say = speaker(translate)
    return say(_('%s would owe %s %s with this order, over its credit '
                 'limit of %s %s.'),
               customer, format_amount(exposure), currency,
               format_amount(limit), currency)


Related = collections.namedtuple('Related', 'field domain')


def path_leaf(element):
    """``(field, the leaf on the related model)`` of a domain leaf whose
    field path goes through a relation; None for an operator or a leaf on
    the record's own field.

    >>> path_leaf(['product_id.categ_id.name', 'ilike', 'Desk'])
    ('product_id', ('categ_id.name', 'ilike', 'Desk'))
    >>> path_leaf(('price_unit', '=', 0)) is None
    True
    """
    if not isinstance(element, (list, tuple)) or len(element) != 3 or \
            not isinstance(element[0], str) or '.' not in element[0]:
        return None
    head, rest = element[0].split('.', 1)
    return head, (rest, element[1], element[2])


def within_relations(domain, relation_of):
    """``domain`` (normalized, negations on the leaves) with each largest
    part whose leaves all go through one relation as a ``Related``.

    ``relation_of(leaf)``: ``(field, leaf on the related model)`` for a
    leaf to gather, None for the others. A record is in ``field in
    (related records matching the part)`` exactly when it matches the
    part: its one related record matches all the leaves of an "and", one
    of an "or". Iterative, as Odoo's own parser: a domain of thousands of
    leaves (a list of ZIP codes) is no deeper a call than one of two.
    """
    result = []
    todo = [_domain_tree(domain, relation_of)]
    while todo:
        node = todo.pop()
        if node.field:
            result.append(Related(node.field, _flat(node, 'rest')))
        elif node.operator == '!':
            # A negation Odoo keeps before its leaf: left to Odoo.
            result.extend(_flat(node, 'leaf'))
        elif node.operator is None:
            result.append(node.leaf)
        else:
            result.append(node.operator)
            todo.extend(reversed(node.children))
    return result


class _Node(object):
    """A leaf (``rest``: the leaf on the related model when it goes
    through a relation), or an operator and its children; ``field``: the
    relation every leaf below goes through with no negation between, or
    None."""
    __slots__ = ('leaf', 'rest', 'operator', 'children', 'field')

    def __init__(self, leaf=None, rest=None, operator=None, children=(),
                 field=None):
        self.leaf = leaf
        self.rest = rest
        self.operator = operator
        self.children = children
        self.field = field


def _domain_tree(domain, relation_of):
    """The tree of a normalized prefix domain, built from its end (each
    operator finds its operands made)."""
    stack = []
    for element in reversed(list(domain)):
        if element in ('&', '|', '!'):
            arity = 1 if element == '!' else 2
            if len(stack) < arity:
                raise ValueError('incomplete domain: %r' % (domain,))
            children = [stack.pop() for _index in range(arity)]
            fields = {child.field for child in children}
            field = fields.pop() if element != '!' and len(fields) == 1 \
                else None
            stack.append(_Node(operator=element, children=children,
                               field=field))
        else:
            found = relation_of(element)
            stack.append(_Node(leaf=element, rest=found and found[1],
                               field=found and found[0] or None))
    if len(stack) != 1:
        raise ValueError('incomplete domain: %r' % (domain,))
    return stack[0]


def _flat(node, leaf_attribute):
    """The part below ``node`` as a prefix domain, each leaf given by its
    ``leaf_attribute``: ``leaf`` as written, ``rest`` on the related
    model."""
    result = []
    todo = [node]
    while todo:
        node = todo.pop()
        if node.operator is None:
            result.append(getattr(node, leaf_attribute))
        else:
            result.append(node.operator)
            todo.extend(reversed(node.children))
    return result


def failure_line(failure, translate=None):
    """'- name: reason' (+ '(warning)' for a warning)."""
    say = speaker(translate)
    text = failure.name
    if failure.warning:
        text = say(_('%s (warning)'), text)
    if failure.reason:
        text = '%s: %s' % (text, failure.reason)
    return '  - %s' % text


def split(failures):
    """(blocking, warnings) of a list of Failure."""
    blocking = [item for item in failures if not item.warning]
    warnings = [item for item in failures if item.warning]
    return blocking, warnings


def order_text(order_name, failures, translate=None):
    """The failed checks of one order: the blocking ones, then the
    warnings apart.

    >>> print(order_text('S001', [Failure('Big order', warning=True),
    ...                           Failure('No ZIP', 'Add it.')]))
    S001 cannot be confirmed:
      - No ZIP: Add it.
    S001, warnings (they do not stop the confirmation):
      - Big order (warning)
    """
    say = speaker(translate)
    blocking, warnings = split(failures)
    lines = []
    if blocking:
        lines.append(say(_('%s cannot be confirmed:'), order_name))
        lines += [failure_line(item, translate) for item in blocking]
    if warnings:
        lines.append(say(_('%s, warnings (they do not stop the '
                           'confirmation):'), order_name))
        lines += [failure_line(item, translate) for item in warnings]
    return '\n'.join(lines)


def refusal_text(orders, translate=None):
    """Text of the refusal of a batch: [(order name, [Failure])]; orders
    without failures are left out."""
    return '\n'.join(order_text(name, failures, translate)
                     for name, failures in orders if failures)
