# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Sourcing rules: which warehouse ships each order line, and why.

Pure Python, no Odoo: ``models/`` turns records into the plain values below,
calls these functions and stores the result (with its reason) on the lines.

Values
------
``Rule``        a sourcing rule. Every condition is a collection of accepted
                values; an empty one matches anything, all set conditions
                must match. ``warehouses`` is the ordered list of candidate
                ``(warehouse_id, warehouse_name)``; ``strategy`` is one of
                ``STRATEGIES``. ``product_categ_ids`` must already include
                the child categories (see ``expand_categories``).
``Line``        an order line: ``key`` (any hashable, e.g. the line id),
                ``product_id``, ``categ_id``, ``qty`` in the product's UoM.
``OrderFacts``  what the rules look at on the order: delivery address
                (``country_id``, ``state_id``, ``zip``), tags of the
                commercial partner, sales team, entry channel.
``Allocation``  part of a line shipped from one warehouse: ``qty`` to ship,
                ``available_qty`` of it actually free in that warehouse (the
                rest is short: the backorder policy applies), the deciding
                ``rule_id`` (``None`` if no rule matched) and the ``reason``.

A worked example: customers in the EU are served from Berlin, then Lyon.

>>> berlin, lyon, paris = (1, 'WH Berlin'), (2, 'WH Lyon'), (3, 'WH Paris')
>>> eu = Rule(id=7, name='EU customers', strategy='split',
...           warehouses=[berlin, lyon], country_ids=[56, 74])
>>> order = OrderFacts(country_id=56, zip='10115')
>>> desk = Line(key=11, product_id=100, categ_id=5, qty=10.0)
>>> match_rule([eu], desk, order).name
'EU customers'
>>> free = {(1, 100): 4.0, (2, 100): 20.0}
>>> result = allocate([desk], [eu], free, paris, order)
>>> [(a.warehouse_name, a.qty) for a in result[11]]
[('WH Berlin', 4.0), ('WH Lyon', 6.0)]
>>> print(result[11][0].reason)
Rule 'EU customers': WH Berlin had 4 of 10, the remaining 6 from WH Lyon.
>>> print(summarize(result, {11: 'Desk'}))
Sourcing: 2 deliveries (WH Berlin, WH Lyon).
- Desk: 4 from WH Berlin, 6 from WH Lyon. Rule 'EU customers': WH Berlin \
had 4 of 10, the remaining 6 from WH Lyon.

A customer outside the EU matches no rule and keeps the order's warehouse:

>>> result = allocate([desk], [eu], free, paris, OrderFacts(country_id=233))
>>> print(result[11][0].reason)
No sourcing rule matched: ships from the order's warehouse WH Paris.

