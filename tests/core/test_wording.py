"""Wording (issue #9 item 27): real, consistent nynorsk; bokmål and English fixes."""

import re
from pathlib import Path

import pytest

from portal.core.catalogs import load
from tests.factories import sign_in

NN_TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("portal/**/templates/**/*_nn.html"))

# One form each, in every nynorsk text: the word on the left is not used.
NOT_IN_NYNORSK = {
    r"\bvert\b": "blir (not vert)",
    r"\bTilgjengeerklæring": "Tilgjengelegheitserklæring",
    r"\bteieplikta\b": "teiepliktig / teiepliktige (the adjective)",
    r"\bgrunngiving": "grunngjeving",
    r"\b(saks)?behandl": "handsame, sakshandsamar",
    r"\b(gje|gjev|gjeve|gjeven)\b": "gi, gir, gitt",
    r"\beit campus\b|\bcampuset\b": "ein campus, campusen",
    r"\b(ikke|hva|hvordan|hvis|noen|noe|være|gjøre|bare|hvilke)\b": "nynorsk, not bokmål",
}


def nynorsk_texts() -> list[tuple[str, str]]:
    texts = []
    for message in load("nn"):
        if message.id:
            strings = message.string if isinstance(message.string, tuple | list) else [message.string]
            texts += [(str(message.id), text) for text in strings]
    for path in NN_TEMPLATES:
        texts.append((path.name, re.sub(r"\{[{%].*?[%}]\}", " ", path.read_text(encoding="utf-8"))))
    return texts


@pytest.mark.parametrize(("pattern", "instead"), NOT_IN_NYNORSK.items())
def test_nynorsk_uses_one_form_throughout(pattern, instead):
    found = [(source, text) for source, text in nynorsk_texts() if re.search(pattern, text, re.IGNORECASE)]
    assert not found, f"use {instead}: {found[:5]}"


def test_the_nynorsk_footer_says_tilgjengelegheitserklaering(client):
    client.set_cookie("lang", "nn")
    for path in ("/", "/accessibility", "/campus/TRD/issues", "/privacy"):
        html = client.get(path).get_data(as_text=True)
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert ">Tilgjengelegheitserklæring</a>" in footer, path
    assert "<h1>Tilgjengelegheitserklæring</h1>" in client.get("/accessibility").get_data(as_text=True)


def test_bokmaal_and_english_fixes(client, org):
    from portal.extensions import db

    student = org.student()
    db.session.commit()
    sign_in(client, student)
    assert "Trakassering eller klage på en person?" in client.get("/issues/new").get_data(as_text=True)
    catalog = {m.id: m.string for m in load("nb") if m.id}
    assert catalog["What the committee decided about the issues students raised."].startswith(
        "Dette har utvalget vedtatt"
    )
    english = {m.id for m in load("en") if m.id}
    assert "Thank you – your issue has been sent" in english
    assert "Issues waiting, oldest first" in english
    assert not any(re.search(r"\b(is|are) sent\b", str(i)) for i in english if "back" not in str(i))
