"""Answers that take as long whether or not an account exists.

Asking for a reset link or a new confirmation link does the same work for an unknown
address as for a known one (portal.accounts.service renders the mail either way), except
writing the mail to the outbox: a committed write costs a few milliseconds more (measured
on PostgreSQL: 2-4 ms against 4-8 ms), enough to tell, over a few dozen tries, which
addresses have an account. So these answers are held back to a floor that both paths stay
well under.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import monotonic, sleep

# Both paths take a few milliseconds (tens under heavy load); a person does not notice 0.2 s.
ANSWER_FLOOR_SECONDS = 0.2


@contextmanager
def answer_no_sooner_than(seconds: float = ANSWER_FLOOR_SECONDS) -> Iterator[None]:
    started = monotonic()
    yield
    remaining = seconds - (monotonic() - started)
    if remaining > 0:
        sleep(remaining)
