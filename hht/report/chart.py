"""The report's pain chart, drawn in SVG: each day's ratings by series, the
ladder rung and the run week beneath on the same time axis, the stage changes
as numbered marks, and a key; with the chart described in words for a screen
reader and for the page.

Where the event numbers go is worked out in hht/report/labels.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from hht.report.labels import LABEL_SIZE, number_labels
from hht.rules.records import ONE_DAY, PAIN_RATINGS

# Each rating's colour and marker: Okabe-Ito hues, each at least 3:1 on white, told apart by shape too.
STYLES = {
    "morning": ("#0072B2", "circle"),
    "exercise": ("#D55E00", "square"),
    "run": ("#007A5E", "triangle"),
    "sitting": ("#A8467F", "diamond"),
    "load_test": ("#5A5A5A", "cross"),  # only where the protocol has a daily load test
}
SPARE = ("#8A6D00", "star")  # a rating the records declare that has no style of its own yet
SERIES = tuple((r.id, r.label, *STYLES.get(r.id, SPARE)) for r in PAIN_RATINGS)  # rating, label, colour, marker
INK = "#1d1d1f"
RED = "#B22222"
MARKS = {  # event mark: (shape, fill, stroke, legend words)
    "advance": ("up", INK, INK, "advance"),
    "complete": ("star", INK, INK, "complete"),
    "step_back": ("down", RED, RED, "step back"),
    "stop": ("octagon", RED, RED, "stop (red flag: no loading)"),
    "pause": ("square", RED, RED, "pause (red flag)"),
    "bent_knee": ("bars", INK, INK, "pause (bent-knee stretch)"),
    "resume": ("square", "#ffffff", INK, "resume"),
    "open": ("diamond", "#5B3A9E", "#5B3A9E", "run plan opened"),
}
# A pause's mark by its cause (hht/report/history.py): a red flag that stops all loading, one that
# pauses progression, or the bent-knee stretch painful again (no red flag at all).
PAUSE_MARKS = {"stop": "stop", "red_flag": "pause", "bent_knee": "bent_knee"}


def mark_of(event: dict[str, Any]) -> str | None:
    """The mark an event of the stage history gets on the chart, or None (a hold is not marked)."""
    if event["kind"] == "pause":
        return PAUSE_MARKS.get(event.get("cause", "red_flag"), "pause")
    return event["kind"] if event["kind"] in MARKS else None


def stage_words(report: dict[str, Any]) -> list[str]:
    """What the protocols in force over the period call a step of the ladder, each once: ["stage"], or
    ["rung", "stage"] across a change of protocol."""
    found = [p["stage_word"] for p in report["protocol"].get("in_force") or []]
    return list(dict.fromkeys(found)) or [report["protocol"].get("stage_word") or "rung"]


def _word_on(report: dict[str, Any], day: str) -> str:
    """The stage word of the protocol in force on `day`."""
    for p in report["protocol"].get("in_force") or []:
        if p["from"] <= day <= p["to"]:
            return str(p["stage_word"])
    return stage_words(report)[-1]


def _stages(report: dict[str, Any]) -> int:
    """The most stages any protocol in force over the period has: the band's top (maintenance above it)."""
    counts = [len(p["stages"]) for p in report["protocol"].get("in_force") or []]
    return max(counts, default=report["current"]["ladder"]["rungs"])


def _x(day: date, start: date, span: int, left: float, width: float) -> float:
    return left + width * ((day - start).days / max(span, 1))


