"""The report as one self-contained HTML page: inline CSS and SVG, no external
resources, laid out to print on one or two A4 pages.

The page's stylesheet is hht/report/report.css (package data, written into the
page); the chart is drawn by hht/report/chart.py.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from importlib import resources
from typing import Any

from hht.report import outcomes, runs
from hht.report.chart import chart_description, pain_chart, stage_words
from hht.report.text import (
    adherence_lines,
    assessments_shown,
    before_period_line,
    correction_lines,
    current_lines,
    flags_text,
    history_what,
    history_when,
    pain_columns,
    period_words,
    protocol_lines,
    protocols_heading,
    shared_reasons,
    sides_text,
    signs_text,
    stat_cell,
    test_cell,
    test_names,
)


class _Html(str):
    """A table cell already written as HTML (its parts escaped)."""


def _prose(text: str) -> str:
    """One of hht's own sentences as HTML: escaped, and a command in backticks (`hht assess`) as code."""
    from hht.term.safe_text import CODE_SPAN

    return CODE_SPAN.sub(r"<code>\1</code>", escape(text))


def _when(row: dict[str, Any]) -> _Html:
    """A history row's date, or its first and last day on two lines: a date never wraps."""
    return _Html("<br> to ".join(escape(part) for part in history_when(row).split(" to ")))


def _table(
    header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None, table_class: str = ""
) -> str:
    """A table; the first column holds dates, which never wrap.

    A table of class "stack" turns into one block per row on a phone, each
    cell labelled by its column (the roles keep it a table to a screen reader).
    """
    stack = "stack" in table_class.split()
    head = "".join(
        f'<th scope="col" role="columnheader">{escape(h)}</th>' if stack else f'<th scope="col">{escape(h)}</th>'
        for h in header
    )
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            cls = " ".join(c for c in ((classes[i][j] if classes else ""), "date" if j == 0 else "") if c)
            text = cell if isinstance(cell, _Html) else escape(str(cell))
            extra = f' role="cell" data-label="{escape(header[j])}"' if stack else ""
            cells.append(f'<td class="{cls}"{extra}>{text}</td>' if cls else f"<td{extra}>{text}</td>")
        body.append(('<tr role="row">' if stack else "<tr>") + "".join(cells) + "</tr>")
    attr = f' class="{table_class}"' if table_class else ""
    if stack:
        attr += ' role="table"'
        return (
            f'<table{attr}><thead role="rowgroup"><tr role="row">{head}</tr></thead>'
            f'<tbody role="rowgroup">{"".join(body)}</tbody></table>'
        )
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(out: list[str], title: str, items: list, body: Callable[[list], str], empty: str) -> None:
    """A heading, then every item rendered by `body`, or `empty`."""
    out.append(f"<h2>{escape(title)}</h2>")
    if not items:
        out.append(f"<p>{escape(empty)}</p>")
        return
    out.append(body(items))


def _protocols(r: dict[str, Any]) -> str:
    """Each protocol in force over the period, with its dates and its own rules."""
    lines = protocol_lines(r)
    heading = f"<b>{escape(protocols_heading(r))}:</b>"
    if len(lines) == 1:
        return f'<p class="meta small">{heading} {escape(lines[0])}</p>'
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<div class="meta small">{heading}<ul class="protocols">{items}</ul></div>'


def _week_table(r: dict[str, Any]) -> str:
    """The chart week by week, shown instead of it where the screen is too narrow to read it."""
    from hht.report.chart import week_rows

    word = "/".join(stage_words(r))
    return (
        '<div class="narrow"><p class="small">The chart week by week (M: maintenance, every '
        f"{escape(word)} done; C: the run plan complete; # numbers the stage history below).</p>"
        + _table(
            ["Week of", "Worst pain", word[:1].upper() + word[1:], "Run week", "Marks"],
            week_rows(r),
            table_class="weeks",
        )
        + "</div>"
    )


def stylesheet() -> str:
    """The page's CSS, hht/report/report.css, shipped inside the package."""
    return resources.files("hht.report").joinpath("report.css").read_text(encoding="utf-8")


