"""A machine translation of an issue between bokmål and nynorsk, for a reader whose language is
the other one (DESIGN.md §4). Made on this server by Apertium (portal.core.apertium), shown
only when asked for and always marked as a machine translation; never stored."""

from __future__ import annotations

import logging

from portal.core import apertium

OTHER_NORWEGIAN = {"nb": "nn", "nn": "nb"}
log = logging.getLogger(__name__)


def translation_target(issue, reader_language: str) -> str | None:
    """The reader's language, when the issue is written in the other Norwegian language and a
    machine translation can be made here; else None (and no link is shown)."""
    if OTHER_NORWEGIAN.get(issue.language) != reader_language:
        return None
    try:
        return reader_language if apertium.apertium_available() else None
    except Exception:
        log.exception("Apertium check failed")
        return None


def machine_translation(issue, target: str) -> dict[str, str] | None:
    """The title and description in `target`, or None when Apertium cannot make them."""
    try:
        title = apertium.machine_translate(issue.title, issue.language, target)
        description = apertium.machine_translate(issue.description, issue.language, target)
    except Exception:
        log.exception("Apertium translation failed")
        return None
    if not title or not description:
        return None
    return {"title": title, "description": description}