def _shape(kind: str, x: float, y: float, size: float, fill: str, stroke: str) -> str:
    """One marker, centred on (x, y)."""
    r = size
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r * 0.8:.1f}" fill="{fill}" stroke="{stroke}"/>'
    if kind == "bars":  # the pause sign: two upright bars
        return "".join(
            f'<rect x="{x + dx * r:.1f}" y="{y - r:.1f}" width="{r * 0.6:.1f}" height="{r * 2:.1f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="0.6"/>'
            for dx in (-0.85, 0.25)
        )
    if kind == "square":
        return (
            f'<rect x="{x - r * 0.75:.1f}" y="{y - r * 0.75:.1f}" width="{r * 1.5:.1f}" height="{r * 1.5:.1f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>'
        )
    polygons: dict[str, list[tuple[float, float]]] = {
        "triangle": [(0, -1), (0.95, 0.75), (-0.95, 0.75)],
        "up": [(0, -1.1), (1, 0.8), (-1, 0.8)],
        "down": [(0, 1.1), (1, -0.8), (-1, -0.8)],
        "diamond": [(0, -1.1), (0.9, 0), (0, 1.1), (-0.9, 0)],
        "octagon": [
            (-0.45, -1.05),
            (0.45, -1.05),
            (1.05, -0.45),
            (1.05, 0.45),
            (0.45, 1.05),
            (-0.45, 1.05),
            (-1.05, 0.45),
            (-1.05, -0.45),
        ],
        "cross": [
            (-0.3, -1),
            (0.3, -1),
            (0.3, -0.3),
            (1, -0.3),
            (1, 0.3),
            (0.3, 0.3),
            (0.3, 1),
            (-0.3, 1),
            (-0.3, 0.3),
            (-1, 0.3),
            (-1, -0.3),
            (-0.3, -0.3),
        ],
        "star": [
            (0, -1.2),
            (0.3, -0.35),
            (1.15, -0.35),
            (0.45, 0.15),
            (0.7, 1),
            (0, 0.5),
            (-0.7, 1),
            (-0.45, 0.15),
            (-1.15, -0.35),
            (-0.3, -0.35),
        ],
    }
    points = polygons[kind]
    path = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in points)
    return f'<polygon points="{path}" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'


def _runs_of_days(points: list[tuple[date, float]]) -> list[list[tuple[date, float]]]:
    """Split readings where a day is missing: a line joins only consecutive logged days."""
    runs: list[list[tuple[date, float]]] = []
    for d, v in points:
        if runs and (d - runs[-1][-1][0]).days == 1:
            runs[-1].append((d, v))
        else:
            runs.append([(d, v)])
    return runs


def chart_description(report: dict[str, Any]) -> str:
    """What the chart shows, in words, for a screen reader and for the page."""
    period = report["period"]
    parts = [
        f"Daily pain ratings (0-10) from {period['since']} to {period['until']}, one mark per logged "
        "rating, lines only between consecutive logged days."
    ]
    for name, label, _, _ in SERIES:
        values = [row[name] for row in report["days"] if row.get(name) is not None]
        if values:
            parts.append(
                f"{label.capitalize()}: {len(values)} ratings, worst {max(values)}/10, latest {values[-1]}/10."
            )
    plan = report["plan"]
    if plan:
        word = "/".join(stage_words(report))
        parts.append(
            f"The {word} band runs from {word} 1 to M (maintenance, once every {word} is done, above {word} "
            f"{_stages(report)}); the run band from week 1 to C (the run plan complete)."
        )
        stages = " then ".join(_rung_words(report, seg) for seg in _changes(plan, ("rung", "maintenance")))
        parts.append(f"Ladder {word} over time: {stages}.")
        weeks = [seg for seg in _changes(plan, ("run_week", "run_open")) if seg["run_open"]]
        if weeks:
            parts.append(
                "Run plan week over time: "
                + " then ".join(
                    f"{'complete' if seg['run_week'] is None else 'week ' + str(seg['run_week'])} from {seg['from']}"
                    for seg in weeks
                )
                + "."
            )
    marked = [h for h in report["history"] if mark_of(h)]
    if marked:
        parts.append(f"{len(marked)} stage changes are marked and numbered as in the stage history table below.")
    return " ".join(parts)


def _rung_words(report: dict[str, Any], seg: dict[str, Any]) -> str:
    where = "maintenance" if seg["maintenance"] else f"{_word_on(report, seg['from'])} {seg['rung']}"
    return f"{where} from {seg['from']}"


