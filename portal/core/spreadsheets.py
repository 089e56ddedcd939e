"""CSV for spreadsheets: no cell is run as a formula when the file is opened.

Excel, LibreOffice and Google Sheets treat a cell as a formula when it starts with
=, +, - or @, and they skip leading white space (spaces, tabs, line breaks, no-break
and ideographic spaces) to find that character. Every CSV export writes its rows
through csv_writer(), which passes every cell through safe_cell().
"""

from __future__ import annotations

import csv
import unicodedata
from decimal import Decimal

# The ASCII starters and their full-width forms (which some spreadsheets read as the same).
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def _first_visible(text: str) -> str:
    """The first character that is not white space, a control or an invisible format character."""
    for character in text:
        if character.isspace() or unicodedata.category(character) in ("Cc", "Cf"):
            continue
        return character
    return ""


def safe_cell(value):
    """A cell a spreadsheet shows as written: numbers as numbers, text that could start a
    formula (after any leading white space) with an apostrophe in front, which a spreadsheet
    takes as "this is text" and does not show."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    if _first_visible(text) in FORMULA_STARTS or text[:1] in ("\t", "\r", "\n"):
        return "'" + text
    return text


class _SafeWriter:
    def __init__(self, out, **dialect):
        self._writer = csv.writer(out, **dialect)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **dialect) -> _SafeWriter:
    """csv.writer(out, **dialect), with every cell passed through safe_cell()."""
    return _SafeWriter(out, **dialect)
