"""Where each run of text lands on a WeasyPrint PDF page, and at what size.

Reads the content streams with pypdf and follows the graphics state (q/Q/cm) and the text
state (Tf/Tm/Td), so tests can compare positions and sizes as a reader sees them.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from tests.committee.helpers import _cmap, _decode


@dataclass(frozen=True)
class Run:
    page: int
    text: str
    x: float
    y: float  # from the top of the page, in points
    size: float  # the font size as printed, in points


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def text_runs(data: bytes) -> list[Run]:
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    runs: list[Run] = []
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        fonts = {name: _cmap(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        ctm, stack = (1, 0, 0, 1, 0, 0), []
        tm = line = (1, 0, 0, 1, 0, 0)
        cmap: dict[int, str] = {}
        size = 0.0

        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = _multiply(tuple(float(x) for x in operands), ctm)
            elif operator == b"BT":
                tm = line = (1, 0, 0, 1, 0, 0)
            elif operator == b"Tf":
                cmap, size = fonts.get(operands[0], {}), float(operands[1])
            elif operator == b"Tm":
                tm = line = tuple(float(x) for x in operands)
            elif operator in (b"Td", b"TD"):
                line = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
                tm = line
            elif operator in (b"Tj", b"TJ"):
                parts = [operands[0]] if operator == b"Tj" else operands[0]
                text = "".join(_decode(x, cmap) for x in parts if not isinstance(x, int | float))
                a, b, c, d, e, f = _multiply(tm, ctm)
                if text.strip():
                    runs.append(Run(number, text, e, height - f, size * math.sqrt(abs(a * d - b * c))))
    return runs