def _changes(plan: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for seg in plan:
        if not out or any(out[-1][k] != seg[k] for k in keys):
            out.append(dict(seg))
        else:
            out[-1]["to"] = seg["to"]
    return out


def pain_chart(report: dict[str, Any]) -> str:
    """Daily ratings; the ladder rung and the run week beneath, on one time axis; numbered event marks."""
    rows = report["days"]
    start = date.fromisoformat(report["period"]["since"])
    end = date.fromisoformat(report["period"]["until"])
    span = (end - start).days
    w, left, right, top = 720, 62, 14, 9
    pain_h, gap, rung_h, run_h = 46, 32, 30, 26
    plot_w = w - left - right
    rung_top = top + pain_h + gap
    run_top = rung_top + rung_h + gap
    axis_y = run_top + run_h
    h = axis_y + 17
    protocol = report["protocol"]
    y = lambda v: top + pain_h * (1 - v / 10)  # noqa: E731
    x_of = lambda d: _x(d, start, span, left, plot_w)  # noqa: E731
    desc = chart_description(report)
    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="chart-title chart-desc" font-family="Helvetica, Arial, sans-serif">'
        f'<title id="chart-title">Daily pain, ladder {"/".join(stage_words(report))} and run week</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>'
    ]
    for v in (0, 5, 10):
        parts.append(
            f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d5d8de"/>'
            f'<text x="{left - 5}" y="{y(v) + 4:.1f}" font-size="12.5" text-anchor="end" fill="#333">{v}</text>'
        )
    back = protocol["step_back_threshold"]
    parts.append(
        f'<line x1="{left}" x2="{w - right}" y1="{y(back):.1f}" y2="{y(back):.1f}" stroke="{RED}" '
        f'stroke-dasharray="5 3" stroke-width="1"/><text x="{w - right}" y="{y(back) - 3:.1f}" '
        f'font-size="12.5" text-anchor="end" fill="{RED}">step back at {back}/10</text>'
    )
    radius = 3.2 if span <= 120 else (2.2 if span <= 400 else 1.2)
    for name, _, colour, marker in SERIES:
        points = [(date.fromisoformat(r["date"]), r[name]) for r in rows if r.get(name) is not None]
        if name == "load_test" and not points:
            continue  # a protocol without a daily load test
        group = [f'<g stroke="{colour}" fill="{colour}">']
        for run in _runs_of_days(points):
            if len(run) > 1:
                path = " ".join(f"{x_of(d):.1f},{y(v):.1f}" for d, v in run)
                group.append(f'<polyline points="{path}" fill="none" stroke-width="1.2"/>')
        group += [_shape(marker, x_of(d), y(v), radius, colour, colour) for d, v in points]
        parts.append("".join(group) + "</g>")
    # the ladder rung and the run week, from the plan of every day
    rungs = _stages(report)
    names = stage_words(report)
    weeks = report["current"]["run"].get("weeks") or 8
    ry = lambda r: rung_top + rung_h * (1 - (r - 1) / rungs)  # noqa: E731  (maintenance one above the top)
    wy = lambda k: run_top + run_h * (1 - k / (weeks + 1))  # noqa: E731  (complete one above the last)
    parts.append(
        f'<text x="{left - 56}" y="{top + 26}" font-size="12.5" fill="#333">pain</text>'
        f'<text x="{left - 56}" y="{top + 40}" font-size="12.5" fill="#333">0-10</text>'
        + "".join(
            f'<text x="{left - 56}" y="{rung_top + 12 + 14 * i}" font-size="12.5" fill="#333">'
            f"{escape(word)}{'/' if i < len(names) - 1 else ''}</text>"
            for i, word in enumerate(names)
        )
        + f'<text x="{left - 56}" y="{run_top + 12}" font-size="12.5" fill="#333">run</text>'
        f'<text x="{left - 56}" y="{run_top + 26}" font-size="12.5" fill="#333">week</text>'
    )
    for label, level in (("1", ry(1)), ("M", ry(rungs + 1))):
        parts.append(
            f'<text x="{left - 5}" y="{level + 4:.1f}" font-size="12.5" text-anchor="end" fill="#333">{label}</text>'
        )
    for label, level in (("1", wy(1)), ("C", wy(weeks + 1))):
        parts.append(
            f'<text x="{left - 5}" y="{level + 4:.1f}" font-size="12.5" text-anchor="end" fill="#333">{label}</text>'
        )
    rung_path, week_path = [], []
    for seg in report["plan"]:
        x1 = x_of(date.fromisoformat(seg["from"]))
        x2 = x_of(date.fromisoformat(seg["to"]) + ONE_DAY) if seg["to"] < report["period"]["until"] else w - right
        level = ry(rungs + 1 if seg["maintenance"] else seg["rung"])
        rung_path.append(f"M{x1:.1f},{level:.1f}H{x2:.1f}")
        if seg["run_open"]:
            k = weeks + 1 if seg["run_complete"] else (seg["run_week"] or 0)
            week_path.append(f"M{x1:.1f},{wy(k):.1f}H{x2:.1f}")
    if rung_path:
        parts.append(f'<path d="{"".join(rung_path)}" fill="none" stroke="{INK}" stroke-width="2.2"/>')
    if week_path:
        parts.append(f'<path d="{"".join(week_path)}" fill="none" stroke="#0072B2" stroke-width="2.2"/>')
    for band_top, band_h in ((rung_top, rung_h), (run_top, run_h)):
        parts.append(
            f'<line x1="{left}" x2="{w - right}" y1="{band_top + band_h}" y2="{band_top + band_h}" stroke="#999"/>'
        )
    # stage changes: a mark on the ladder band or the run band, numbered in one row of labels above each band
    marks: dict[str, list[tuple[float, int]]] = {"ladder": [], "run": []}
    for number, event in enumerate(report["history"], start=1):
        kind = mark_of(event)
        if not kind:
            continue
        shape, fill, stroke, _ = MARKS[kind]
        x = x_of(date.fromisoformat(event["date"]))
        track = "ladder" if event["track"] == "ladder" else "run"
        marks[track].append((x, number))
        parts.append(_shape(shape, x, (rung_top if track == "ladder" else run_top) - 6, 5, fill, stroke))
    for track, band_top in (("ladder", rung_top), ("run", run_top)):
        for centre, words in number_labels(marks[track], left - 4, w - 2):
            parts.append(
                f'<text x="{centre:.1f}" y="{band_top - 16:.1f}" font-size="{LABEL_SIZE}" '
                f'text-anchor="middle" fill="#333">{words}</text>'
            )
    ticks = _ticks(start, end)
    for i, label_day in enumerate(ticks):
        x = x_of(label_day)
        anchor = "start" if i == 0 else ("end" if i == len(ticks) - 1 else "middle")
        parts.append(
            f'<text x="{x:.1f}" y="{h - 3}" font-size="12.5" text-anchor="{anchor}" fill="#333">'
            f"{label_day.strftime('%d %b %y' if span > 120 else '%d %b')}</text>"
        )
    parts.append("</svg>")
    marked = {mark_of(h) for h in report["history"]} - {None}
    return "".join(parts) + _legend(any(r.get("load_test") is not None for r in rows), marked, "/".join(names))


