"""`flask portal surveys check | load FILE | remind`: definitions and the survey cron."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.config import PROJECT_ROOT
from portal.extensions import db

SURVEYS_FOLDER = PROJECT_ROOT / "surveys"

surveys_cli = AppGroup("surveys", help="Survey definitions (surveys/*.toml) and the survey cron.")


@surveys_cli.command("check")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=SURVEYS_FOLDER,
    show_default="surveys/",
    help="Where the definitions are.",
)
def check_command(folder: Path) -> None:
    """Check every survey definition against the schema; exit 1 and list each problem if any."""
    from portal.surveys.definition import check_folder

    definitions, problems = check_folder(folder)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {folder.name}/")
    click.echo(f"{len(definitions)} survey definition(s) are valid: " + ", ".join(sorted(definitions)))


@surveys_cli.command("load")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def load_command(path: Path) -> None:
    """Create or update the survey defined in PATH. A version with answers is kept: a changed
    file then makes a new version, and answers keep the version they answered."""
    from portal.surveys.definition import DefinitionError
    from portal.surveys.service import survey_load

    try:
        version, outcome = survey_load(path=path, source=path.name)
    except DefinitionError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{path.name} was not loaded") from error
    db.session.commit()
    words = {
        "created": "created",
        "unchanged": "unchanged",
        "updated": "updated (version had no answers yet)",
        "new-version": "new version (the earlier one has answers)",
    }
    click.echo(f"{version.survey.key}: version {version.number} {words[outcome]}")


@surveys_cli.command("remind")
def remind_command() -> None:
    """For cron (every few minutes): tell students once when a round opens, send the reminders
    on their dates to those who have not answered, and seal the box of rounds that closed."""
    from portal.surveys.notifications import surveys_due

    done = surveys_due()
    db.session.commit()
    if not done:
        click.echo("nothing to do")
    for survey_round, what, count in done:
        click.echo(f"survey round {survey_round.id}: {what} {count}")
