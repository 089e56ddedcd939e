"""Survey definitions: TOML files checked by one JSON Schema (definition.schema.json) plus the
rules a schema cannot say (unique ids, "show if" pointing back at a single-choice question).

Every problem is reported as "<file>: <path to the field>: <what is wrong>", positions
counted from 1 (`sections[2].questions[3].text.nn: missing …`).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).with_name("definition.schema.json")
LANGUAGES = ("nb", "nn", "en")
QUESTION_TYPES = ("likert", "single", "multiple", "text")
LIKERT_VALUES = ("1", "2", "3", "4", "5")
DONT_KNOW = "dont_know"
# Fields that belong to one kind of question only.
TYPE_FIELDS = {
    "labels": ("likert",),
    "dont_know": ("likert",),
    "options": ("single", "multiple"),
    "max_length": ("text",),
}
TEXT_MAX_DEFAULT = 1000


class DefinitionError(Exception):
    """A survey file is not valid; `problems` lists each fault with its file and path."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text or "(top level)"


def _schema_problems(data: dict) -> list[tuple[list, str]]:
    problems = []
    for error in _validator().iter_errors(data):
        path = list(error.absolute_path)
        instance = error.instance
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(instance, dict) and name not in instance:
                    if name in LANGUAGES:
                        problems.append(([*path, name], "missing (every text needs nb, nn and en)"))
                    else:
                        problems.append(([*path, name], "missing"))
        elif error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(instance) - known):
                problems.append(([*path, name], "unknown field"))
        elif error.validator == "enum" and path and path[-1] == "type":
            problems.append(
                (path, f"unknown question type {instance!r}: use one of {', '.join(QUESTION_TYPES)}")
            )
        elif error.validator == "pattern" and "a-z" in str(error.validator_value):
            problems.append(
                (path, f"{instance!r} is not a valid id (lower-case letters, digits, - and _, from a letter)")
            )
        elif error.validator in ("pattern", "minLength"):
            problems.append((path, "must not be empty"))
        elif error.validator == "maxLength":
            problems.append((path, f"too long: at most {error.validator_value} characters"))
        elif error.validator == "type":
            problems.append((path, f"must be of type {error.validator_value}, not {type(instance).__name__}"))
        elif error.validator == "minItems":
            problems.append((path, f"needs at least {error.validator_value}"))
        elif error.validator == "maxItems":
            problems.append((path, f"at most {error.validator_value} allowed"))
        else:
            problems.append((path, error.message))
    return problems


def data_at(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _option_problems(question: dict, here: list) -> list[tuple[list, str]]:
    """An option id appears once in its question."""
    problems = []
    option_ids: dict[str, int] = {}
    for o, option in enumerate(question.get("options") or []):
        oid = option.get("id") if isinstance(option, dict) else None
        if isinstance(oid, str):
            if oid in option_ids:
                problems.append(
                    ([*here, "options", o, "id"], f"duplicate option id {oid!r} in this question")
                )
            option_ids.setdefault(oid, o)
    return problems


def _show_if_problems(question: dict, here: list, earlier: dict[str, dict]) -> list[tuple[list, str]]:
    """ "show if" names an earlier single-choice question and options it has."""
    condition = question.get("show_if")
    if not (isinstance(condition, dict) and isinstance(condition.get("question"), str)):
        return []
    name = condition["question"]
    target = earlier.get(name)
    where = [*here, "show_if", "question"]
    if target is None:
        return [(where, f"{name!r} is not a question before this one")]
    if target.get("type") != "single":
        return [(where, f"{name!r} is not a single-choice question")]
    known = {o.get("id") for o in target.get("options") or [] if isinstance(o, dict)}
    return [
        ([*here, "show_if", "options", n], f"{oid!r} is not an option of {name!r}")
        for n, oid in enumerate(condition.get("options") or [])
        if oid not in known
    ]


def _question_problems(question: dict, here: list) -> list[tuple[list, str]]:
    """Fields that belong to other question types."""
    kind = question.get("type")
    return [
        ([*here, name], f"not allowed for a question of type {kind!r}")
        for name, kinds in TYPE_FIELDS.items()
        if name in question and kind in QUESTION_TYPES and kind not in kinds
    ]


def _rule_problems(data: dict) -> list[tuple[list, str]]:
    """What the schema cannot say: ids unique, "show if" on an earlier single-choice answer."""
    problems = []
    seen_sections: dict[str, int] = {}
    seen_questions: dict[str, tuple[int, int]] = {}
    earlier: dict[str, dict] = {}
    for s, section in enumerate(data.get("sections") or []):
        if not isinstance(section, dict):
            continue
        sid = section.get("id")
        if isinstance(sid, str):
            if sid in seen_sections:
                problems.append(
                    (["sections", s, "id"], f"duplicate id {sid!r} (also sections[{seen_sections[sid] + 1}])")
                )
            seen_sections.setdefault(sid, s)
        for q, question in enumerate(section.get("questions") or []):
            if not isinstance(question, dict):
                continue
            here = ["sections", s, "questions", q]
            qid = question.get("id")
            if isinstance(qid, str):
                if qid in seen_questions:
                    other = _path(["sections", seen_questions[qid][0], "questions", seen_questions[qid][1]])
                    problems.append(([*here, "id"], f"duplicate question id {qid!r} (also {other})"))
                seen_questions.setdefault(qid, (s, q))
            problems += _question_problems(question, here)
            problems += _option_problems(question, here)
            problems += _show_if_problems(question, here, earlier)
            if isinstance(qid, str):
                earlier[qid] = question
    return problems


def validate(data: dict, source: str) -> None:
    """Raise DefinitionError listing every problem of a parsed definition."""
    problems = _schema_problems(data) + _rule_problems(data)
    if problems:
        unique = list(dict.fromkeys((tuple(path), message) for path, message in problems))
        problems = [(list(path), message) for path, message in unique]
        problems.sort(
            key=lambda item: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in item[0]]
        )
        raise DefinitionError([f"{source}: {_path(path)}: {message}" for path, message in problems])


