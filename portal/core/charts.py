"""Geometry for server-rendered SVG bar charts (no JavaScript, no inline styles: the CSP allows neither).

The template charts/_bar_chart.svg draws what bar_chart() computes (focus-area
results, the annual report); colours and fonts come from the .chart classes in
portal.css. Each chart is followed by a
table of the same data, which is what screen readers and small screens rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
ROW_GAP = 12
VALUE_SPACE = 60  # room right of the longest bar for its value
LABEL_CHARS = 52


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    label_y: int
    y: int
    width: int
    height: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items: list[tuple], value_space: int = VALUE_SPACE) -> Chart:
    """Horizontal bars, one per (label, value) or (label, value, value text), scaled to the largest value."""
    items = [(item[0], item[1], item[2] if len(item) > 2 else str(item[1])) for item in items]
    largest = max((value for _label, value, _text in items), default=0) or 1
    usable = WIDTH - value_space
    bars = []
    y = 0
    for label, value, text in items:
        label_y = y + LABEL_HEIGHT - 4
        bar_y = y + LABEL_HEIGHT
        width = round(usable * value / largest) if value else 0
        bars.append(
            Bar(
                label=_shorten(str(label)),
                value_text=text,
                label_y=label_y,
                y=bar_y,
                # A zero still shows as a hairline, so the row does not look missing.
                width=max(width, 2),
                height=BAR_HEIGHT,
                value_x=max(width, 2) + 6,
                value_y=bar_y + BAR_HEIGHT - 5,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return Chart(width=WIDTH, height=max(y - ROW_GAP, 1), bars=bars)
