"""Geometry for server-rendered SVG bar charts: no JavaScript and no inline styles (the CSP
allows neither). Colours come from presentation attributes and the .chart classes; every
chart is followed by a table of the same numbers, which is what screen readers use."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
ROW_GAP = 12
VALUE_SPACE = 60
LABEL_CHARS = 50


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    label_y: int
    y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, int]]) -> Chart:
    """One horizontal bar per (label, value), scaled to the largest value."""
    largest = max((value for _label, value in rows), default=0) or 1
    usable = WIDTH - VALUE_SPACE
    bars, y = [], 0
    for label, value in rows:
        width = max(round(usable * value / largest), 2)  # a zero is a hairline, not a gap
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=_shorten(str(label)),
                value=value,
                label_y=y + LABEL_HEIGHT - 4,
                y=bar_y,
                width=width,
                value_x=width + 6,
                value_y=bar_y + BAR_HEIGHT - 5,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return Chart(width=WIDTH, height=max(y - ROW_GAP, 1), bar_height=BAR_HEIGHT, bars=bars)
