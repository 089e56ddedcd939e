"""Demo report to the board (DESIGN.md §7): the secretary has written this year's assessment and
recommendations, in the committee's language (bokmål)."""

from __future__ import annotations

from portal.i18n import local_year
from portal.reports.service import board_report_save

ASSESSMENT = """Studentene har brukt portalen mer enn før, og flere saker er løst lokalt i campusrådene før de nådde utvalget. Saker om eksamensplanen og om lesesalsplasser kom fra alle tre campusene, og utvalget har behandlet dem samlet.

Svarprosenten i læringsmiljøundersøkelsen var for lav i Ålesund til at resultatene kunne vises for seg. Utvalget vil arbeide for en høyere svarprosent der."""

RECOMMENDATIONS = """Styret bør fastsette en felles frist for publisering av eksamensplanen, minst seks uker før første eksamen.

Styret bør sette av midler til flere lese- og arbeidsplasser i eksamensperiodene på alle campusene.

Styret bør be eiendomsavdelingen prioritere universell utforming i bygg A i vedlikeholdsplanen for neste år."""


def seed_board_report(*, users, campuses, committee) -> None:
    board_report_save(
        committee=committee,
        year=local_year(),
        assessment=ASSESSMENT,
        recommendations=RECOMMENDATIONS,
        actor=users["secretary@demo.test"],
    )
