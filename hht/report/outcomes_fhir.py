"""The physio's numbers in the FHIR Bundle: for each outcome measure taken, a
QuestionnaireResponse of its answers and an Observation of its score derived
from it (`derivedFrom`); an Observation of each day's sitting tolerance, and
one of each exercise's last set of heavy slow resistance. hht/report/fhir.py
yields these after its own entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from hht.rules.outcomes import visa_h
from hht.rules.records import OUTCOME_NAMES

QUESTIONNAIRE = "urn:hht:questionnaire:"  # + the measure's id: hht's own items, not a published Questionnaire
OUTCOME_SYSTEM = "urn:hht:outcome"
FIGURE_SYSTEM = "urn:hht:day-figure"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
DISPLAY = {
    "visa-h": "VISA-H total score (0-100, 100 = no symptoms)",
    "psfs": "Patient-specific functional scale, mean of the activities (0-10)",
    "groc": "Global rating of change, 7 points (-3 to +3)",
}
NOTE = {
    "visa-h": f"No validated minimal important difference: read the change with your physio. Items scored as published ({visa_h.SOURCE}); the wording is the clinic's.",
    "psfs": "A change is real at 2 points in the mean, or 3 for one activity (MDC90).",
    "groc": "How the problem is now against when treatment began.",
}


def _items(measure: str, answers: dict[str, Any]) -> list[dict[str, Any]]:
    if measure == "visa-h":
        items = [
            {"linkId": item, "text": f"VISA-H item {item}", "answer": [{"valueInteger": answers[item]}]}
            for item in visa_h.ITEMS[:7]
        ]
        eight = answers["8"]
        items.append(
            {
                "linkId": "8",
                "text": f"VISA-H item 8, branch {eight['branch']} ({visa_h.BRANCH_WORDS[eight['branch']]})",
                "answer": [{"valueInteger": eight["points"]}],
            }
        )
        items.append(
            {"linkId": "8-branch", "text": "VISA-H item 8's branch", "answer": [{"valueString": eight["branch"]}]}
        )
        return items
    if measure == "psfs":
        return [
            {"linkId": f"activity-{n}", "text": a["name"], "answer": [{"valueInteger": a["rating"]}]}
            for n, a in enumerate(answers["activities"], start=1)
        ]
    return [
        {
            "linkId": "rating",
            "text": "Global rating of change, -3 to +3",
            "answer": [{"valueInteger": answers["rating"]}],
        }
    ]


def entries(report: dict[str, Any], full_url: Callable[..., str]) -> Iterator[dict[str, Any]]:
    part = report.get("outcomes") or {}
    for response in part.get("responses", []):
        measure, day = response["measure"], response["date"]
        key = (str(response["id"]), day, measure)  # the measure taken: its id, day and measure
        response_url = full_url("outcome-response", *key)
        yield {
            "fullUrl": response_url,
            "resource": {
                "resourceType": "QuestionnaireResponse",
                "questionnaire": QUESTIONNAIRE + measure,
                "status": "completed",
                "authored": response["taken_at"],
                "item": _items(measure, response["answers"]),
            },
        }
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
            "code": {
                "coding": [{"system": OUTCOME_SYSTEM, "code": measure, "display": DISPLAY[measure]}],
                "text": DISPLAY[measure],
            },
            "effectiveDateTime": day,
            "derivedFrom": [{"reference": response_url, "display": f"{OUTCOME_NAMES[measure]} answers"}],
            "note": [{"text": NOTE[measure]}],
        }
        if measure == "groc":
            observation["valueInteger"] = int(response["score"])
        else:
            observation["valueQuantity"] = {
                "value": response["score"],
                "unit": "score",
                "system": UCUM,
                "code": "{score}",
            }
        yield {"fullUrl": full_url("outcome-score", *key), "resource": observation}
    for figure in part.get("days", []):
        day = figure["date"]
        if figure["sitting_minutes"] is not None:
            yield {
                "fullUrl": full_url("sitting-minutes", day),
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [{"coding": [{"system": CATEGORY, "code": "activity", "display": "Activity"}]}],
                    "code": {
                        "coding": [
                            {"system": FIGURE_SYSTEM, "code": "sitting-minutes", "display": "Sitting tolerance"}
                        ],
                        "text": "Minutes on a hard chair before the familiar pain",
                    },
                    "effectiveDateTime": day,
                    "valueQuantity": {"value": figure["sitting_minutes"], "unit": "min", "system": UCUM, "code": "min"},
                },
            }
        for exercise, lift in sorted((figure["loads"] or {}).items()):
            load: dict[str, Any] = (
                {"code": {"text": "Load"}, "valueString": "bodyweight"}
                if lift.get("bodyweight")
                else {
                    "code": {"text": "Load"},
                    "valueQuantity": {"value": lift["kg"], "unit": "kg", "system": UCUM, "code": "kg"},
                }
            )
            yield {
                "fullUrl": full_url("load", day, exercise),
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [{"coding": [{"system": CATEGORY, "code": "activity", "display": "Activity"}]}],
                    "code": {
                        "coding": [
                            {"system": FIGURE_SYSTEM, "code": f"load-{exercise}", "display": f"Last set: {exercise}"}
                        ],
                        "text": f"Heavy slow resistance, the last set of {exercise}",
                    },
                    "effectiveDateTime": day,
                    "component": [
                        load,
                        {"code": {"text": "Repetitions"}, "valueInteger": lift["reps"]},
                    ],
                },
            }
