# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reservation after confirmation: how often, and how long apart, the short
reservation transaction is tried before the work goes to a background job.

Plain values; models/reservation/ applies them.
"""
#: Tries of the reservation transaction right after the confirmation.
ATTEMPTS = 5
#: How long one try waits for a row another transaction holds (a stock
#: quant being reserved or delivered) before it counts as a conflict.
LOCK_TIMEOUT = '2s'
#: First pause between tries, in seconds; it doubles at each try.
FIRST_PAUSE = 0.05


def pause(attempt, rng):
    """Seconds to wait after failed try number ``attempt`` (0-based): a
    random share of a window that doubles with each try, so that two
    reservations that met do not meet again.

    >>> import random
    >>> rng = random.Random(1)
    >>> [0 <= pause(n, rng) <= FIRST_PAUSE * 2 ** n for n in range(5)]
    [True, True, True, True, True]
    >>> round(sum(FIRST_PAUSE * 2 ** n for n in range(ATTEMPTS - 1)), 2)
    0.75
    """
    return rng.uniform(0.0, FIRST_PAUSE * 2 ** attempt)
