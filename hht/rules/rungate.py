"""What keeps the return-to-run gate shut on a day: the run-gate stage not yet
moved past, the range of motion not checked or not normal, a red flag, the
assisted bent-knee stretch painful."""

from __future__ import annotations

from datetime import date

from hht.rules.protocol.model import Rung
from hht.rules.records import AssessmentSummary


def gate_missing(
    gate_rung: Rung,
    on: date,
    rung: int,
    gate_done: date | None,
    latest: AssessmentSummary | None,
    threshold: int = 0,
    word: str = "rung",
    stopped: bool = False,
) -> list[str]:
    """What keeps the gate shut on `on` (empty when it may open), the runner being on `rung`."""
    missing = []
    if gate_done is None or gate_done > on:
        missing.append(
            f"the ladder has not yet moved past {word} {gate_rung.number} "
            f"({gate_rung.name}) on pain-free sessions: you are on {word} {rung}"
        )
    if latest is None:
        missing.append("no assessment has checked your hamstring range of motion yet (run `hht assess`)")
    elif latest.rom_normal is None:
        missing.append(f"the latest assessment ({latest.date}) did not check your hamstring range of motion")
    elif not latest.rom_normal:
        missing.append(f"the latest assessment ({latest.date}) found your hamstring range of motion not yet normal")
    if latest is not None and latest.red_flag:
        what = "stops all loading" if stopped else "pauses progression"
        missing.append(f"a red flag in the assessment on {latest.date} {what}")
    elif latest is not None and latest.bent_knee_pain_free is False:
        missing.append(
            f"the latest assessment ({latest.date}) found the assisted bent-knee stretch painful "
            f"({sore_sides(latest, threshold)})"
        )
    return missing


def sore_sides(a: AssessmentSummary, threshold: int) -> str:
    """`3/10 on the left side`: where the assisted bent-knee stretch hurt."""
    sore = [f"{level}/10 on the {side} side" for side, level in a.bent_knee if level > threshold]
    return ", ".join(sore) or "on an affected side"
