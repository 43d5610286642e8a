"""The report as one self-contained HTML page: inline CSS and SVG, no external
resources, laid out to print on one or two A4 pages."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any, Callable

from hht.report.text import (
    TEST_NAMES, days_text, adherence_lines, current_lines, history_what, history_when, sides_text, stat_cell, test_cell,
)

WEEKS_SHOWN = 12
HISTORY_SHOWN = 14
NOTES_SHOWN = 10
ASSESSMENTS_SHOWN = 6
SERIES = (  # rating, label, colour
    ("morning", "on waking", "#1f6fb2"),
    ("exercise", "ladder session", "#d9822b"),
    ("run", "walk/jog", "#2e8b57"),
    ("sitting", "sitting", "#8a8a8a"),
)
MARKS = {"advance": "#2e8b57", "complete": "#2e8b57", "step_back": "#c0392b", "open": "#7b4fb0",
         "pause": "#c0392b", "resume": "#1f6fb2"}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f;
       max-width: 190mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #ccd; padding-bottom: 0.5mm; }
.meta { color: #444; margin: 0 0 2mm; }
.meta b { color: #1d1d1f; }
.now { background: #f3f6fa; border-left: 3px solid #1f6fb2; padding: 2mm 3mm; margin: 2mm 0; }
.now p { margin: 0.5mm 0; }
.paused { border-left-color: #c0392b; background: #fbeeee; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0; }
th, td { border: 1px solid #d8dbe2; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.pos { color: #a5281b; font-weight: 600; }
.small { font-size: 8.5pt; color: #555; }
.chart { width: 100%; height: auto; display: block; }
.legend span { display: inline-block; margin-right: 4mm; font-size: 8.5pt; }
.legend i { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%; margin-right: 1mm;
            vertical-align: -0.3mm; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
footer { margin-top: 4mm; font-size: 8.5pt; color: #555; border-top: 1px solid #ccd; padding-top: 1.5mm; }
@page { size: A4; margin: 10mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid; }
  table, .chart, .now { break-inside: avoid; }
}
"""


def _x(day: date, start: date, span: int, left: float, width: float) -> float:
    return left + width * ((day - start).days / max(span, 1))


