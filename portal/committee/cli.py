"""`flask portal committee regroup`: recompute the escalated inbox's groups in one batch."""

from __future__ import annotations

import click

from portal.cli import portal_cli
from portal.extensions import db


@portal_cli.group("committee")
def committee_cli() -> None:
    """The committees' escalated inbox."""


@committee_cli.command("regroup")
@click.option("--committee", "code", help="Only this committee (its code, e.g. LMU).")
@click.option(
    "--fresh", is_flag=True, help="Compute every signature again, not only missing or outdated ones."
)
def regroup_command(code: str | None, fresh: bool) -> None:
    """Group the escalated issues again (after changing similarity.THRESHOLD, after the
    migration that made the table, after bulk imports). Issues escalated later are placed
    one by one as they arrive."""
    import sqlalchemy as sa

    from portal.committee.grouping import regroup
    from portal.committee.models import Committee

    committees = None
    if code:
        committee = db.session.scalar(sa.select(Committee).where(Committee.code == code.upper()))
        if committee is None:
            raise click.ClickException(f"no committee with the code {code!r}")
        committees = [committee]
    stats = regroup(committees, fresh=fresh)
    db.session.commit()
    click.echo(
        "committees: {committees}, escalated issues: {issues}, signatures computed: {signed}, "
        "groups: {groups}, stale rows removed: {removed}".format(**stats)
    )
