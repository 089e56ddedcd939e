"""Cron commands for triage: the weekly digest to leaders, and closing issues after 30 days."""

from __future__ import annotations

import click

from portal.cli import portal_cli
from portal.extensions import db


@portal_cli.command("digest")
def digest_command() -> None:
    """For cron (weekly): mail each campus leader what is overdue or over the attention threshold."""
    from portal.triage.digest import send_digests

    sent = send_digests()
    db.session.commit()
    click.echo(f"digests queued: {sent}")


@portal_cli.command("auto-close")
def auto_close_command() -> None:
    """For cron (daily): close rejected, resolved and decided issues 30 days after their outcome."""
    from portal.issues.service import issues_auto_close

    closed = issues_auto_close()
    db.session.commit()
    click.echo(f"closed: {len(closed)}")
