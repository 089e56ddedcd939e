"""Small-group suppression with complementary suppression. Pure: counts in, which cells show out.

The rule (DESIGN.md §3.5): a cell of a breakdown (a campus, for one question) with as
many answers as the minimum group size or fewer is not shown. And no hidden cell may be
computable from the total minus the shown cells: if the hidden cells together hold
between 1 and `minimum` answers, the next smallest shown cell is hidden too, until they
hold none or more than `minimum`. The hidden cells are then shown together as one
"other" group (whose count is above the minimum, or zero), so the shown cells plus
"other" add up to the total and no single hidden cell can be told apart.

Every output (page, CSV, PDF, JSON) asks this one function.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Breakdown(Generic[K]):
    minimum: int
    total: int
    shown: tuple[K, ...]  # cells shown on their own, in the order given
    folded: tuple[K, ...]  # cells not shown on their own, in the order given
    small: tuple[K, ...]  # those of `folded` that are at or below the minimum themselves
    other: int  # the folded cells together (shown as one group when above the minimum)

    @property
    def total_shown(self) -> bool:
        """Too few answers in all: nothing at all is shown, not even the total."""
        return self.total > self.minimum

    @property
    def other_shown(self) -> bool:
        return self.total_shown and self.other > self.minimum

    def is_shown(self, key: K) -> bool:
        return key in self.shown


def suppress(counts: Mapping[K, int], minimum: int) -> Breakdown[K]:
    """Decide which cells of a breakdown are shown. `counts` maps each cell to its number of answers."""
    if minimum < 0:
        raise ValueError("minimum must not be negative")
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts must not be negative")
    keys = list(counts)
    total = sum(counts.values())
    small = [key for key in keys if counts[key] <= minimum]
    if total <= minimum:
        return Breakdown(minimum, total, (), tuple(keys), tuple(small), total)
    hidden = set(small)
    shown = [key for key in keys if key not in hidden]
    other = sum(counts[key] for key in hidden)
    while 0 < other <= minimum:
        # The smallest shown cell joins the hidden ones (the last given of equal ones, say).
        smallest = min(reversed(shown), key=lambda key: counts[key])
        shown.remove(smallest)
        hidden.add(smallest)
        other += counts[smallest]
    return Breakdown(
        minimum,
        total,
        tuple(shown),
        tuple(key for key in keys if key in hidden),
        tuple(small),
        other,
    )