Translation: Odoo extracts the messages marked with ``_`` below into the
addon's ``.pot``; functions producing text accept ``translate``, a callable
mapping an English message template to the user's language (e.g. built on
``ir.translation._get_source``). Templates use named placeholders only.
"""
import re
from collections import OrderedDict, namedtuple

from ._common import _, format_number, round_to, speaker

STRATEGIES = ('fixed', 'priority', 'split')

CONDITIONS = (
    'country_ids', 'state_ids', 'zip_prefixes', 'partner_category_ids',
    'team_ids', 'product_categ_ids', 'product_ids', 'entry_channels',
)

Rule = namedtuple(
    'Rule', ('id', 'name', 'sequence', 'strategy', 'warehouses')
    + CONDITIONS,
    defaults=(10, 'fixed', ()) + ((),) * len(CONDITIONS),
)
Line = namedtuple('Line', 'key product_id categ_id qty')
OrderFacts = namedtuple(
    'OrderFacts',
    'country_id state_id zip partner_category_ids team_id entry_channel',
    defaults=(None, None, '', (), None, None),
)
Allocation = namedtuple(
    'Allocation',
    'warehouse_id warehouse_name qty available_qty rule_id reason',
)
Substitute = namedtuple('Substitute', 'product_id name free_qty')

# A zip prefix: at most 12 characters (the longest postal codes, with
# their separators, are 10).
_ZIP_PREFIX = re.compile(r'[A-Za-z0-9][A-Za-z0-9 -]{0,11}')


# Quantities ---------------------------------------------------------------

def _check_precision(precision):
    """Refuse a rounding precision that is not a positive number."""
    if not precision or precision <= 0:
        raise ValueError('precision must be positive, got %r' % precision)


class _Stock:
    """Free quantities of one order, consumed line after line.

    Works on a copy: the caller's dict is never changed.
    """

    def __init__(self, free_qty, precision):
        self._free = dict(free_qty)
        self.precision = precision

    def free(self, warehouse_id, product_id):
        """What is still free of the product in the warehouse (>= 0)."""
        qty = self._free.get((warehouse_id, product_id), 0.0) or 0.0
        return max(0.0, round_to(qty, self.precision))

    def take(self, warehouse_id, product_id, qty):
        """Take up to ``qty``; return what was actually free and taken."""
        free = self.free(warehouse_id, product_id)
        taken = min(free, qty)
        self._free[(warehouse_id, product_id)] = round_to(free - taken,
                                                          self.precision)
        return taken


# Matching -----------------------------------------------------------------

def normalize_zip(zip_code):
    """Zip as compared by the rules: no whitespace, upper case.

    >>> normalize_zip(' sw1a 1aa ')
    'SW1A1AA'
    """
    return ''.join((zip_code or '').split()).upper()


def parse_zip_prefixes(text, translate=None):
    """List the normalized prefixes of a comma-separated zip prefix field.

    Tokens are separated by commas; surrounding spaces and empty tokens are
    ignored. A token must start with a letter or a digit and contain only
    ASCII letters, digits, hyphens and spaces; it is then normalized like
    a zip (``normalize_zip``). Duplicates are dropped, order is kept.
    Any other token raises ``ValueError`` naming every bad token.

    >>> parse_zip_prefixes('75, 69-,, sw1a 1, 75')
    ['75', '69-', 'SW1A1']
    >>> parse_zip_prefixes(False)
    []
    >>> parse_zip_prefixes('75,69-,  ,**')
    Traceback (most recent call last):
    ...
    ValueError: Invalid zip prefix "**": a prefix starts with a letter or \
