"""Checks and chores for the translation catalogs (used by `make i18n` and the tests).

python -m portal.core.catalogs fill-english   # English msgstr = msgid where empty
python -m portal.core.catalogs apply FILE     # fill nb/nn from {"msgid": {"nb": …, "nn": …}}
python -m portal.core.catalogs check          # list untranslated or fuzzy entries
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from portal.config import PROJECT_ROOT
from portal.i18n import LANGUAGES

TRANSLATIONS = PROJECT_ROOT / "translations"


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def load(language: str):
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalog) -> None:
    catalog.fuzzy = False  # a fuzzy header makes `pybabel compile` skip the whole catalog
    with po_path(language).open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, width=100, no_location=True)


def _is_translated(message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def problems(language: str) -> list[str]:
    """Untranslated and fuzzy entries of one catalog."""
    found = []
    for message in load(language):
        if not message.id:
            continue
        if message.fuzzy:
            found.append(f"{language}: fuzzy: {message.id!r}")
        elif not _is_translated(message):
            found.append(f"{language}: untranslated: {message.id!r}")
    return found


def fill_english() -> int:
    catalog = load("en")
    filled = 0
    for message in catalog:
        if message.id and not _is_translated(message):
            message.string = message.id if not isinstance(message.id, tuple) else tuple(message.id)
            filled += 1
    save("en", catalog)
    return filled


def apply(path: Path) -> int:
    entries = json.loads(path.read_text(encoding="utf-8"))
    applied = 0
    for language in ("nb", "nn"):
        catalog = load(language)
        for message in catalog:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in entries and language in entries[key]:
                value = entries[key][language]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
                applied += 1
        save(language, catalog)
    return applied


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "fill-english":
        print(f"filled {fill_english()} English entries")
    elif command == "apply":
        print(f"applied {apply(Path(argv[1]))} entries")
    elif command == "check":
        found = [p for language in LANGUAGES for p in problems(language)]
        print("\n".join(found) or "all catalogs complete")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