def pain_chart(report: dict[str, Any]) -> str:
    """Daily ratings, thresholds, and the stage changes on one time axis; the rung beneath."""
    rows = report["days"]
    start = date.fromisoformat(report["period"]["since"])
    end = date.fromisoformat(report["period"]["until"])
    span = (end - start).days
    w, left, right, top = 720, 34, 10, 18
    pain_h, gap, rung_h = 150, 30, 70
    plot_w = w - left - right
    rung_top = top + pain_h + gap
    h = rung_top + rung_h + 22
    protocol = report["protocol"]
    y = lambda v: top + pain_h * (1 - v / 10)  # noqa: E731
    parts = [f'<svg class="chart" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-label="Daily pain ratings and stage changes">']
    for v in (0, 2, 4, 6, 8, 10):
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eceef2"/>'
                     f'<text x="{left - 4}" y="{y(v) + 3:.1f}" font-size="9" text-anchor="end" fill="#666">{v}</text>')
    back = protocol["step_back_threshold"]
    parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(back):.1f}" y2="{y(back):.1f}" stroke="#c0392b" '
                 f'stroke-dasharray="4 3" stroke-width="1"/><text x="{w - right}" y="{y(back) - 3:.1f}" '
                 f'font-size="8.5" text-anchor="end" fill="#c0392b">step back at {back}/10</text>')
    # stage changes: vertical marks across both panels
    for event in report["history"]:
        colour = MARKS.get(event["kind"])
        if not colour:
            continue
        x = _x(date.fromisoformat(event["date"]), start, span, left, plot_w)
        title = escape(f"{event['date']}: {history_what(event)}. {event['reason']}")
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{rung_top + rung_h}" stroke="{colour}" '
                     f'stroke-width="1" stroke-dasharray="2 2" opacity="0.8"><title>{title}</title></line>')
    radius = 2.2 if span <= 120 else (1.4 if span <= 400 else 0.8)
    for name, label, colour in SERIES:
        points = [(date.fromisoformat(r["date"]), r[name]) for r in rows if r[name] is not None]
        if not points:
            continue
        coords = [(_x(d, start, span, left, plot_w), y(v)) for d, v in points]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1" opacity="0.55"/>')
        parts.append(f'<g fill="{colour}">' + "".join(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="{radius}"/>' for x, yy in coords) + "</g>")
    # the rung over time, as a step line
    rungs = report["current"]["ladder"]["rungs"]
    ry = lambda r: rung_top + rung_h * (1 - (r - 1) / max(rungs - 1, 1))  # noqa: E731
    parts.append(f'<text x="{left - 4}" y="{ry(rungs) + 3:.1f}" font-size="9" text-anchor="end" fill="#666">{rungs}</text>'
                 f'<text x="{left - 4}" y="{ry(1) + 3:.1f}" font-size="9" text-anchor="end" fill="#666">1</text>'
                 f'<text x="{left}" y="{rung_top - 8}" font-size="9" fill="#444">ladder rung (1-{rungs})</text>'
                 f'<text x="{left}" y="{top - 7}" font-size="9" fill="#444">pain 0-10</text>')
    steps = [(date.fromisoformat(r["date"]), r["rung"]) for r in rows if r["rung"] is not None]
    if steps:
        path, last = [], None
        for d, r in steps:
            x = _x(d, start, span, left, plot_w)
            if last is not None and r != last:
                path.append(f"{x:.1f},{ry(last):.1f}")
            path.append(f"{x:.1f},{ry(r):.1f}")
            last = r
        path.append(f"{w - right:.1f},{ry(last):.1f}")
        parts.append(f'<polyline points="{" ".join(path)}" fill="none" stroke="#1d1d1f" stroke-width="1.6"/>')
    parts.append(f'<line x1="{left}" x2="{w - right}" y1="{rung_top + rung_h}" y2="{rung_top + rung_h}" stroke="#999"/>')
    ticks = _ticks(start, end)
    for i, label_day in enumerate(ticks):
        x = _x(label_day, start, span, left, plot_w)
        anchor = "start" if i == 0 else ("end" if i == len(ticks) - 1 else "middle")
        parts.append(f'<text x="{x:.1f}" y="{h - 6}" font-size="9" text-anchor="{anchor}" fill="#666">'
                     f'{label_day.strftime("%d %b %y" if span > 120 else "%d %b")}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{c}"></i>{escape(label)}</span>' for _, label, c in SERIES)
    legend += ('<span><i style="background:#2e8b57;border-radius:0;width:1mm"></i>advance</span>'
               '<span><i style="background:#c0392b;border-radius:0;width:1mm"></i>step back / pause</span>'
               '<span><i style="background:#7b4fb0;border-radius:0;width:1mm"></i>run gate</span>')
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def _ticks(start: date, end: date, count: int = 6) -> list[date]:
    span = (end - start).days
    if span <= 0:
        return [start]
    from datetime import timedelta

    return [start + timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def _table(header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            cls = classes[i][j] if classes else ""
            cells.append(f'<td class="{cls}">{escape(str(cell))}</td>' if cls else f"<td>{escape(str(cell))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _latest(items: list, n: int, what: str) -> tuple[list, str]:
    if len(items) <= n:
        return items, ""
    return items[-n:], f'<p class="small">The latest {n} of {len(items)} {what}; the JSON and CSV formats hold all.</p>'


def _section(out: list[str], title: str, items: list, limit: int, what: str,
             body: Callable[[list], str], empty: str) -> None:
    """A heading, then the latest `limit` items rendered by `body`, or `empty`."""
    out.append(f"<h2>{escape(title)}</h2>")
    if not items:
        out.append(f"<p>{escape(empty)}</p>")
        return
    shown, more = _latest(items, limit, what)
    out.append(body(shown) + more)


def render(report: dict[str, Any]) -> str:
    from hht.safe_text import neutral, visible

    r = neutral(report, visible)  # no raw control character; markup is escaped where text is placed
    runner, protocol, period = r["runner"], r["protocol"], r["period"]
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(r['title'])} · {escape(period['until'])}</title>",
           f"<style>{CSS}</style></head><body>",
           f"<h1>{escape(r['title'])}</h1>",
           f'<p class="meta"><b>Affected side(s):</b> {escape(sides_text(r))} · <b>Period:</b> '
           f"{escape(period['since'])} to {escape(period['until'])} ({days_text(period['days'])}) · "
           f"<b>First entry:</b> {escape(runner['first_entry'] or '-')} · <b>Generated:</b> {escape(r['generated'])}</p>",
           f'<p class="meta small">Protocol {escape(protocol["name"])} {escape(protocol["version"])}: advance on pain '
           f"at or below {protocol['advance_threshold']}/10 during, after and the next morning; "
           f"{protocol['pain_free_sessions_needed']} pain-free sessions per rung; step back at "
           f"{protocol['step_back_threshold']}/10 or more in any rating.</p>"]
    paused = " paused" if r["current"]["paused"] else ""
    out.append(f'<div class="now{paused}">' + "".join(f"<p>{escape(line)}</p>" for line in current_lines(r)) + "</div>")

    out.append("<h2>Daily pain and stage changes</h2>")
    if r["days"]:
        out.append(pain_chart(r))
    else:
        out.append("<p>Nothing logged in this period yet: <code>hht log</code> records a day, "
                   "<code>hht assess</code> the self-screen.</p>")

    def assessments_table(shown: list) -> str:
        rows, classes = [], []
        for a in shown:
            flags = ", ".join(a["red_flags_yes"]) or "none"
            rom = {True: "yes", False: "no", None: "-"}[a["range_of_motion_normal"]]
            for side in (a["sides"] if a["tests"] else ["-"]):
                tests = a["tests"].get(side, {})
                cells = [test_cell(tests.get(t)) for t in TEST_NAMES]
                rows.append([a["date"], side, *cells, rom, flags])
                classes.append(["", "", *("pos" if c.endswith("+") else "" for c in cells), "",
                                "pos" if a["red_flag"] else ""])
        return (_table(["Date", "Side", *TEST_NAMES.values(), "ROM normal", "Red flags"], rows, classes)
                + '<p class="small">Pain during the test; + reproduced the familiar pain (positive), - did not. '
                "Self-performed tests; the published accuracy is for examiner-performed ones.</p>")

    _section(out, "Assessments", r["assessments"], ASSESSMENTS_SHOWN, "assessments", assessments_table,
             "No assessment in this period.")
    out.append('<div class="two"><div>')
    _section(out, "Pain by week (mean / worst)", r["pain_by_week"], WEEKS_SHOWN, "weeks", lambda shown: _table(
        ["Week of", "Morning", "Exercise", "Run", "Sitting"],
        [[w["week_start"], *(stat_cell(w[k]) for k in ("morning", "exercise", "run", "sitting"))] for w in shown],
    ), "No pain ratings in this period.")
    out.append("</div><div>")
    out.append("<h2>Adherence</h2><ul>" + "".join(f"<li>{escape(line)}</li>" for line in adherence_lines(r)) + "</ul>")
    if r["corrected_dates"]:
        out.append("<h2>Corrected entries</h2><p>Changed after first logged: "
                   + escape(", ".join(r["corrected_dates"])) + ".</p>")
    _section(out, "Notes", r["notes"], NOTES_SHOWN, "notes", lambda shown: "<ul>" + "".join(
        f"<li><b>{escape(n['date'])}</b> {escape(n['note'])}</li>" for n in shown) + "</ul>", "No notes.")
    out.append("</div></div>")
    _section(out, "Stage history", r["history"], HISTORY_SHOWN, "entries", lambda shown: _table(
        ["Date", "What", "Why"], [[history_when(h), history_what(h), h["reason"]] for h in shown],
    ), "No advance, hold or step back in this period.")
    out.append(f"<footer>{escape(r['disclaimer'])}</footer></body></html>\n")
    return "\n".join(out)
