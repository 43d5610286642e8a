"""The report as a FHIR R4 Bundle (type collection).

One Observation per pain rating of each day (every rating hht/rules/records.py
declares: on waking, ladder session, walk/jog, sitting, the daily load test),
coded LOINC 72514-3, with its date and its context stated in code.text and a
note; one Observation per self-test per side of each assessment; and one
per red-flag question and per sign each assessment answered (yes or no).
The Bundle carries the moment it was made. `write` streams the entries, so
ten years of daily ratings never sit in memory as one document.
Identifiers are name-based UUIDs, so the same history gives the same Bundle.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any, TextIO

from hht import jsonout
from hht.report.runs import fhir_entries
from hht.rules.records import PAIN_RATINGS

LOINC_PAIN = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
SELF_TEST_SYSTEM = "urn:hht:self-test"
RED_FLAG_SYSTEM = "urn:hht:red-flag"
SIGN_SYSTEM = "urn:hht:sign"
CONTEXTS = {r.id: r.context for r in PAIN_RATINGS}  # every pain rating, each its own Observation
TEST_DISPLAY = {
    "standing_stretch": "Standing hamstring stretch (Puranen-Orava), self-performed",
    "bent_knee": "Assisted bent-knee stretch, self-performed",
    "rapid_extension": "Rapid extension (modified bent-knee stretch), self-performed",
}
NAMESPACE = uuid.UUID("6f1d3c4e-5a2b-4c7d-9e8f-0a1b2c3d4e5f")


def _full_url(*parts: str) -> str:
    """urn:uuid: and the name-based (version 5) UUID of the parts: uuid.uuid5's value, a third of its time."""
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + ":".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _pain_templates(sides: list[str]) -> dict[str, str]:
    """Each context's pain Observation entry as compact JSON, with {url}, {day} and {value} to fill.

    The text is exactly what json.dumps gives for `pain_observation`: ten years
    of daily ratings are some 15,000 of these, and encoding each from a dict
    was most of the export's time.
    """
    templates = {}
    for context in CONTEXTS:
        resource = pain_observation("\0day", context, 0, sides)
        text = json.dumps({"fullUrl": "\0url", "resource": resource}, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("{", "{{").replace("}", "}}")
        text = text.replace('"\\u0000url"', '"{url}"').replace('"\\u0000day"', '"{day}"')
        templates[context] = text.replace('"valueInteger":0', '"valueInteger":{value}')
    return templates


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
        "code": {
            "coding": [{"system": SELF_TEST_SYSTEM, "code": test_id, "display": TEST_DISPLAY[test_id]}],
            "text": TEST_DISPLAY[test_id],
        },
        "effectiveDateTime": day,
        "bodySite": {"text": f"{side.capitalize()} posterior thigh"},
        "note": [
            {
                "text": "Self-performed screening test: a screen, not a diagnosis; the published accuracy "
                "(Cacchio et al. 2012) is for examiner-performed tests."
            }
        ],
    }
    if not test.get("done", True) or test.get("pain") is None:
        resource["status"] = "cancelled"
        resource["dataAbsentReason"] = {"text": test.get("skip_reason") or "Not done"}
        return resource
    positive = bool(test.get("positive"))
    resource["status"] = "final"
    resource["valueInteger"] = test["pain"]
    resource["interpretation"] = [
        {
            "coding": [
                {
                    "system": INTERPRETATION,
                    "code": "POS" if positive else "NEG",
                    "display": "Positive" if positive else "Negative",
                }
            ]
        }
    ]
    resource["component"] = [
        {"code": {"coding": [LOINC_PAIN], "text": "Pain provoked by the test"}, "valueInteger": test["pain"]},
        {"code": {"text": "Reproduces the familiar deep buttock pain"}, "valueBoolean": bool(test.get("familiar"))},
    ]
    return resource


def answer_observation(day: str, system: str, item_id: str, label: str, yes: bool, kind: str) -> dict[str, Any]:
    """One red-flag question or sign, answered yes or no in a self-assessment."""
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": system, "code": item_id, "display": label}], "text": f"{kind}: {label}"},
        "effectiveDateTime": day,
        "valueBoolean": bool(yes),
        "note": [{"text": f"Self-reported {kind.lower()} in hht's self-assessment: a screen, not a diagnosis."}],
    }
    if yes and system == RED_FLAG_SYSTEM:
        resource["interpretation"] = [{"coding": [{"system": INTERPRETATION, "code": "A", "display": "Abnormal"}]}]
    return resource


def entries(report: dict[str, Any]) -> Iterator[dict[str, Any] | jsonout.Raw]:
    """The Bundle's entries, one at a time; each pain score comes already encoded, from its template."""
    templates = _pain_templates(report["runner"]["sides"])
    for row in report["days"]:
        day = row["date"]
        for context, template in templates.items():
            value = row[context]
            if value is not None:
                yield jsonout.Raw(template.format(url=_full_url("pain", day, context), day=day, value=int(value)))
    labels = report["labels"]
    for a in report["assessments"]:
        for flag, yes in a.get("red_flags_asked", {}).items():
            yield {
                "fullUrl": _full_url("red-flag", a["taken_at"], flag),
                "resource": answer_observation(
                    a["date"], RED_FLAG_SYSTEM, flag, labels["red_flags"].get(flag, flag), yes, "Red flag"
                ),
            }
        for sign, yes in a["signs"].items():
            yield {
                "fullUrl": _full_url("sign", a["taken_at"], sign),
                "resource": answer_observation(
                    a["date"], SIGN_SYSTEM, sign, labels["signs"].get(sign, sign), yes, "Sign"
                ),
            }
        for side, tests in a["tests"].items():
            for test_id, test in tests.items():
                yield {
                    "fullUrl": _full_url("test", a["taken_at"], side, test_id),
                    "resource": test_observation(a["date"], side, test_id, test),
                }
    yield from fhir_entries(report, _full_url, CATEGORY)  # each run's file: hht/report/runs.py
    from hht.report.outcomes_fhir import entries as outcome_entries  # QuestionnaireResponses and their scores

    yield from outcome_entries(report, _full_url)


def bundle(report: dict[str, Any]) -> dict[str, Any]:
    """The Bundle, its entries a stream that `jsonout.write` writes one batch at a time."""
    out: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"report:{report['period']['since']}:{report['period']['until']}")),
        "type": "collection",
    }
    if report.get("generated_at"):
        out["timestamp"] = report["generated_at"]
    out["entry"] = jsonout.Stream(entries(report))
    return out


def write(report: dict[str, Any], handle: TextIO, pretty: bool = False) -> None:
    jsonout.write(bundle(report), handle, pretty=pretty)


def render(report: dict[str, Any]) -> str:
    out = io.StringIO()
    write(report, out)
    return out.getvalue()
