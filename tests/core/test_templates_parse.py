"""Every template parses. The message extractor skips a template it cannot parse without a word,
and all of that template's texts then fall out of the catalogs (and lose their translations)."""

from pathlib import Path

import pytest
from jinja2.ext import babel_extract

PORTAL = Path(__file__).resolve().parents[2] / "portal"
TEMPLATES = sorted(p for p in PORTAL.glob("**/templates/**/*") if p.suffix in (".html", ".txt", ".svg"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PORTAL)))
def test_the_template_parses_for_extraction(path):
    with path.open("rb") as handle:
        list(
            babel_extract(
                handle,
                ["_", "gettext", "ngettext"],
                [],
                {"extensions": "jinja2.ext.do", "trimmed": "true", "silent": "false"},
            )
        )


def test_templates_are_found():
    assert len(TEMPLATES) > 50
