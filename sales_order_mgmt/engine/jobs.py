# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background work (OCA queue_job): when to leave the request, how to split.

Plain functions over plain values; models/jobs/sale_job.py applies them.
"""
from ._common import chunks

#: Defaults of the thresholds (ir.config_parameter, see readme/CONFIGURE.rst):
#: above them the work runs as background jobs, at or below them it stays
#: in the request as before.
DEFAULT_THRESHOLDS = {
    'export_lines': 100000,      # ~7 s of export in the request
    'print_documents': 100,      # ~6-35 s of PDF rendering
    'ageing_pickings': 500,      # backorders cancelled by the daily run
}
#: Size of one job's share of the work: each stays far below Odoo's
#: limit_time_real (120 s by default) on a slow machine.
DEFAULT_CHUNKS = {
    'export_lines': 25000,       # one workbook of ~25k lines: ~10 s
    'print_documents': 25,       # ~2-9 s of rendering per job
    'volume_print_documents': 500,   # documents per merged PDF (~5 s)
    'ageing_pickings': 200,      # ~5 s of cancelling and notifying per job
}


def parse_limit(raw, default):
    """A threshold or chunk size from a configuration string: a positive
    integer, else `default` (a typo never switches the behaviour off).

    >>> parse_limit('250', 100), parse_limit(' 7 ', 100)
    (250, 7)
    >>> parse_limit('', 100), parse_limit('abc', 100), parse_limit('0', 100)
    (100, 100, 100)
    >>> parse_limit(None, 100), parse_limit('-5', 100)
    (100, 100)
    """
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


def runs_in_background(size, threshold):
    """True when work of `size` units goes to background jobs: strictly
    above the threshold (at it, the request does it as before).

    >>> runs_in_background(100, 100), runs_in_background(101, 100)
    (False, True)
    """
    return size > threshold


def split(items, size):
    """`items` in order, in lists of at most `size`.

    >>> split([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    >>> split([], 3)
    []
    """
    return list(chunks(items, size))


def steps_for(count, size):
    """Number of chunks of at most `size` that `count` units need.

    >>> steps_for(0, 200), steps_for(1, 200), steps_for(400, 200)
    (0, 1, 2)
    >>> steps_for(401, 200)
    3
    """
    return -(-count // size) if count > 0 else 0


def volumes(parts, chunk, volume):
    """Indexes of `parts` chunks of `chunk` documents grouped into files of
    at most `volume` documents (at least one chunk per file).

    >>> volumes(5, 25, 50)
    [[0, 1], [2, 3], [4]]
    >>> volumes(3, 25, 10), volumes(0, 25, 500)
    ([[0], [1], [2]], [])
    """
    per_file = max(volume // chunk, 1)
    return split(range(parts), per_file)


def progress_percent(done, total):
    """Percentage shown to the user, 0-100, one decimal; 100 only when done.

    >>> progress_percent(0, 4), progress_percent(1, 3), progress_percent(4, 4)
    (0.0, 33.3, 100.0)
    >>> progress_percent(999, 1000), progress_percent(3, 0)
    (99.9, 0.0)
    """
    if total <= 0:
        return 0.0
    done = min(max(done, 0), total)
    percent = int(done * 1000 / total) / 10.0
    return percent


def failure_reason(exc_info):
    """The reason a failed job gives the user: the last line of the
    traceback queue_job stored (the exception and its message), without
    the module path of the exception class.

    >>> failure_reason('Traceback (most recent call last):\\n  File "x"\\n'
    ...                'odoo.exceptions.AccessError: '
    ...                '(\\'No access\\', None)\\n')
    "AccessError: ('No access', None)"
    >>> failure_reason('Traceback:\\nValueError: bad\\n\\n')
    'ValueError: bad'
    >>> failure_reason(''), failure_reason(None)
    ('', '')
    """
    lines = [line for line in (exc_info or '').splitlines() if line.strip()]
    if not lines:
        return ''
    last = lines[-1].strip()
    head, sep, message = last.partition(': ')
    if sep and '.' in head and ' ' not in head:
        head = head.rsplit('.', 1)[1]
    return head + sep + message
