"""The HTML chart's event numbers: each one readable, each one near its mark.

The chart is read as drawn: every <text>, marker and line of the SVG is given
a box (a text's from its x, y, font size and characters, at Helvetica's and
Arial's advance widths, the fonts the chart names), and no event number may
touch another number, a marker, a pain point or a line.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hht.report import chart, model
from hht.rules.timeline import Timeline
from hht.store.opening import open_store
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import report_history

SVG = "{http://www.w3.org/2000/svg}"
ADVANCE = {",": 0.278, " ": 0.278, "-": 0.333}  # em; a digit is 0.556 em in Helvetica and Arial
NUMBERS = re.compile(r"\d+(-\d+)?(, \d+(-\d+)?)*")
Box = tuple[float, float, float, float]  # left, top, right, bottom


def report_of(history, folder, protocol, **kwargs) -> dict:
    history(folder / "hht.db", protocol, **kwargs)
    with open_store(folder / "hht.db", create=False) as store:
        return model.build(
            Timeline(protocol),
            store.days(),
            store.assessments(),
            store.assessment_summaries(),
            generated=date(2026, 3, 2),
            until=report_history.UNTIL,
            sides=["left"],
            corrections=store.corrections(),
        )


def text_box(text: ET.Element) -> Box:
    size, words = float(text.get("font-size")), text.text or ""
    width = size * sum(ADVANCE.get(c, 0.556) for c in words)
    x, y = float(text.get("x")), float(text.get("y"))
    left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor"), x)
    return left, y - 0.75 * size, left + width, y + 0.2 * size  # digits' height, a comma's tail


def shape_boxes(svg: ET.Element) -> list[Box]:
    """Every marker, pain point and line segment, widened by half its stroke."""
    boxes = []
    for e in svg.iter():
        tag, half = e.tag.removeprefix(SVG), float(e.get("stroke-width", 1)) / 2
        if tag in ("polygon", "polyline"):
            points = [tuple(map(float, p.split(","))) for p in e.get("points").split()]
            pieces = [points] if tag == "polygon" else list(itertools.pairwise(points))
        elif tag == "rect":
            x, y = float(e.get("x")), float(e.get("y"))
            pieces = [[(x, y), (x + float(e.get("width")), y + float(e.get("height")))]]
        elif tag == "circle":
            x, y, r = float(e.get("cx")), float(e.get("cy")), float(e.get("r"))
            pieces = [[(x - r, y - r), (x + r, y + r)]]
        elif tag == "line":
            pieces = [[(float(e.get("x1")), float(e.get("y1"))), (float(e.get("x2")), float(e.get("y2")))]]
        elif tag == "path":  # the rung and the run week: M x,y H x2, segment after segment
            pieces = [
                [(float(x1), float(y1)), (float(x2), float(y1))]
                for x1, y1, x2 in re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)", e.get("d"))
            ]
        else:
            continue
        for piece in pieces:
            xs, ys = [p[0] for p in piece], [p[1] for p in piece]
            boxes.append((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half))
    return boxes


def meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def numbers_in(words: str) -> list[int]:
    """'22, 24' -> [22, 24]; '20-28' -> 20 to 28."""
    out = []
    for part in words.split(", "):
        first, _, last = part.partition("-")
        out += range(int(first), int(last or first) + 1)
    return out


def check_event_numbers(report: dict) -> list[str]:
    """The chart's event numbers as drawn: assert they are clear of everything else and each is near its mark."""
    page = chart.pain_chart(report)
    svg = ET.fromstring(page[: page.index("</svg>") + 6])
    texts = list(svg.iter(f"{SVG}text"))
    labels = [t for t in texts if t.get("text-anchor") == "middle" and NUMBERS.fullmatch(t.text or "")]
    others = shape_boxes(svg) + [text_box(t) for t in texts if t not in labels]
    boxes = [text_box(t) for t in labels]
    width, height = map(float, svg.get("viewBox").split()[2:])
    for i, (label, box) in enumerate(zip(labels, boxes)):
        assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height, label.text
        clash = [b for b in others + boxes[:i] + boxes[i + 1 :] if meet(box, b)]
        assert not clash, f"event number {label.text} at {box} touches {clash}"

    since = date.fromisoformat(report["period"]["since"])
    span = max((date.fromisoformat(report["period"]["until"]) - since).days, 1)
    track = lambda h: "ladder" if h["track"] == "ladder" else "run"  # noqa: E731
    marked = {n: h for n, h in enumerate(report["history"], start=1) if h["kind"] in chart.MARKS}
    found: dict[int, list[str]] = {n: [] for n in marked}
    for label, box in zip(labels, boxes):
        numbers = numbers_in(label.text)
        on = track(marked[numbers[0]])  # a label's first number is one of its own band's
        mine = [n for n in numbers if n in marked and track(marked[n]) == on]
        xs = [62 + 644 * (date.fromisoformat(marked[n]["date"]) - since).days / span for n in mine]
        assert box[0] <= max(xs) and min(xs) <= box[2], f"{label.text} is not over its marks"
        # a shared label joins neighbours: no two of its marks with a wide stretch of the band between them
        gaps = [b - a for a, b in zip(sorted(xs), sorted(xs)[1:])]
        assert all(gap <= box[2] - box[0] + 20 for gap in gaps), f"{label.text} joins marks far apart: {gaps}"
        for n in mine:
            found[n].append(label.text)
        listed = [int(n) for n in re.split(r", |-", label.text)]
        assert all(n in marked for n in listed), f"{label.text} names a number that is no mark"
    assert {n: len(words) for n, words in found.items()} == {n: 1 for n in marked}, "each mark has one label"
    return [label.text for label in labels]


@pytest.mark.parametrize(
    "history, kwargs, labels",
    [
        ("ten_weeks", {}, ["22, 24", "26, 27"]),
        ("flare", {}, ["22, 25"]),
        ("many_events", {"weeks": 30}, []),
        ("many_events", {"weeks": 12}, []),
    ],
)
def test_event_numbers_are_clear_of_every_mark_and_line_and_near_their_own(history, kwargs, labels, tmp_path, protocol):
    drawn = check_event_numbers(report_of(getattr(report_history, history), tmp_path, protocol, **kwargs))
    assert set(labels) <= set(drawn)  # marks a day apart share a label listing each number


@pytest.fixture(scope="module")
def ten_weeks_report(tmp_path_factory) -> dict:
    from hht.rules.protocol import load as protocols

    return report_of(report_history.ten_weeks, tmp_path_factory.mktemp("chart"), protocols.load())


EVENT = st.tuples(
    st.integers(0, 70), st.sampled_from(["ladder", "run", "gate"]), st.sampled_from([*chart.MARKS, "hold_streak"])
)


@settings(max_examples=100, deadline=None)
@given(events=st.lists(EVENT, max_size=150), longer=st.sampled_from([0, 20, 300, 3000]))
def test_any_spacing_of_events_keeps_every_number_clear_and_near_its_mark(ten_weeks_report, events, longer):
    since = date.fromisoformat(ten_weeks_report["period"]["since"])
    until = date.fromisoformat(ten_weeks_report["period"]["until"]) + timedelta(days=longer)
    history = [
        {"date": (since + timedelta(days=day * (until - since).days // 70)).isoformat(), "track": track, "kind": kind}
        for day, track, kind in sorted(events)
    ]
    check_event_numbers(
        {**ten_weeks_report, "history": history, "period": {**ten_weeks_report["period"], "until": until.isoformat()}}
    )
