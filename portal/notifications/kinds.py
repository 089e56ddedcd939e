"""The kinds of notification, registered by the domains that send them.

Each kind has a label for the e-mail settings page and a function that renders
its text from the stored parameters, in the language of whoever reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: object  # a lazy string, shown on the settings page
    render: Callable[[dict], str]  # params -> text in the current language
    email_default: bool = True
    # Who the kind concerns (shown on their settings page); None means everyone.
    audience: Callable[[Any], bool] | None = None

    def concerns(self, user) -> bool:
        return self.audience is None or self.audience(user)


KINDS: dict[str, NotificationKind] = {}


def register_kind(
    name: str,
    *,
    label,
    render: Callable[[dict], str],
    email_default: bool = True,
    audience: Callable[[Any], bool] | None = None,
) -> None:
    KINDS[name] = NotificationKind(name, label, render, email_default, audience)


def kinds_for(user) -> dict[str, NotificationKind]:
    return {name: spec for name, spec in KINDS.items() if spec.concerns(user)}


def render_notification(kind: str, params: dict) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    try:
        return spec.render(params or {})
    except (KeyError, TypeError, ValueError):
        return str(spec.label)
