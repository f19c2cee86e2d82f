# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reservation after confirmation: how often, and how long apart, the short
reservation transaction is tried before the work goes to a background job.

Plain values; models/reservation/ applies them.
"""
#: Tries of the reservation transaction right after the confirmation.
ATTEMPTS = 10
#: How long one try waits for a row another transaction holds (a stock
#: quant being reserved or delivered) before it counts as a conflict.
LOCK_TIMEOUT = '2s'
#: First pause between tries, in seconds; it doubles at each try up to
#: MAX_PAUSE.
FIRST_PAUSE = 0.05
MAX_PAUSE = 1.0


def pause(attempt, rng):
    """Seconds to wait after failed try number ``attempt`` (0-based): a
    random share of a window that doubles with each try (at most
    MAX_PAUSE), so that two reservations that met do not meet again.

    >>> import random
    >>> rng = random.Random(1)
    >>> [0 <= pause(n, rng) <= window(n) for n in range(ATTEMPTS)]
    [True, True, True, True, True, True, True, True, True, True]
    >>> [window(n) for n in (0, 1, 4, 5, 9)]
    [0.05, 0.1, 0.8, 1.0, 1.0]
    >>> round(sum(window(n) for n in range(ATTEMPTS - 1)), 2)  # at most
    5.55
    """
    return rng.uniform(0.0, window(attempt))


def window(attempt):
    """The longest pause after failed try number ``attempt``."""
    return min(FIRST_PAUSE * 2 ** attempt, MAX_PAUSE)
