# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Choice of the terms & conditions template of a quotation or invoice.

Pure Python, no Odoo import: the ORM side reads the candidate templates
in one search, turns them into :class:`TemplateSpec` values and the
document into :class:`DocumentFacts`, then calls :func:`select_template`.

A template's conditions are all optional; an empty condition matches any
document, and every condition that is set must match:

==================  ======================================================
``country_ids``     the customer's country is one of them
``category_ids``    the customer has at least one of these tags
``team_ids``        the document's sales team is one of them
``channels``        the order's entry channel code is one of them
``min_amount``      the untaxed amount is at least this (0 = no minimum)
``date_start``,     the document date is within them (both inclusive)
``date_end``
==================  ======================================================

Templates are tried by ``sequence`` (lower first), then ``id``; the first
whose usage and company fit and whose conditions all match wins.

>>> de = template_spec(1, sequence=10, country_ids={49})
>>> default = template_spec(2, sequence=20)
>>> facts = document_facts(country_id=49, amount=100.0,
...                        date='2026-03-01')
>>> select_template([default, de], facts)
Match(template_id=1, reasons=('country',))
>>> select_template([default, de], facts._replace(country_id=74))
Match(template_id=2, reasons=())
>>> select_template([de], facts._replace(country_id=74)) is None
True
"""
import collections

from ._common import as_date

__all__ = [
    'CONDITIONS', 'DocumentFacts', 'Match', 'TemplateSpec', 'USAGES',
    'document_facts', 'matched_conditions', 'select_template',
    'template_spec',
]

#: Template usages that apply to each kind of document.
USAGES = {
    'sale': frozenset(('sale', 'both')),
    'invoice': frozenset(('invoice', 'both')),
    # after-sale: return authorizations and their credit notes
    'return': frozenset(('return',)),
}

#: Names of the conditions, in the order reasons are given.
CONDITIONS = ('country', 'category', 'team', 'channel', 'amount', 'dates')

TemplateSpec = collections.namedtuple('TemplateSpec', (
    'id', 'sequence', 'usage', 'company_id', 'country_ids', 'category_ids',
    'team_ids', 'channels', 'min_amount', 'date_start', 'date_end'))
TemplateSpec.__doc__ = """A candidate template as plain values.

Ids are integers; ``*_ids`` and ``channels`` are sets (empty = any);
``company_id`` None means every company; dates are ``datetime.date``,
Odoo date strings or None."""

DocumentFacts = collections.namedtuple('DocumentFacts', (
    'usage', 'company_id', 'country_id', 'category_ids', 'team_id',
    'channel', 'amount', 'date'))
DocumentFacts.__doc__ = """What the conditions look at on a document."""

Match = collections.namedtuple('Match', 'template_id reasons')
Match.__doc__ = """The chosen template and the conditions it matched on
(a tuple of names from :data:`CONDITIONS`, empty when the template has no
conditions)."""


def template_spec(template_id, sequence=10, usage='sale', company_id=None,
                  country_ids=(), category_ids=(), team_ids=(), channels=(),
                  min_amount=0.0, date_start=None, date_end=None):
    """A :class:`TemplateSpec` with defaults for what is not given."""
    return TemplateSpec(
        template_id, sequence or 0, usage, company_id or None,
        frozenset(country_ids or ()), frozenset(category_ids or ()),
        frozenset(team_ids or ()), frozenset(channels or ()),
        min_amount or 0.0, _to_date(date_start), _to_date(date_end))


def document_facts(usage='sale', company_id=None, country_id=None,
                   category_ids=(), team_id=None, channel=None, amount=0.0,
                   date=None):
    """A :class:`DocumentFacts` with defaults for what is not given."""
    return DocumentFacts(
        usage, company_id or None, country_id or None,
        frozenset(category_ids or ()), team_id or None, channel or None,
        amount or 0.0, _to_date(date))


def _to_date(value):
    """A ``datetime.date`` from a date, datetime, Odoo string or None."""
    return as_date(value) if value else None


def matched_conditions(spec, facts):
    """The conditions of ``spec`` that ``facts`` match, or None.

    None means the template does not apply (wrong usage or company, or a
    condition that is set and not met).

    >>> spec = template_spec(1, category_ids={7, 8}, min_amount=500)
    >>> matched_conditions(spec, document_facts(category_ids={8},
    ...                                         amount=500))
    ('category', 'amount')
    >>> matched_conditions(spec, document_facts(category_ids={8},
    ...                                         amount=499.99)) is None
    True
    """
    if spec.usage not in USAGES.get(facts.usage, ()):
        return None
    if spec.company_id and spec.company_id != facts.company_id:
        return None
    checks = (
        ('country', spec.country_ids,
         lambda: facts.country_id in spec.country_ids),
        ('category', spec.category_ids,
         lambda: bool(spec.category_ids & facts.category_ids)),
        ('team', spec.team_ids, lambda: facts.team_id in spec.team_ids),
        ('channel', spec.channels, lambda: facts.channel in spec.channels),
        ('amount', spec.min_amount,
         lambda: facts.amount >= spec.min_amount),
        ('dates', spec.date_start or spec.date_end, lambda: _in_dates(
            spec, facts.date)),
    )
    reasons = []
    for name, is_set, check in checks:
        if not is_set:
            continue
        if not check():
            return None
        reasons.append(name)
    return tuple(reasons)


def _in_dates(spec, date):
    """True when ``date`` is within the validity of ``spec``."""
    if date is None:
        return False
    if spec.date_start and date < spec.date_start:
        return False
    if spec.date_end and date > spec.date_end:
        return False
    return True


def select_template(specs, facts):
    """The :class:`Match` of the first applicable template, or None.

    ``specs`` are tried by ``(sequence, id)`` whatever their order.

    >>> first = template_spec(5, sequence=1, usage='invoice')
    >>> both = template_spec(9, sequence=2, usage='both')
    >>> select_template([both, first], document_facts(usage='invoice'))
    Match(template_id=5, reasons=())
    >>> select_template([both, first], document_facts(usage='sale'))
    Match(template_id=9, reasons=())
    """
    for spec in sorted(specs, key=lambda spec: (spec.sequence, spec.id)):
        reasons = matched_conditions(spec, facts)
        if reasons is not None:
            return Match(spec.id, reasons)
    return None
