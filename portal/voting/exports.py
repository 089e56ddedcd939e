"""Published results as CSV and JSON: the same aggregates as the page, nothing per voter."""

from __future__ import annotations

import io
import re

from flask_babel import gettext as _

from portal.core.spreadsheets import csv_writer
from portal.voting.models import VotingRound
from portal.voting.queries import Results


def group_name(group) -> str:
    return group.campus.name if group.campus is not None else _("Other")


def results_filename(voting_round: VotingRound) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]", "", voting_round.committee.code) or "committee"
    return f"focus-areas-{code}-{voting_round.year}.csv"


def results_csv(data: Results) -> str:
    """UTF-8 with a byte-order mark, so a spreadsheet reads the letters right."""
    out = io.StringIO()
    writer = csv_writer(out)  # every cell through safe_cell: no formulas
    header = [_("Focus area"), _("Approvals"), _("Share of voters"), _("Adopted")]
    header += [_("Approvals: %(campus)s", campus=group_name(group)) for group in data.groups]
    writer.writerow(header)
    for row in data.proposals:
        writer.writerow(
            [
                row.proposal.display_title,
                row.approvals,
                f"{row.share:.4f}" if row.share is not None else "",
                _("Yes") if row.proposal.adopted else _("No"),
                *[group.approvals.get(row.proposal.id, 0) for group in data.groups],
            ]
        )
    writer.writerow([])
    writer.writerow([_("Voters"), data.voters])
    writer.writerow([_("Blank ballots"), data.blank])
    writer.writerow([_("Eligible students"), data.eligible])
    writer.writerow([_("Turnout"), f"{data.turnout:.4f}" if data.turnout is not None else ""])
    for group in data.groups:
        writer.writerow(
            [
                _("Turnout: %(campus)s", campus=group_name(group)),
                f"{group.turnout:.4f}" if group.turnout is not None else "",
                group.voters,
                group.eligible,
            ]
        )
    return "\ufeff" + out.getvalue()


def results_json(voting_round: VotingRound, phase, data: Results) -> dict:
    return {
        "round": {
            "id": voting_round.id,
            "committee": voting_round.committee.code,
            "year": voting_round.year,
            "max_choices": voting_round.max_choices,
            "phase": str(phase),
            "voting_closed_at": voting_round.voting_close_at.isoformat(),
            "results_published_at": voting_round.results_at.isoformat(),
        },
        "voters": data.voters,
        "blank": data.blank,
        "eligible": data.eligible,
        "turnout": data.turnout,
        "proposals": [
            {
                "id": row.proposal.id,
                "title": {code: row.proposal.display(code)[0] for code in ("nb", "nn", "en")},
                "approvals": row.approvals,
                "share_of_voters": row.share,
                "adopted": row.proposal.adopted,
            }
            for row in data.proposals
        ],
        "campuses": [
            {
                "campus": group.key,
                "voters": group.voters,
                "eligible": group.eligible,
                "turnout": group.turnout,
                "approvals": {str(pid): count for pid, count in group.approvals.items()},
            }
            for group in data.groups
        ],
    }