def _legend(load_test: bool = False, marked: set[str | None] | None = None, word: str = "rung") -> str:
    """The key, drawn in SVG so it prints with background graphics off: the pain series, the marks the
    chart has (every mark when `marked` is None), the stage and run week lines, and the bands' M and C."""
    items: list[tuple[str, str, str, str]] = [
        (label, marker, colour, colour) for name, label, colour, marker in SERIES if name != "load_test" or load_test
    ]
    items += [
        (words, shape, fill, stroke)
        for kind, (shape, fill, stroke, words) in MARKS.items()
        if marked is None or kind in marked
    ]
    items += [(word, "line", INK, INK), ("run week", "line", "#0072B2", "#0072B2")]
    items += [("maintenance: every stage done", "M", INK, INK), ("run plan complete", "C", INK, INK)]
    x: float  # 6 at first, then a float once the first item moves it on
    width, x, y, out = 720, 6, 14, []
    for label, shape, fill, stroke in items:
        lead = 26 if shape == "line" else 14
        size = lead + len(label) * 6.6 + 11
        if x + size > width:
            x, y = 6, y + 16
        if shape == "line":
            glyph = f'<path d="M{x + 1},{y - 4}h18" stroke="{stroke}" stroke-width="2.2"/>'
        elif shape in ("M", "C"):  # the bands' top marks, as the axis writes them
            glyph = f'<text x="{x + 1}" y="{y}" font-size="12.5" font-weight="bold" fill="{INK}">{shape}</text>'
        else:
            glyph = _shape(shape, x + 5, y - 4, 4.5, fill, stroke)
        out.append(glyph + f'<text x="{x + lead}" y="{y}" font-size="12.5" fill="#1d1d1f">{escape(label)}</text>')
        x += size
    return (
        f'<svg class="chart legend" viewBox="0 0 {width} {y + 6}" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-label="Key: pain series by shape and colour; event marks; the {escape(word)} and run '
        f'week lines; M, maintenance; C, the run plan complete" '
        f'font-family="Helvetica, Arial, sans-serif">{"".join(out)}</svg>'
    )


