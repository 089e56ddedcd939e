"""`flask portal voting-announce`, run from cron every few minutes."""

from __future__ import annotations

import click

from portal.cli import portal_cli
from portal.extensions import db


@portal_cli.command("voting-announce")
def voting_announce_command() -> None:
    """Tell every student when a focus-area round opens for proposals and for voting (once each),
    and seal the ballot box of rounds whose voting has closed."""
    from portal.voting.notifications import announcements_due

    done = announcements_due()
    db.session.commit()
    if not done:
        click.echo("nothing to do")
    for voting_round, what, count in done:
        click.echo(f"{voting_round.committee.code} {voting_round.year}: {what} {count}")
