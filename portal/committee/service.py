from __future__ import annotations

from portal.campuses.service import unique_code_save
from portal.committee.models import Committee

COMMITTEE_FIELDS = ("code", "name_nb", "name_nn", "name_en", "active")


def committee_save(*, committee: Committee | None, values: dict, actor) -> Committee:
    values = {**values, "code": values["code"].strip().upper()}
    return unique_code_save(
        model=Committee,
        row=committee,
        values=values,
        actor=actor,
        kind="committee",
        code_field="code",
        fields=COMMITTEE_FIELDS,
    )
