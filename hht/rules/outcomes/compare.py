"""Each measure's scores over time, with the change from its baseline (the
first time it was taken) in words: VISA-H has no validated minimal important
difference, so its change is shown with that said; the PSFS's change is real
only at its MDC90 (2 points in the mean, 3 for one activity); GROC rates
change itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hht.rules.outcomes import groc, psfs, visa_h
from hht.rules.outcomes.record import StoredOutcome

NOTES = {
    "visa-h": f"0-100, 100 = no symptoms; {visa_h.NO_MID}.",
    "psfs": (
        f"The mean of {psfs.FEWEST}-{psfs.MOST} activities the runner names, each 0-10 (10 = as before the "
        f"injury); a change is real at {psfs.MEAN_MDC} points in the mean or {psfs.ACTIVITY_MDC} for one "
        "activity (MDC90)."
    ),
    "groc": "How the problem is now against when treatment began, -3 (very much worse) to +3 (very much better).",
}


def series(outcomes: Sequence[StoredOutcome], measure: str) -> list[dict[str, Any]]:
    """One measure's scores, oldest first, each with its change from the first."""
    taken = sorted((o for o in outcomes if o.measure == measure), key=lambda o: (o.date, o.taken_at, o.id))
    out: list[dict[str, Any]] = []
    for n, outcome in enumerate(taken):
        row: dict[str, Any] = {"date": outcome.date.isoformat(), "score": outcome.score, "baseline": n == 0}
        if measure == "groc":
            row["label"] = groc.LABELS[int(outcome.score)]
        elif n:
            base = taken[0]
            row["change"] = round(outcome.score - base.score, 2)
            if measure == "psfs":  # from the ratings themselves, not the rounded means
                moved = psfs.change(base.result["activities"], outcome.result["activities"])
                row.update(
                    change=moved["change"],
                    real=moved["real"],
                    same_activities=moved["same_activities"],
                    activities=moved["activities"],
                )
        if measure == "psfs":
            row["ratings"] = outcome.result["activities"]
        if measure == "visa-h":
            row["item_8_branch"] = outcome.result.get("item_8_branch")
        out.append(row)
    return out


def _signed(value: float) -> str:
    return f"{value:+g}"


def change_words(measure: str, row: dict[str, Any], baseline_date: str | None = None) -> str:
    """What a score says against the baseline, in one phrase."""
    if measure == "groc":
        return "itself a rating of change, against when treatment began"
    if row.get("baseline"):
        return "the baseline"
    since = f" since {baseline_date}" if baseline_date else " from the baseline"
    if measure == "visa-h":
        return f"{_signed(row['change'])}{since} ({visa_h.NO_MID})"
    verdict = {
        "better": f"a real improvement (MDC90 {psfs.MEAN_MDC} points in the mean)",
        "worse": f"a real worsening (MDC90 {psfs.MEAN_MDC} points in the mean)",
        None: f"within the MDC90 of {psfs.MEAN_MDC} points: not a real change",
    }[row["real"]]
    text = f"{_signed(row['change'])}{since}, {verdict}"
    moved = [
        f"{a['name']} {_signed(a['change'])}"
        for a in row.get("activities", [])
        if a["change"] is not None and a["real"]
    ]
    if moved:
        text += f"; a real change for one activity ({psfs.ACTIVITY_MDC} points or more): " + ", ".join(moved)
    if not row.get("same_activities", True):
        text += "; the activities differ from the baseline's"
    return text
