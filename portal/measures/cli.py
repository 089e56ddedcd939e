"""`flask portal measures remind`: reminders to the owners of measures (cron, daily)."""

from __future__ import annotations

import click

from portal.cli import portal_cli
from portal.extensions import db


@portal_cli.group("measures")
def measures_cli() -> None:
    """Measures and action plans."""


@measures_cli.command("remind")
def remind_command() -> None:
    """For cron (daily): remind owners a week before a measure's due date and when it is overdue, once each."""
    from portal.measures.notifications import send_reminders

    sent = send_reminders()
    db.session.commit()
    soon = sum(1 for _m, what, _n in sent if what == "soon")
    click.echo(f"reminders: {soon} due soon, {len(sent) - soon} overdue")