def _ticks(start: date, end: date, count: int = 6) -> list[date]:
    span = (end - start).days
    if span <= 0:
        return [start]
    return [start + timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _in_order(values: list[str]) -> str:
    """'1', '1 to 3', '-': what a week held, first to last."""
    seen = list(dict.fromkeys(v for v in values if v))
    if not seen:
        return "-"
    return seen[0] if len(seen) == 1 else f"{seen[0]} to {seen[-1]}"


def week_rows(report: dict[str, Any]) -> list[list[str]]:
    """The chart week by week, for a screen too narrow for it: each week's worst pain (and which rating),
    the stage and the run week it held, and the numbered marks that fall in it."""
    from hht.rules.records import RATING

    start = date.fromisoformat(report["period"]["since"])
    end = date.fromisoformat(report["period"]["until"])
    worst = {w["week_start"]: w for w in report["pain_by_week"]}
    marks: dict[str, list[tuple[str, list[int]]]] = {}  # week: (mark, its numbers), the same mark in a row once
    for number, event in enumerate(report["history"], start=1):
        kind = mark_of(event)
        if kind:
            in_week = marks.setdefault(_monday(date.fromisoformat(event["date"])).isoformat(), [])
            if in_week and in_week[-1][0] == kind:
                in_week[-1][1].append(number)
            else:
                in_week.append((kind, [number]))
    rows = []
    monday = _monday(start)
    while monday <= end:
        week = monday.isoformat()
        stats = worst.get(week) or {}
        rated = [(stat["worst"], name) for name, stat in stats.items() if isinstance(stat, dict) and stat]
        top = max((value for value, _ in rated), default=None)
        if top:  # which rating, where any hurt
            names = [RATING[name].name if name in RATING else name for value, name in rated if value == top]
            pain_words = f"{top}/10 ({', '.join(names)})"
        else:
            pain_words = "-" if top is None else "0/10"
        segs = [s for s in report["plan"] if s["from"] <= (monday + timedelta(days=6)).isoformat() and s["to"] >= week]
        stage = _in_order(["M" if s["maintenance"] else str(s["rung"]) for s in segs])
        run = _in_order(
            ["C" if s["run_complete"] else str(s["run_week"]) if s["run_open"] and s["run_week"] else "" for s in segs]
        )
        said = "; ".join(
            f"{', '.join(f'#{n}' for n in numbers)} {MARKS[kind][3]}" for kind, numbers in marks.get(week, [])
        )
        rows.append([week, pain_words, stage, run, said or "-"])
        monday += timedelta(days=7)
    return rows
