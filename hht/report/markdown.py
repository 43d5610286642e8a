"""The report as plain Markdown tables that paste into an email."""

from __future__ import annotations

from typing import Any

from hht.report import outcomes, runs
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
    sides_text,
    signs_text,
    stat_cell,
    test_cell,
    test_names,
)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def clean(cell: Any) -> str:
        return str(cell).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return out


def _protocols(r: dict[str, Any]) -> list[str]:
    """Each protocol in force over the period, with its dates and its own rules."""
    lines = protocol_lines(r)
    if len(lines) == 1:
        return [f"- **{protocols_heading(r)}:** {lines[0]}"]
    return [f"- **{protocols_heading(r)}:**", *(f"  - {line}" for line in lines)]


def render(report: dict[str, Any]) -> str:
    from hht.term.safe_text import markdown, markdown_code, neutral

    # nothing can open Markdown or HTML; hht's own sentences keep their code spans (`hht assess`), and
    # what the runner typed (notes, a corrected note) has every character that could open markup escaped
    r = neutral(report, markdown_code)
    r["notes"], r["corrections"] = neutral(report["notes"], markdown), neutral(report["corrections"], markdown)
    for shown, typed in zip(r["protocol"].get("in_force") or [], report["protocol"].get("in_force") or []):
        if typed.get("adopted"):  # the reason given to `hht protocol use`
            shown["adopted"]["reason"] = markdown(typed["adopted"]["reason"] or "")
    runner, period = r["runner"], r["period"]
    out = [f"# {r['title']}", ""]
    out += [
        f"- **Affected side(s):** {sides_text(r)}",
        f"- **Period:** {period['since']} to {period['until']} ({period_words(r)}; "
        f"first entry {runner['first_entry'] or '-'}, latest {runner['latest_entry'] or '-'})",
        *_protocols(r),
        f"- **Generated:** {r['generated']}",
        "",
        "## Now",
        "",
    ]
    out += [f"- {line}" for line in current_lines(r)]
    if not runner["days_logged"] and not r["assessments"]:
        out += ["", "_Nothing logged in this period yet: `hht log` records a day, `hht assess` the self-screen._"]

    out += ["", "## Assessments", ""]
    shown = assessments_shown(r)
    if before_period_line(r):
        out += [str(before_period_line(r)), ""]
    if shown:
        header = ["Date", "Side", *test_names(r).values(), "ROM normal", "Red flags", "Signs"]
        rows = []
        for a in shown:
            flags = flags_text(r, a)
            signs = signs_text(r, a)
            rom = {True: "yes", False: "no", None: "-"}[a["range_of_motion_normal"]]
            for side in a["sides"] if a["tests"] else ["-"]:
                tests = a["tests"].get(side, {})
                rows.append([a["date"], side, *(test_cell(tests.get(t)) for t in test_names(r)), rom, flags, signs])
        out += _table(header, rows)
        out += ["", "Cells: pain during the test / + reproduced the familiar pain (positive), - did not."]
    else:
        out += ["No assessment in this period."]

    out += ["", "## Pain by week (mean / worst, 0-10)", ""]
    if r["pain_by_week"]:
        columns = pain_columns(r)
        out += _table(
            ["Week of", *(label for _, label in columns)],
            [[w["week_start"], *(stat_cell(w[k]) for k, _ in columns)] for w in r["pain_by_week"]],
        )
    else:
        out += ["No pain ratings in this period."]

    out += outcomes.markdown(r, _table)  # the physio's numbers: hht/report/outcomes.py
    out += ["", "## Stage history", ""]
    if r["history"]:
        out += _table(["Date", "What", "Why"], [[history_when(h), history_what(h), h["reason"]] for h in r["history"]])
    else:
        out += ["No advance, hold or step back in this period."]

    out += ["", "## Adherence", ""] + [f"- {line}" for line in adherence_lines(r)]
    out += runs.markdown(r, _table)
    if r["corrections"]:
        out += ["", "## Corrected entries", "", "Values changed after they were first logged:", ""]
        out += [f"- {line}" for line in correction_lines(r)]
    out += ["", "## Notes", ""]
    out += [f"- **{n['date']}** {n['note']}" for n in r["notes"]] or ["No notes."]
    out += ["", "---", "", f"_{r['disclaimer']}_", ""]
    return "\n".join(out)