a digit and contains only letters, digits, hyphens and spaces (12 \
characters at most); separate prefixes with commas.
    """
    prefixes, bad = [], []
    for token in (text or '').split(','):
        token = token.strip()
        if not token:
            continue
        if not _ZIP_PREFIX.fullmatch(token):
            bad.append(token)
        elif normalize_zip(token) not in prefixes:
            prefixes.append(normalize_zip(token))
    if bad:
        raise ValueError(_zip_error(bad, translate))
    return prefixes


def _zip_error(bad, translate):
    """The message naming the junk tokens of a zip prefix field."""
    say = speaker(translate)
    tokens = ', '.join('"%s"' % token for token in bad)
    if len(bad) == 1:
        template = _('Invalid zip prefix %(tokens)s: a prefix starts with a '
                     'letter or a digit and contains only letters, digits, '
                     'hyphens and spaces (12 characters at most); separate '
                     'prefixes with commas.')
    else:
        template = _('Invalid zip prefixes %(tokens)s: a prefix starts with '
                     'a letter or a digit and contains only letters, '
                     'digits, hyphens and spaces (12 characters at most); '
                     'separate prefixes with commas.')
    return say(template, tokens=tokens)


def expand_categories(categ_ids, parent_map):
    """The given product categories and all their descendants.

    ``parent_map`` maps every category id to its parent id (or a false
    value for a root category).

    >>> parents = {1: None, 2: 1, 3: 2, 4: None}
    >>> sorted(expand_categories([2], parents))
    [2, 3]
    """
    children = {}
    for categ_id, parent_id in parent_map.items():
        children.setdefault(parent_id, []).append(categ_id)
    found, todo = set(), list(categ_ids)
    while todo:
        categ_id = todo.pop()
        if categ_id not in found:
            found.add(categ_id)
            todo.extend(children.get(categ_id, ()))
    return frozenset(found)


def _zip_matches(prefixes, zip_code):
    """Whether the delivery zip starts with one of the prefixes."""
    zip_code = normalize_zip(zip_code)
    return bool(zip_code) and any(
        zip_code.startswith(normalize_zip(prefix)) for prefix in prefixes)


def _facts(line, order):
    """What each condition of a rule is compared with, for one line."""
    return {
        'country_ids': order.country_id,
        'state_ids': order.state_id,
        'team_ids': order.team_id,
        'product_categ_ids': line.categ_id,
        'product_ids': line.product_id,
        'entry_channels': order.entry_channel,
    }


def _rule_matches(rule, facts, order):
    """Whether every set condition of the rule accepts the line."""
    for condition, value in facts.items():
        accepted = getattr(rule, condition)
        if accepted and value not in accepted:
            return False
    if rule.zip_prefixes and not _zip_matches(rule.zip_prefixes, order.zip):
        return False
    tags = rule.partner_category_ids
    return not tags or any(tag in tags for tag in order.partner_category_ids)


def _ordered(rules):
    """Rules in evaluation order: lower sequence first, then lower id."""
    return sorted(rules, key=lambda rule: (rule.sequence, rule.id))


def _first_match(ordered_rules, line, order):
    """First rule (already ordered) with candidates matching the line."""
    facts = _facts(line, order)
    for rule in ordered_rules:
        if rule.warehouses and _rule_matches(rule, facts, order):
            return rule
    return None


def match_rule(rules, line, order):
    """The rule deciding the line, or ``None``.

    Rules are tried by ``(sequence, id)``; the first whose every set
    condition matches wins. Partner tags match when the customer has any of
    the rule's tags; zip prefixes when the normalized delivery zip starts
    with one of them. A rule without candidate warehouses cannot source
    anything and is skipped.

    >>> cheap = Rule(id=2, name='Any', sequence=20, warehouses=[(1, 'A')])
    >>> fr = Rule(id=1, name='France', sequence=10, warehouses=[(2, 'B')],
    ...           country_ids=[75])
    >>> line = Line(key=1, product_id=9, categ_id=3, qty=1.0)
    >>> match_rule([cheap, fr], line, OrderFacts(country_id=75)).name
    'France'
    >>> match_rule([cheap, fr], line, OrderFacts(country_id=56)).name
    'Any'
    """
    return _first_match(_ordered(rules), line, order)


# Allocation ---------------------------------------------------------------

class _Context:
    """What the strategies of one line need to decide and explain."""

    def __init__(self, rule, product_id, qty, stock, say):
        self.rule = rule
        self.product_id = product_id
        self.qty = qty
        self.stock = stock
        self.say = say

    def num(self, value):
        """A quantity as written in a reason."""
        return format_number(value, self.stock.precision)

    def free(self, warehouse):
        """Free quantity of the line's product in the warehouse."""
        return self.stock.free(warehouse[0], self.product_id)

    def take(self, warehouse, qty):
        """Take up to ``qty`` of the product from the warehouse."""
        return self.stock.take(warehouse[0], self.product_id, qty)

    def sub(self, first, second):
        """``first - second`` at the rounding precision."""
        return round_to(first - second, self.stock.precision)

    def explain(self, template, **params):
        """The reason: the rule's name, then the sentence."""
        prefix = self.say(_("Rule '%(rule)s': "), rule=self.rule.name)
        return prefix + self.say(template, **params)


def _unique(warehouses):
    """Candidate warehouses without repetitions, order kept."""
    seen = OrderedDict()
    for warehouse in warehouses:
        seen.setdefault(warehouse[0], tuple(warehouse))
    return list(seen.values())


