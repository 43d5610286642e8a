"""Answers and a wording for the outcome measures' tests: the wording is made up
for the tests, nothing of the published questionnaire."""

from __future__ import annotations

import json
from pathlib import Path

from hht.rules.outcomes import visa_h

VISA = {"1": 7, "2": 6, "3": 8, "4": 5, "5": 6, "6": 4, "7": 4, "8": {"branch": "pain_not_stopping", "points": 10}}
PSFS = {
    "activities": [
        {"name": "Sitting an hour", "rating": 4},
        {"name": "Running 30 minutes", "rating": 2},
        {"name": "Sprinting", "rating": 0},
    ]
}
GROC = {"rating": 2}


def wording() -> dict:
    items: dict = {str(i): {"text": f"Made-up question {i}", "low": "worst", "high": "best"} for i in range(1, 7)}
    items["7"] = {"text": "Made-up question 7", "options": {p: f"made-up choice {p}" for p in ("0", "4", "7", "10")}}
    items["8"] = {
        "text": "Made-up question 8",
        "branches": {
            branch: {"text": f"Made-up branch {branch}", "options": {str(p): f"made-up {p}" for p in points}}
            for branch, points in visa_h.ITEM_8_BRANCHES.items()
        },
    }
    return {"format": "hht-wording", "measure": "visa-h", "title": "Test clinic wording", "items": items}


def write_files(folder: Path) -> None:
    """The files the help's examples name."""
    for name, data in (
        ("visa-h.json", VISA),
        ("psfs.json", PSFS),
        ("ratings.json", {"ratings": [5, 3, 1]}),
        ("groc.json", GROC),
        ("clinic-visa-h.json", wording()),
    ):
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
