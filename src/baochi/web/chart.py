"""The attention chart as server-rendered SVG: no script, no library, drawn from the numbers of
``/api/attention``. Every text in it is escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 40, 12, 36
# one class per series (colours live in style.css: no inline styles under the CSP)
SERIES_CLASSES = 9


def _ticks(top: int) -> list[int]:
    """Round values for the y axis, at most five."""
    if top <= 0:
        return [0]
    step = 1
    while top / step > 5:
        for m in (2, 5, 10):
            if top / (step * m) <= 5:
                step *= m
                break
        else:
            step *= 10
    return list(range(0, top + step, step))


def attention_svg(data: dict[str, Any], *, ratio: bool = False) -> Markup:
    """A line chart of the series of an attention answer (counts, or shares with ``ratio``)."""
    series = data.get("series") or []
    if not series or not series[0]["points"]:
        return Markup('<p class="muted">No dated stories to chart.</p>')
    key = "ratio" if ratio else "count"
    points = series[0]["points"]
    n = len(points)
    top_value = max((p[key] for s in series for p in s["points"]), default=0) or 1
    scale_top = top_value if ratio else max(_ticks(int(top_value)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / scale_top

    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{'Share of stories' if ratio else 'Stories'} per {escape(data.get('interval', ''))}</title>",
    ]
    ticks = [scale_top * k / 4 for k in range(5)] if ratio else _ticks(int(top_value))
    for t in ticks:
        label = f"{t:.1%}" if ratio else f"{int(t)}"
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>')
        out.append(
            f'<text class="tick" x="{LEFT - 4}" y="{y(t) + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
    step = max(1, n // 6)
    for i in range(0, n, step):
        out.append(
            f'<text class="tick" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(points[i]['date'])}</text>"
        )
    for k, s in enumerate(series):
        coords = " ".join(f"{x(i):.1f},{y(p[key]):.1f}" for i, p in enumerate(s["points"]))
        cls = f"series s{k % SERIES_CLASSES}"
        name = escape(s["outlet"] or "all outlets")
        out.append(f'<polyline class="{cls}" points="{coords}"><title>{name}</title></polyline>')
        if n <= 60 and k == 0:
            for i, p in enumerate(s["points"]):
                tip = escape(f"{p['date']}: {p['count']} stories ({p['ratio']:.2%})")
                dot = f'<circle class="dot" cx="{x(i):.1f}" cy="{y(p[key]):.1f}" r="2.5">'
                out.append(f"{dot}<title>{tip}</title></circle>")
    out.append("</svg>")
    return Markup("".join(out))
