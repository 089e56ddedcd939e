"""`flask portal reseal`, run from cron every RESEAL_MINUTES while rounds are open."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("reseal")
@with_appcontext
def reseal_command() -> None:
    """Rewrite the ballot box and survey boxes of open rounds, so that nothing in storage lines up
    who answered with what they answered; then VACUUM the tables (PostgreSQL)."""
    from portal.secrecy import reseal_open_rounds, vacuum_boxes

    done = reseal_open_rounds()
    vacuumed = vacuum_boxes()
    if not done:
        click.echo("nothing to reseal")
    for name, round_id, count in done:
        click.echo(f"{name} round {round_id}: {count} resealed")
    if vacuumed:
        click.echo("vacuumed " + ", ".join(vacuumed))