def read_file(path: Path, source: str | None = None) -> dict:
    """Parse and check one survey file; raises DefinitionError."""
    source = source or path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DefinitionError([f"{source}: no such file"]) from None
    except UnicodeDecodeError:
        raise DefinitionError([f"{source}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError([f"{source}: broken TOML: {error}"]) from None
    validate(data, source)
    return data


def check_folder(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Every *.toml in the folder: ({file name: definition}, problems). Survey ids must be unique too."""
    definitions: dict[str, dict] = {}
    problems: list[str] = []
    owners: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = read_file(path, f"{folder.name}/{path.name}")
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if data["id"] in owners:
            problems.append(
                f"{folder.name}/{path.name}: id: {data['id']!r} is used by {owners[data['id']]} too"
            )
            continue
        owners[data["id"]] = f"{folder.name}/{path.name}"
        definitions[path.name] = data
    return definitions, problems


def digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# Reading a checked definition -----------------------------------------------------------------


def localised(text: dict | None, language: str | None = None) -> str:
    """A {nb, nn, en} text in the current (or given) language."""
    if not text:
        return ""
    if language is None:
        from portal.i18n import current_language

        language = current_language()
    return text.get(language) or text.get("nb") or ""


@dataclass(frozen=True)
class Option:
    id: str
    label: dict


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: dict
    section: int
    position: int
    required: bool = False
    help: dict | None = None
    dont_know: bool = False
    labels: dict | None = None
    options: tuple[Option, ...] = ()
    max_length: int = TEXT_MAX_DEFAULT
    show_if: tuple[str, frozenset[str]] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        """The values an answer may take ("1" … "5", "dont_know", or option ids)."""
        if self.type == "likert":
            return LIKERT_VALUES + ((DONT_KNOW,) if self.dont_know else ())
        return tuple(option.id for option in self.options)

    def choice_label(self, value: str, language: str | None = None) -> str:
        if self.type == "likert":
            if value == DONT_KNOW:
                from flask_babel import gettext as _

                return _("Don't know")
            if value == "1" and self.labels:
                return f"1 – {localised(self.labels['low'], language)}"
            if value == "5" and self.labels:
                return f"5 – {localised(self.labels['high'], language)}"
            return value
        for option in self.options:
            if option.id == value:
                return localised(option.label, language)
        return value


@dataclass(frozen=True)
class Section:
    id: str
    title: dict
    intro: dict | None
    questions: tuple[Question, ...] = field(default_factory=tuple)


class Definition:
    """A checked definition with its questions in order."""

    def __init__(self, data: dict, fingerprint: str | None = None):
        self.data = data
        self.digest = fingerprint or digest(data)
        self.key: str = data["id"]
        self.title: dict = data["title"]
        self.description: dict | None = data.get("description")
        sections = []
        position = 0
        for s, section in enumerate(data["sections"]):
            questions = []
            for question in section["questions"]:
                condition = question.get("show_if")
                questions.append(
                    Question(
                        id=question["id"],
                        type=question["type"],
                        text=question["text"],
                        section=s,
                        position=position,
                        required=bool(question.get("required", False)),
                        help=question.get("help"),
                        dont_know=bool(question.get("dont_know", False)),
                        labels=question.get("labels"),
                        options=tuple(Option(o["id"], o["label"]) for o in question.get("options", ())),
                        max_length=int(question.get("max_length", TEXT_MAX_DEFAULT)),
                        show_if=(condition["question"], frozenset(condition["options"]))
                        if condition
                        else None,
                    )
                )
                position += 1
            sections.append(Section(section["id"], section["title"], section.get("intro"), tuple(questions)))
        self.sections: tuple[Section, ...] = tuple(sections)
        self.questions: tuple[Question, ...] = tuple(q for s in self.sections for q in s.questions)
        self.by_id: dict[str, Question] = {q.id: q for q in self.questions}

    def text(self, value: dict | None, language: str | None = None) -> str:
        return localised(value, language)