def _fixed(ctx, candidates):
    """Always the first candidate, whatever its stock."""
    first = candidates[0]
    taken = ctx.take(first, ctx.qty)
    if taken == ctx.qty:
        reason = ctx.explain(_('always from %(wh)s, which has all %(qty)s.'),
                             wh=first[1], qty=ctx.num(ctx.qty))
    elif taken:
        reason = ctx.explain(
            _('always from %(wh)s, which has %(free)s of %(qty)s; the '
              'backorder policy applies to the missing %(missing)s.'),
            wh=first[1], free=ctx.num(taken), qty=ctx.num(ctx.qty),
            missing=ctx.num(ctx.sub(ctx.qty, taken)))
    else:
        reason = ctx.explain(
            _('always from %(wh)s, which has none in stock; the backorder '
              'policy applies to all %(qty)s.'),
            wh=first[1], qty=ctx.num(ctx.qty))
    return [(first, ctx.qty, taken)], reason


def _shortage(ctx, warehouse, free, of_qty=True):
    """How much a candidate had, e.g. "WH Lyon had 4 of 10"."""
    if not free:
        return ctx.say(_('%(wh)s had none'), wh=warehouse[1])
    if of_qty:
        return ctx.say(_('%(wh)s had %(free)s of %(qty)s'), wh=warehouse[1],
                       free=ctx.num(free), qty=ctx.num(ctx.qty))
    return ctx.say(_('%(wh)s had %(free)s'), wh=warehouse[1],
                   free=ctx.num(free))


def _priority(ctx, candidates):
    """The first candidate having the whole line, else the first one."""
    shortages = []
    for warehouse in candidates:
        free = ctx.free(warehouse)
        if free >= ctx.qty:
            ctx.take(warehouse, ctx.qty)
            return [(warehouse, ctx.qty, ctx.qty)], _priority_reason(
                ctx, warehouse, shortages)
        shortages.append(_shortage(ctx, warehouse, free))
    first = candidates[0]
    taken = ctx.take(first, ctx.qty)
    reason = ctx.explain(
        _('no candidate had all %(qty)s (%(shortages)s); ships from %(wh)s, '
          'the backorder policy applies to the missing %(missing)s.'),
        qty=ctx.num(ctx.qty), shortages=', '.join(shortages), wh=first[1],
        missing=ctx.num(ctx.sub(ctx.qty, taken)))
    return [(first, ctx.qty, taken)], reason


def _priority_reason(ctx, warehouse, shortages):
    """Why a candidate having the whole line was chosen."""
    if not shortages:
        return ctx.explain(_('%(wh)s has all %(qty)s.'), wh=warehouse[1],
                           qty=ctx.num(ctx.qty))
    return ctx.explain(_('%(shortages)s; all %(qty)s from %(wh)s.'),
                       shortages=', '.join(shortages), qty=ctx.num(ctx.qty),
                       wh=warehouse[1])


def _split(ctx, candidates):
    """Free stock of the candidates in order; the rest on the first one."""
    takes, missing = [], ctx.qty
    for warehouse in candidates:
        if not missing:
            break
        taken = ctx.take(warehouse, missing)
        takes.append((warehouse, taken))
        missing = ctx.sub(missing, taken)
    parts = [(warehouse, taken, taken) for warehouse, taken in takes if taken]
    if missing:
        parts.insert(0, (candidates[0], missing, 0.0))
        return parts, _split_short_reason(ctx, takes, candidates[0], missing)
    return parts, _split_reason(ctx, takes)


