"""`flask portal …` commands for operators and cron."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from portal.extensions import db

portal_cli = AppGroup("portal", help="Læringsmiljøportalen commands.")


@portal_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has accounts.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo campuses, committee, categories and accounts."""
    from portal.demo import DemoRefused, database_is_empty, seed_demo

    if not database_is_empty():
        if if_empty:
            click.echo("The database has data already; demo data not loaded.")
            return
        raise click.ClickException("The database is not empty; demo data goes only into an empty one.")
    try:
        users = seed_demo()
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Demo data loaded: {len(users)} accounts, password 'lmu-demo-2026'.")


@portal_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an administrator account, or make an existing account administrator."""
    from portal.accounts.queries import user_by_email
    from portal.accounts.service import AccountError, role_grant, user_create
    from portal.authz import Role

    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    user = user_by_email(email)
    if user is None:
        user = user_create(name=name, email=email, password=password, verified=True, student=False)
    try:
        role_grant(user=user, role=Role.ADMINISTRATOR, actor=None)
    except AccountError:
        click.echo(f"{email} is already an administrator.")
    db.session.commit()
    click.echo(f"{email} is an administrator.")


@portal_cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, checking the outbox every few seconds.")
@click.option("--interval", default=10, show_default=True, help="Seconds between checks with --loop.")
@click.option("--batch", default=100, show_default=True, help="Messages claimed at a time.")
def send_mail_command(loop: bool, interval: int, batch: int) -> None:
    """Send the e-mail waiting in the outbox (retries failures with growing pauses).

    Several may run at once: each message is claimed by one worker, with a lease
    (MAIL_LEASE_SECONDS) after which a dead worker's messages are sent by another.
    """
    from portal.notifications.mail import send_pending

    while True:
        sent = failed = 0
        # Batch after batch while mail goes out; a batch that sends nothing (the server is
        # down, or the outbox is empty) ends the round.
        while True:
            batch_sent, batch_failed = send_pending(limit=max(batch, 1))
            sent, failed = sent + batch_sent, failed + batch_failed
            if not batch_sent:
                break
        if sent or failed or not loop:
            click.echo(f"sent {sent}, failed {failed}")
        if not loop:
            return
        time.sleep(interval)


@portal_cli.command("purge")
def purge_command() -> None:
    """For cron (daily): remove personal data past its retention period.

    Closed issues lose their author link, supporters, reports and actor names after
    RETENTION_YEARS; sent mail and read notifications go after 90 days; photos that
    were uploaded but never attached go after a day.
    """
    from flask import current_app

    from portal.issues.photos import purge_unattached_photos
    from portal.issues.privacy import purge_closed_issues
    from portal.notifications.retention import purge_mail_and_notifications

    issues = purge_closed_issues(years=current_app.config["RETENTION_YEARS"])
    mail, notes = purge_mail_and_notifications(days=90)
    photos = purge_unattached_photos(hours=24)
    db.session.commit()
    click.echo(
        f"issues purged: {issues}, mails deleted: {mail}, notifications deleted: {notes}, photos deleted: {photos}"
    )


@portal_cli.command("check-db")
def check_db_command() -> None:
    """Exit non-zero if the database cannot be reached (for deployment health checks)."""
    db.session.execute(sa.text("SELECT 1"))
    click.echo("ok")


def _register_subcommands() -> None:
    # Commands that live in their domains' own cli modules.
    from portal.secrecy.cli import reseal_command
    from portal.surveys.cli import surveys_cli

    portal_cli.add_command(reseal_command)
    portal_cli.add_command(surveys_cli)


_register_subcommands()
