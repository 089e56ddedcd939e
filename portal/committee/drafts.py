"""Machine drafts between bokmål and nynorsk for the committee's texts (DESIGN.md §3.3, §4).

Made on this server by Apertium (portal.core.apertium); a draft is always shown as a draft
for a person to check, never saved on its own. Without Apertium there is no draft and the
button that asks for one is not shown.
"""

from __future__ import annotations

import logging

from portal.core import apertium

OTHER_NORWEGIAN = {"nb": "nn", "nn": "nb"}
log = logging.getLogger(__name__)


def drafts_available() -> bool:
    try:
        return bool(apertium.apertium_available())
    except Exception:
        log.exception("Apertium check failed")
        return False


def machine_draft(text: str | None, source: str | None, target: str | None) -> str | None:
    """`text` drafted from bokmål to nynorsk or back; None when there is nothing to draft, the
    languages are not that pair, or Apertium cannot do it."""
    if (
        not text
        or not text.strip()
        or source is None
        or target is None
        or OTHER_NORWEGIAN.get(source) != target
    ):
        return None
    try:
        return apertium.machine_translate(text, source, target) or None
    except Exception:
        log.exception("Apertium draft failed")
        return None


def draft_fields(values: dict[str, str | None], source: str, target: str) -> dict[str, str]:
    """Drafts of several texts at once; the texts that could not be drafted are left out."""
    drafts = {}
    for name, text in values.items():
        draft = machine_draft(text, source, target)
        if draft is not None:
            drafts[name] = draft
    return drafts
