"""Survey files: the schema catches what is wrong, naming the file and the field; loading versions them."""

import shutil

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.surveys.cli import SURVEYS_FOLDER
from portal.surveys.definition import Definition, DefinitionError, check_folder, read_file
from portal.surveys.models import SurveyVersion
from portal.surveys.service import survey_load
from tests.surveys.helpers import answer, make_round

GOOD = """
id = "puls"
title = { nb = "Puls", nn = "Puls", en = "Pulse" }

[[sections]]
id = "en"
title = { nb = "Del", nn = "Del", en = "Part" }

[[sections.questions]]
id = "trives"
type = "likert"
required = true
dont_know = true
text = { nb = "Jeg trives.", nn = "Eg trivst.", en = "I am doing well." }
labels = { low = { nb = "Uenig", nn = "Ueinig", en = "Disagree" }, high = { nb = "Enig", nn = "Einig", en = "Agree" } }
"""


def write(tmp_path, text: str, name: str = "puls.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path, text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        read_file(write(tmp_path, text), "surveys/puls.toml")
    return caught.value.problems


def test_the_shipped_surveys_are_valid_and_in_three_languages():
    definitions, problems = check_folder(SURVEYS_FOLDER)
    assert problems == []
    assert set(definitions) == {"laeringsmiljo.toml", "medvirkning.toml"}
    environment = Definition(definitions["laeringsmiljo.toml"])
    assert 18 <= len(environment.questions) <= 22
    assert [s.id for s in environment.sections] == [
        "fysisk",
        "psykososialt",
        "organisatorisk",
        "digitalt",
        "pedagogisk",
    ]
    assert {q.type for q in environment.questions} == {"likert", "single", "multiple", "text"}
    assert any(q.show_if for q in environment.questions)
    pulse = Definition(definitions["medvirkning.toml"])
    assert 4 <= len(pulse.questions) <= 8
    # Every text in nb, nn and en, and nynorsk really nynorsk (not bokmål copied over).
    for definition in (environment, pulse):
        for question in definition.questions:
            assert set(question.text) == {"nb", "nn", "en"}
        nynorsk = " ".join(q.text["nn"] for q in definition.questions)
        assert not {" jeg ", " ikke ", " hva ", " hvor "} & {f" {w} " for w in nynorsk.lower().split()}


def test_the_check_command_passes_on_the_shipped_files(app):
    result = app.test_cli_runner().invoke(args=["portal", "surveys", "check"])
    assert result.exit_code == 0, result.output
    assert "2 survey definition(s) are valid" in result.output


def test_the_check_command_names_file_and_field_of_every_problem(app, tmp_path):
    folder = tmp_path / "surveys"
    folder.mkdir()
    shutil.copy(SURVEYS_FOLDER / "medvirkning.toml", folder)
    write(folder, GOOD.replace('nn = "Eg trivst.", ', ""), "a.toml")
    write(folder, 'id = "b\n', "b.toml")
    result = app.test_cli_runner().invoke(args=["portal", "surveys", "check", "--folder", str(folder)])
    assert result.exit_code == 1
    assert (
        "surveys/a.toml: sections[1].questions[1].text.nn: missing (every text needs nb, nn and en)"
        in result.output
    )
    assert "surveys/b.toml: broken TOML" in result.output
    assert "medvirkning" not in result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('type = "likert"', 'type = "slider"'),
            "sections[1].questions[1].type: unknown question type 'slider'",
        ),
        (('id = "trives"', 'id = "Trives!"'), "sections[1].questions[1].id: 'Trives!' is not a valid id"),
        (
            ("dont_know = true", 'dont_know = "yes"'),
            "sections[1].questions[1].dont_know: must be of type boolean",
        ),
        (
            ("required = true", "required = true\nmax_length = 10"),
            "max_length: not allowed for a question of type 'likert'",
        ),
        (
            (
                'title = { nb = "Puls", nn = "Puls", en = "Pulse" }',
                'title = { nb = "Puls", nn = " ", en = "Pulse" }',
            ),
            "title.nn: must not be empty",
        ),
        (("labels = ", "# "), "sections[1].questions[1].labels: missing"),
        (('id = "puls"', 'id = "puls"\ncolour = "red"'), "colour: unknown field"),
    ],
)
def test_each_kind_of_mistake_is_reported_with_its_path(tmp_path, change, expected):
    problems = problems_of(tmp_path, GOOD.replace(*change))
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("surveys/puls.toml: ") for problem in problems)


def test_duplicate_ids_and_bad_show_if_are_reported(tmp_path):
    text = (
        GOOD
        + """
[[sections.questions]]
id = "trives"
type = "single"
show_if = { question = "senere", options = ["ja"] }
text = { nb = "Igjen?", nn = "Igjen?", en = "Again?" }
options = [{ id = "ja", label = { nb = "Ja", nn = "Ja", en = "Yes" } }, { id = "ja", label = { nb = "Ja", nn = "Ja", en = "Yes" } }]

[[sections.questions]]
id = "oppfolging"
type = "text"
show_if = { question = "trives", options = ["nei"] }
text = { nb = "Hvorfor?", nn = "Kvifor?", en = "Why?" }
"""
    )
    problems = problems_of(tmp_path, text)
    assert (
        "surveys/puls.toml: sections[1].questions[2].id: duplicate question id 'trives' (also sections[1].questions[1])"
        in problems
    )
    assert any("questions[2].options[2].id: duplicate option id 'ja'" in p for p in problems)
    assert any(
        "questions[2].show_if.question: 'senere' is not a question before this one" in p for p in problems
    )
    assert any("questions[3].show_if.options[1]: 'nei' is not an option of 'trives'" in p for p in problems)


def test_load_creates_keeps_updates_and_versions(app, org, tmp_path):
    path = write(tmp_path, GOOD)
    version, outcome = survey_load(path=path)
    assert (version.number, outcome) == (1, "created")
    assert survey_load(path=path)[1] == "unchanged"
    # No answers yet: the version is corrected in place.
    write(tmp_path, GOOD.replace("Jeg trives.", "Jeg trives godt."))
    version, outcome = survey_load(path=path)
    assert (version.number, outcome) == (1, "updated")
    # With answers, a change makes a new version, and the answers keep theirs.
    survey_round = make_round(org, "open", name="laeringsmiljo")
    survey_round.version_id = version.id
    survey_round.survey_id = version.survey_id
    db.session.flush()
    db.session.refresh(survey_round)
    answer(survey_round, org.student(), {"trives": "4"})
    write(tmp_path, GOOD.replace("Jeg trives.", "Jeg trives svært godt."))
    newer, outcome = survey_load(path=path)
    assert (newer.number, outcome) == (2, "new-version")
    db.session.refresh(survey_round)
    assert survey_round.version.number == 1
    assert "Jeg trives godt." in survey_round.version.definition["sections"][0]["questions"][0]["text"]["nb"]
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(SurveyVersion)) == 3
    )  # and laeringsmiljo's


def test_the_load_command(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "surveys", "load", str(write(tmp_path, GOOD))])
    assert result.exit_code == 0
    assert "puls: version 1 created" in result.output
    broken = runner.invoke(
        args=["portal", "surveys", "load", str(write(tmp_path, GOOD.replace(', en = "Pulse"', ""), "x.toml"))]
    )
    assert broken.exit_code == 1
    assert "x.toml: title.en: missing" in broken.output
    missing = runner.invoke(args=["portal", "surveys", "load", str(tmp_path / "none.toml")])
    assert missing.exit_code == 1
    assert "no such file" in missing.output
