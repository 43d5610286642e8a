"""The report as a FHIR R4 Bundle (type collection).

One Observation per pain rating, coded LOINC 72514-3, with its date and its
context (on waking, ladder session, walk/jog, sitting) stated in code.text and
a note; and one Observation per self-test per side of each assessment.
Identifiers are name-based UUIDs, so the same history gives the same Bundle.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

LOINC_PAIN = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
SELF_TEST_SYSTEM = "urn:hht:self-test"
CONTEXTS = {
    "morning": "on waking",
    "exercise": "during or after the ladder exercise session",
    "run": "during or after the walk/jog session",
    "sitting": "when sitting",
}
TEST_DISPLAY = {
    "standing_stretch": "Standing hamstring stretch (Puranen-Orava), self-performed",
    "bent_knee": "Assisted bent-knee stretch, self-performed",
    "rapid_extension": "Rapid extension (modified bent-knee stretch), self-performed",
}
NAMESPACE = uuid.UUID("6f1d3c4e-5a2b-4c7d-9e8f-0a1b2c3d4e5f")


def _full_url(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _body_site(sides: list[str]) -> dict[str, str] | None:
    if not sides:
        return None
    return {"text": " and ".join(s.capitalize() for s in sides) + " proximal hamstring (ischial tuberosity)"}


def pain_observation(day: str, context: str, value: int, sides: list[str]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [LOINC_PAIN], "text": f"Pain severity 0-10, {CONTEXTS[context]}"},
        "effectiveDateTime": day,
        "valueInteger": value,
        "note": [{"text": f"Context: {context} ({CONTEXTS[context]}). Self-reported in hht."}],
    }
    site = _body_site(sides)
    if site:
        resource["bodySite"] = site
    return resource


def test_observation(day: str, side: str, test_id: str, test: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "category": [{"coding": [{"system": CATEGORY, "code": "exam", "display": "Exam"}]}],
        "code": {"coding": [{"system": SELF_TEST_SYSTEM, "code": test_id, "display": TEST_DISPLAY[test_id]}],
                 "text": TEST_DISPLAY[test_id]},
        "effectiveDateTime": day,
        "bodySite": {"text": f"{side.capitalize()} posterior thigh"},
        "note": [{"text": "Self-performed screening test: a screen, not a diagnosis; the published accuracy "
                          "(Cacchio et al. 2012) is for examiner-performed tests."}],
    }
    if not test.get("done", True) or test.get("pain") is None:
        resource["status"] = "cancelled"
        resource["dataAbsentReason"] = {"text": test.get("skip_reason") or "Not done"}
        return resource
    positive = bool(test.get("positive"))
    resource["status"] = "final"
    resource["valueInteger"] = test["pain"]
    resource["interpretation"] = [{"coding": [{
        "system": INTERPRETATION, "code": "POS" if positive else "NEG",
        "display": "Positive" if positive else "Negative"}]}]
    resource["component"] = [
        {"code": {"coding": [LOINC_PAIN], "text": "Pain provoked by the test"}, "valueInteger": test["pain"]},
        {"code": {"text": "Reproduces the familiar deep buttock pain"}, "valueBoolean": bool(test.get("familiar"))},
    ]
    return resource


def bundle(report: dict[str, Any]) -> dict[str, Any]:
    sides = report["runner"]["sides"]
    entries = []
    for row in report["days"]:
        for context in CONTEXTS:
            if row[context] is not None:
                entries.append({"fullUrl": _full_url("pain", row["date"], context),
                                "resource": pain_observation(row["date"], context, row[context], sides)})
    for a in report["assessments"]:
        for side, tests in a["tests"].items():
            for test_id, test in tests.items():
                entries.append({"fullUrl": _full_url("test", a["taken_at"], side, test_id),
                                "resource": test_observation(a["date"], side, test_id, test)})
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"report:{report['period']['since']}:{report['period']['until']}")),
        "type": "collection",
        "entry": entries,
    }


def render(report: dict[str, Any]) -> str:
    return json.dumps(bundle(report), indent=2, ensure_ascii=False) + "\n"