def _split_reason(ctx, takes):
    """Explain a line fully covered by the candidates' stock."""
    if len(takes) == 1:
        return ctx.explain(_('%(wh)s has all %(qty)s.'), wh=takes[0][0][1],
                           qty=ctx.num(ctx.qty))
    phrases, before = [], 0.0
    for warehouse, taken in takes[:-1]:
        phrases.append(_shortage(ctx, warehouse, taken, not before))
        before += taken
    last, taken = takes[-1]
    if before:
        phrases.append(ctx.say(_('the remaining %(qty)s from %(wh)s'),
                               qty=ctx.num(taken), wh=last[1]))
    else:
        phrases.append(ctx.say(_('all %(qty)s from %(wh)s'),
                               qty=ctx.num(taken), wh=last[1]))
    return ctx.explain(_('%(phrases)s.'), phrases=', '.join(phrases))


def _split_short_reason(ctx, takes, first, missing):
    """Explain a line the candidates' stock cannot cover."""
    if not any(taken for _warehouse, taken in takes):
        return ctx.explain(
            _('no candidate has any in stock (%(whs)s); all %(qty)s go to '
              '%(wh)s, the backorder policy applies.'),
            whs=', '.join(warehouse[1] for warehouse, _taken in takes),
            qty=ctx.num(ctx.qty), wh=first[1])
    phrases, before = [], 0.0
    for warehouse, taken in takes:
        phrases.append(_shortage(ctx, warehouse, taken, not before))
        before += taken
    return ctx.explain(
        _('%(phrases)s; the missing %(missing)s go to %(wh)s, the backorder '
          'policy applies.'),
        phrases=', '.join(phrases), missing=ctx.num(missing), wh=first[1])


_STRATEGIES = {'fixed': _fixed, 'priority': _priority, 'split': _split}


def _merge(parts, rule_id, reason, precision):
    """One allocation per warehouse, summing the parts, in order.

    The strategies only make parts of positive quantity, so no allocation
    is ever of zero quantity.
    """
    merged = OrderedDict()
    for warehouse, qty, available in parts:
        total = merged.get(warehouse[0], (warehouse, 0.0, 0.0))
        merged[warehouse[0]] = (warehouse, total[1] + qty,
                                total[2] + available)
    return [
        Allocation(warehouse[0], warehouse[1], round_to(qty, precision),
                   round_to(available, precision), rule_id, reason)
        for warehouse, qty, available in merged.values()
    ]


def _allocate_line(line, qty, rule, stock, default_warehouse, say):
    """The allocations of one line of positive quantity."""
    if rule is None:
        taken = stock.take(default_warehouse[0], line.product_id, qty)
        reason = say(_("No sourcing rule matched: ships from the order's "
                       "warehouse %(wh)s."), wh=default_warehouse[1])
        return _merge([(default_warehouse, qty, taken)], None, reason,
                      stock.precision)
    if rule.strategy not in _STRATEGIES:
        raise ValueError('Unknown sourcing strategy %r of rule %r'
                         % (rule.strategy, rule.name))
    ctx = _Context(rule, line.product_id, qty, stock, say)
    parts, reason = _STRATEGIES[rule.strategy](ctx, _unique(rule.warehouses))
    return _merge(parts, rule.id, reason, stock.precision)


