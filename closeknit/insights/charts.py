"""Chart geometry for server-rendered SVG (templates draw it; no JavaScript).

Coordinates are strings formatted here, so a template's number localisation can never
turn "12.5" into "12,5" inside an SVG attribute. Charts use a fixed viewBox and scale to
the width of the screen; colours come from CSS classes (insights.css), so dark mode works.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from closeknit.lib import when

WIDTH = 320
LABEL_H = 18
BAR_H = 12
BAR_GAP = 3
GROUP_GAP = 12
BAR_MAX = 250


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    text_x: str
    text_y: str
    label: str
    css: str


@dataclass
class BarGroup:
    label: str
    label_y: str
    bars: list[Bar]
    highlight: bool = False  # drawn with a marker before the label, not by colour alone

    @property
    def label_x(self) -> str:
        return "12" if self.highlight else "0"

    @property
    def marker_y(self) -> str:
        return _n(float(self.label_y) - 4)


@dataclass
class BarChart:
    width: int
    height: int
    groups: list[BarGroup]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def grouped_bars(
    groups: Sequence[tuple[str, Sequence[float | None], bool]],
    *,
    maximum: float,
    classes: Sequence[str],
    empty: str = "\u2013",
) -> BarChart:
    """Horizontal bars, one group per label (e.g. a practice), one bar per series."""
    maximum = maximum or 1
    y = 0.0
    drawn = []
    for label, values, highlight in groups:
        bars = []
        label_y = y + 13
        bar_y = y + LABEL_H
        for index, value in enumerate(values):
            length = 0.0 if value is None else max(0.0, min(value, maximum)) / maximum * BAR_MAX
            top = bar_y + index * (BAR_H + BAR_GAP)
            bars.append(
                Bar(
                    x="0",
                    y=_n(top),
                    width=_n(max(length, 1.5) if value is not None else 0),
                    height=str(BAR_H),
                    text_x=_n(length + 5),
                    text_y=_n(top + BAR_H - 2),
                    label=empty if value is None else _n(value),
                    css=classes[index % len(classes)],
                )
            )
        drawn.append(BarGroup(label=label, label_y=_n(label_y), bars=bars, highlight=highlight))
        y = bar_y + len(values) * (BAR_H + BAR_GAP) + GROUP_GAP
    return BarChart(width=WIDTH, height=max(int(y), 1), groups=drawn)


@dataclass
class Line:
    css: str
    points: str
    dots: list[tuple[str, str]]

    @property
    def dots_path(self) -> str:
        """All dots as one SVG path of zero-length strokes: with a round cap each one is
        drawn as a circle (insights.css), so a year of points is one element per line,
        not one per point."""
        return "".join(f"M{x} {y}h0" for x, y in self.dots)


@dataclass
class LineChart:
    width: int
    height: int
    lines: list[Line]
    grid: list[tuple[str, str]] = field(default_factory=list)  # (y, label)
    x_labels: list[tuple[str, str, str]] = field(default_factory=list)  # (x, label, anchor)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


LINE_H = 150
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 30, 12, 10, 24


def line_chart(
    *,
    dates: Sequence[date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    minimum: float,
    maximum: float,
    ticks: Sequence[float],
) -> LineChart:
    """Lines over time: `series` is (css class, one value or None per date)."""
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = LINE_H - PAD_TOP - PAD_BOTTOM
    span = (dates[-1] - dates[0]).days if len(dates) > 1 else 0

    def x_of(day: date) -> float:
        if not span:
            return PAD_LEFT + plot_w / 2
        return PAD_LEFT + (day - dates[0]).days / span * plot_w

    def y_of(value: float) -> float:
        return PAD_TOP + (1 - (value - minimum) / ((maximum - minimum) or 1)) * plot_h

    lines = []
    for css, values in series:
        dots = [
            (_n(x_of(d)), _n(y_of(v))) for d, v in zip(dates, values, strict=True) if v is not None
        ]
        lines.append(Line(css=css, points=" ".join(f"{x},{y}" for x, y in dots), dots=dots))
    labels = []
    if dates:
        labels.append(
            (
                _n(x_of(dates[0])),
                when.day_short(dates[0]),
                "start" if span else "middle",
            )
        )
        if span:
            labels.append((_n(x_of(dates[-1])), when.day_short(dates[-1]), "end"))
    return LineChart(
        width=WIDTH,
        height=LINE_H,
        lines=lines,
        grid=[(_n(y_of(t)), _n(t)) for t in ticks],
        x_labels=labels,
    )
