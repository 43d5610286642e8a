"""The report's stage history: every advance, hold, step back, pause and
resume in the period, in date order, and each run of holds on one track folded
into one row that keeps every cause.

A hold's cause and what it did are read from its reason's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.rules.records import ADVANCE, COMPLETE, HOLD, ONE_DAY, PAUSE, PROTOCOL, RESUME, STEP_BACK, Decision

MOVES = (ADVANCE, COMPLETE, STEP_BACK, PAUSE, RESUME, PROTOCOL)


def stage_changes(
    ladder: Sequence[Decision],
    run: Sequence[Decision],
    per_day: dict[date, dict[str, Any]],
    red_flags: dict[date, list[str]],
    since: date,
    until: date,
) -> list[dict[str, Any]]:
    """The period's decisions of both tracks and the run plan's pauses and resumes, by date; a pause
    says which red flag (`red_flags`: each assessment's, in words) set it off."""
    in_period = lambda when: since <= when <= until  # noqa: E731
    decisions = [d.to_json() for d in ladder if in_period(d.date) and d.kind in (*MOVES, HOLD)]
    decisions += [d.to_json() for d in run if in_period(d.date) and d.kind in (*MOVES, HOLD, "open")]
    decisions += [e for e in run_pauses(per_day) if in_period(date.fromisoformat(e["date"]))]
    decisions.sort(key=lambda d: d["date"])
    _causes(decisions, per_day)
    for d in decisions:  # say which red flag paused
        if d["kind"] == PAUSE and red_flags.get(date.fromisoformat(d["date"])):
            d["red_flags"] = red_flags[date.fromisoformat(d["date"])]
            d["reason"] += f" Red flag: {', '.join(d['red_flags']).lower()}."
    return decisions


# What stopped or paused a track, on a pause and on the resume that lifts it: a red flag that stops all
# loading (the protocol's "stop", for an emergency or urgent flag), a red flag that pauses progression
# (a "soon" flag), or the bent-knee stretch painful again once the run plan is open (no red flag at all).
STOP, RED_FLAG, BENT_KNEE = "stop", "red_flag", "bent_knee"


def _causes(decisions: list[dict[str, Any]], per_day: dict[date, dict[str, Any]]) -> None:
    """Give each pause and resume its `cause`, from the plan of its day (or, for a resume, of the day
    before) and its track: the run plan's own decisions pause it only for the bent-knee stretch; a red
    flag's pause of the run plan is `run_pauses`', which says its own cause."""
    for d in decisions:
        if d["kind"] not in (PAUSE, RESUME) or "cause" in d:
            continue
        if d["track"] == "run":
            d["cause"] = BENT_KNEE
            continue
        day = date.fromisoformat(d["date"])
        plan = per_day.get(day if d["kind"] == PAUSE else day - ONE_DAY, {})
        d["cause"] = STOP if plan.get("loading_stopped") else RED_FLAG


def run_pauses(per_day: dict[date, dict[str, Any]]) -> list[dict[str, Any]]:
    """The run plan's own pauses and resumes for a red flag, while the plan is open: a red flag that
    pauses progression stops running, one that stops all loading stops it too."""
    events = []
    was: str | None = None
    for day in sorted(per_day):
        p = per_day[day]
        open_ = p["run_open"] and not p["run_complete"]
        now = (STOP if p["loading_stopped"] else RED_FLAG) if open_ and p["paused"] else None
        if now != was and open_:
            where = f"week {p['run_week']}" + (f" at {p['run_sets']} sets" if p["run_sets"] else "")
            if now is not None:
                what = "a red flag that stops all loading" if now == STOP else "a red flag"
                reason = (
                    f"The assessment on {p['assessment']} found {what}: no run until an assessment "
                    f"has none; the plan waits at {where}."
                )
            else:
                reason = f"The assessment on {p['assessment']} found no red flag: runs resume at {where}."
            events.append(
                {
                    "date": day.isoformat(),
                    "track": "run",
                    "kind": PAUSE if now is not None else RESUME,
                    "from": None,
                    "to": None,
                    "reason": reason,
                    "cause": now or was,
                }
            )
        was = now
    return events


def _cause(reason: str) -> str:
    """What set a hold off ("Exercise pain 2/10"), from its reason."""
    cause, found, _ = reason.partition(" is above the advance threshold")
    return cause if found else reason.rstrip(".")


def _consequence(reason: str) -> str:
    """What a hold did ("held on rung 2"), from its reason."""
    _, found, rest = reason.partition(" is above the advance threshold ")
    if not found:
        return ""
    return rest.partition(";")[0].rstrip(".")  # "0/10: held on rung 2"


def _short(day: str, year: str) -> str:
    return day[5:] if day.startswith(year) else day


def _fold_reason(holds: list[dict[str, Any]]) -> str:
    """One sentence for a run of holds that states each distinct cause, with its dates."""
    if len(holds) == 1:
        return holds[0]["reason"]
    year = holds[0]["date"][:5]
    if any(not h["date"].startswith(year) for h in holds):
        year = "none"
    causes: dict[str, list[str]] = {}
    for h in holds:
        causes.setdefault(_cause(h["reason"]), []).append(_short(h["date"], year))
    listed = "; ".join(f"{cause[0].lower()}{cause[1:]} on {', '.join(days)}" for cause, days in causes.items())
    consequences = list(dict.fromkeys(c for c in (_consequence(h["reason"]) for h in holds) if c))
    tail = f" Each above the advance threshold {consequences[0]}." if len(consequences) == 1 else ""
    return f"Held {len(holds)} times: {listed}.{tail}"


def hold_streaks(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold runs of holds on one track into one history row each, every cause kept."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        last = out[-1] if out else None
        if (
            decision["kind"] == HOLD
            and last is not None
            and last["kind"] == "hold_streak"
            and last["track"] == decision["track"]
        ):
            last["held"].append(decision)
            last["holds"] += 1
            last["to_date"] = decision["date"]
        elif decision["kind"] == HOLD:
            out.append({**decision, "kind": "hold_streak", "holds": 1, "to_date": decision["date"], "held": [decision]})
        else:
            out.append(decision)
    for row in out:
        if row["kind"] == "hold_streak":
            row["reason"] = _fold_reason(row["held"])
            row["held"] = [{"date": h["date"], "reason": h["reason"]} for h in row["held"]]
    return out