def allocate(order_lines, rules, free_qty, default_warehouse, order,
             precision=0.001, translate=None):
    """Decide the warehouses of every line of one order.

    :param order_lines: iterable of ``Line``, in the order's line order;
        earlier lines take the free stock first.
    :param rules: iterable of ``Rule`` (any order; of the order's company).
    :param free_qty: ``{(warehouse_id, product_id): free qty}``, on hand
        minus reserved; missing keys mean nothing free. Not modified.
    :param default_warehouse: ``(warehouse_id, name)`` of the order, for
        lines no rule matches.
    :param order: ``OrderFacts`` of the order.
    :param precision: rounding of quantities (the UoM rounding).
    :param translate: optional callable translating message templates.
    :returns: ``{line.key: [Allocation, ...]}`` in line order; one
        allocation per warehouse, none of zero quantity; a line whose
        quantity rounds to zero (or less) gets an empty list.

    Strategies: ``fixed`` ships from the first candidate; ``priority`` from
    the first candidate whose free quantity covers the line, else from the
    first one; ``split`` takes the candidates' free stock in order and puts
    any remainder on the first one.

    >>> a, b = (1, 'WH A'), (2, 'WH B')
    >>> rule = Rule(id=1, name='Nearest', strategy='priority',
    ...             warehouses=[a, b])
    >>> lines = [Line(1, 9, 3, 5.0), Line(2, 9, 3, 5.0)]
    >>> result = allocate(lines, [rule], {(1, 9): 6.0, (2, 9): 9.0}, a,
    ...                   OrderFacts())
    >>> print(result[2][0].reason)
    Rule 'Nearest': WH A had 1 of 5; all 5 from WH B.
    """
    _check_precision(precision)
    stock = _Stock(free_qty, precision)
    ordered_rules = _ordered(rules)
    say = speaker(translate)
    result = OrderedDict()
    for line in order_lines:
        qty = round_to(line.qty, precision)
        if qty <= 0:
            result[line.key] = []
            continue
        rule = _first_match(ordered_rules, line, order)
        result[line.key] = _allocate_line(line, qty, rule, stock,
                                          default_warehouse, say)
    return result


# Reporting ----------------------------------------------------------------

def summarize(allocations, labels=None, precision=0.001, translate=None):
    """Plain-text summary of ``allocate``'s result for the order's chatter.

    First line: the deliveries (one per warehouse); then one line per order
    line, labelled with ``labels[line_key]`` (e.g. the product name; the
    key itself when missing). Lines without allocations are left out.

    >>> print(summarize({}))
    Sourcing: nothing to deliver.
    """
    say = speaker(translate)
    labels = labels or {}
    warehouses = OrderedDict()
    rows = []
    for key, line_allocations in allocations.items():
        if not line_allocations:
            continue
        shipments = []
        for alloc in line_allocations:
            warehouses[alloc.warehouse_id] = alloc.warehouse_name
            shipments.append(say(_('%(qty)s from %(wh)s'),
                                 qty=format_number(alloc.qty, precision),
                                 wh=alloc.warehouse_name))
        rows.append('- %s: %s. %s' % (labels.get(key, key),
                                      ', '.join(shipments),
                                      line_allocations[0].reason))
    return '\n'.join([_deliveries(warehouses, say)] + rows)


def _deliveries(warehouses, say):
    """Header of the summary: how many deliveries, from where."""
    if not warehouses:
        return say(_('Sourcing: nothing to deliver.'))
    names = ', '.join(warehouses.values())
    if len(warehouses) == 1:
        return say(_('Sourcing: 1 delivery (%(whs)s).'), whs=names)
    return say(_('Sourcing: %(count)s deliveries (%(whs)s).'),
               count=len(warehouses), whs=names)


def substitutes_to_offer(allocations, candidates, precision=0.001):
    """In-stock substitutes to list for the lines with no stock at all.

    :param allocations: the result of ``allocate``.
    :param candidates: ``{line_key: [(product_id, name, free_qty), ...]}``,
        the substitutes of each line's product with their free quantity,
        in the order to show them.
    :returns: ``{line_key: [Substitute, ...]}`` only for lines none of
        whose quantity is available, only substitutes with free stock.

    >>> allocs = {1: [Allocation(1, 'WH A', 3.0, 0.0, None, 'No rule')]}
    >>> substitutes_to_offer(allocs, {1: [(5, 'Red', 0.0), (6, 'Blue', 2)]})
    {1: [Substitute(product_id=6, name='Blue', free_qty=2.0)]}
    """
    offers = {}
    for key, line_allocations in allocations.items():
        if not line_allocations or any(
                alloc.available_qty for alloc in line_allocations):
            continue
        in_stock = [
            Substitute(product_id, name, round_to(free, precision))
            for product_id, name, free in candidates.get(key, ())
            if round_to(free or 0.0, precision) > 0
        ]
        if in_stock:
            offers[key] = in_stock
    return offers
