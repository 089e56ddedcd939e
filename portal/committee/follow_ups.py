"""A decision and the measures that follow it up, recorded together (DESIGN.md §3.3).

The measures are the committee's (its action plan for this year), answer the item's decision,
and go through portal.measures.service.measure_create: its SMART rules apply and its
notifications reach the authors and supporters of the issues behind the item. Everything
flushes in the caller's transaction, which the view commits once: if one measure is refused,
the decision is not recorded either.
"""

from __future__ import annotations

from collections.abc import Sequence

from portal.committee.errors import CommitteeError
from portal.committee.models import AgendaItem
from portal.committee.service import item_decide


def item_decide_with_follow_ups(
    *,
    item: AgendaItem,
    conclusion: str,
    decision: str,
    actor,
    expected_version: int | None,
    follow_ups: Sequence[dict] = (),
) -> list:
    """Record the decision (portal.committee.service.item_decide), then create one measure
    per entry of `follow_ups` (measure_create's keyword arguments: title, purpose, criterion,
    responsible_unit, responsible_text, due_on). Returns the measures.

    Raises CommitteeError as item_decide does, or "standing-no-follow-up"; MeasureError as
    measure_create does, with `follow_up` set to the index of the entry it concerns.
    """
    # Imported here: the measures domain reads the committee's models when it is imported.
    from portal.measures.service import MeasureError, measure_create

    follow_ups = list(follow_ups)
    if follow_ups and item.standing:
        raise CommitteeError("standing-no-follow-up")
    item_decide(
        item=item, conclusion=conclusion, decision=decision, actor=actor, expected_version=expected_version
    )
    measures = []
    for index, values in enumerate(follow_ups):
        try:
            measures.append(
                measure_create(actor=actor, committee=item.meeting.committee, agenda_item=item, **values)
            )
        except MeasureError as error:
            error.follow_up = index
            raise
    return measures
