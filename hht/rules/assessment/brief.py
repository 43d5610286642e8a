"""A saved assessment in a few words, as the change log (`hht history`) and
`hht undo` say it: read from the stored result that
hht/rules/assessment/scoring.py made, so it needs no protocol.
"""

from __future__ import annotations

from typing import Any


def brief(stored: dict[str, Any]) -> str:
    """One stored assessment (as `StoredAssessment.to_json` gives it) in a few
    words: 'no red flag; left: 2 of 3 tests positive (improving)'."""
    result = stored["result"]
    if stored["red_flag"]:
        flags = ", ".join(f["id"].replace("_", " ") for f in result.get("red_flags", []))
        return f"red flag, {result.get('urgency')}: {flags}"
    parts = []
    for side, scored in (result.get("per_side") or {}).items():
        positive, tested = len(scored["positive"]), scored["tested"]
        text = f"{side}: " + ("no test positive" if not positive else f"{positive} of {tested} tests positive")
        if scored.get("trend") not in (None, "first"):
            text += f" ({scored['trend']})"
        parts.append(text)
    return "; ".join(["no red flag", *parts])