def render(report: dict[str, Any]) -> str:
    from hht.term.safe_text import neutral, visible

    r = neutral(report, visible)  # no raw control character; markup is escaped where text is placed
    runner, period = r["runner"], r["period"]
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(r['title'])} · {escape(period['until'])}</title>",
        f"<style>\n{stylesheet()}</style></head><body><main>",
        f"<h1>{escape(r['title'])}</h1>",
        f'<p class="meta"><b>Affected side(s):</b> {escape(sides_text(r))} · <b>Period:</b> '
        f'<span class="date">{escape(period["since"])}</span> to <span class="date">{escape(period["until"])}'
        f'</span> ({period_words(r)}) · <b>First entry:</b> <span class="date">'
        f'{escape(runner["first_entry"] or "-")}</span> · <b>Generated:</b> <span class="date">'
        f"{escape(r['generated'])}</span></p>",
        _protocols(r),
        f'<p class="meta small disclaimer" role="note">{escape(r["disclaimer"])}</p>',
    ]
    paused = " paused" if r["current"]["paused"] else ""
    out.append(f'<div class="now{paused}">' + "".join(f"<p>{_prose(line)}</p>" for line in current_lines(r)) + "</div>")

    def assessments_table(shown: list) -> str:
        rows, classes = [], []
        signs_before = None
        for a in shown:
            flags = flags_text(r, a)
            rom = {True: "yes", False: "no", None: "-"}[a["range_of_motion_normal"]]
            for side in a["sides"] if a["tests"] else ["-"]:
                tests = a["tests"].get(side, {})
                cells = [test_cell(tests.get(t)) for t in test_names(r)]
                signs = signs_text(r, a)
                rows.append([a["date"], side, *cells, rom, flags, "as above" if signs == signs_before else signs])
                signs_before = signs
                classes.append(
                    ["", "", *("pos" if c.endswith("+") else "" for c in cells), "", "pos" if a["red_flag"] else "", ""]
                )
        before = before_period_line(r)
        return (
            (f"<p>{escape(before)}</p>" if before else "")
            + _table(
                ["Date", "Side", *test_names(r).values(), "ROM normal", "Red flags", "Signs"],
                rows,
                classes,
                table_class="stack assess",
            )
            + '<p class="small">Pain during the test; + reproduced the familiar pain (positive), - did not. '
            "Self-performed tests; the published accuracy is for examiner-performed ones.</p>"
        )

    _section(out, "Assessments", assessments_shown(r), assessments_table, "No assessment in this period.")
    out.append(outcomes.html(r, _table))  # the physio's numbers: hht/report/outcomes.py
    out.append('<div class="two"><div>')
    columns = pain_columns(r)
    _section(
        out,
        "Pain by week (mean / worst)",
        r["pain_by_week"],
        lambda shown: _table(
            ["Week of", *(label for _, label in columns)],
            [[w["week_start"], *(stat_cell(w[k]) for k, _ in columns)] for w in shown],
        ),
        "No pain ratings in this period.",
    )
    out.append("</div><div>")
    # short sections: in print each runs on as one paragraph after its heading
    out.append(
        '<section class="runin"><h2>Adherence</h2><ul>'
        + "".join(f"<li>{escape(line)}</li>" for line in adherence_lines(r))
        + "</ul></section>"
    )
    if r["corrections"]:
        out.append(
            '<section class="runin"><h2>Corrected entries</h2><ul>'
            + "".join(f"<li>{escape(line)}</li>" for line in correction_lines(r))
            + "</ul></section>"
        )
    out.append('<section class="runin">')
    _section(
        out,
        "Notes",
        r["notes"],
        lambda shown: (
            "<ul>"
            + "".join(f'<li><b class="date">{escape(n["date"])}</b> {escape(n["note"])}</li>' for n in shown)
            + "</ul>"
        ),
        "No notes.",
    )
    out.append("</section></div></div>")

    out.append('<section class="charted"><h2>Daily pain and stage changes</h2>')
    if r["days"]:
        out.append(
            '<div class="keep wide">'
            + pain_chart(r)
            + f'<p class="small screen">{escape(chart_description(r))}</p></div>'
            + _week_table(r)
        )
    else:
        out.append(
            "<p>Nothing logged in this period yet: <code>hht log</code> records a day, "
            "<code>hht assess</code> the self-screen.</p>"
        )
    out.append("</section>")
    shared, folded = shared_reasons(r["history"])

    def history_table(shown: list) -> str:
        key = ""
        if shared:
            key = (
                '<p class="small">Reasons shared by several rows, stated once: '
                + "; ".join(f"<b>({chr(97 + i)})</b> {escape(words)}" for i, words in enumerate(shared))
                + ". # numbers the marks on the chart.</p>"
            )
        rows = []
        for n, (h, fold) in enumerate(zip(shown, folded), start=1):
            if fold:
                why = f"<b>{escape(history_what(h))}</b> ({chr(97 + fold[0])}): {_prose(fold[1])}"
            elif h["kind"] == "hold_streak" and h["reason"].startswith(f"Held {h['holds']} times:"):
                why = f"<b>{escape(history_what({**h, 'holds': 1}))}.</b> {_prose(h['reason'])}"  # said once
            else:
                why = f"<b>{escape(history_what(h))}.</b> {_prose(h['reason'])}"
            rows.append([_when(h), str(n), _Html(why)])
        return (key or '<p class="small"># numbers the marks on the chart.</p>') + _table(
            ["Date", "#", "What happened, and why"], rows, table_class="history"
        )

    out.append('<section class="events">')
    _section(out, "Stage history", r["history"], history_table, "No advance, hold or step back in this period.")
    out.append(runs.html(r, _table))
    out.append("</section>")
    out.append("</main></body></html>\n")
    return "\n".join(out)
