"""Scoring and gating of the self-screen, as pure functions: no terminal, no database."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hht.errors import UsageError
from hht.plan.reasons import cross_training_on
from hht.rules.assessment.answers import parse_answers, validate
from hht.rules.assessment.scoring import assess, caveat, interpretation, score
from hht.rules.assessment.trend import EASE_OFF
from hht.rules.protocol.model import TEST_IDS
from hht.rules.records import summary
from hypothesis import given
from hypothesis import strategies as st

ON = date(2026, 3, 2)


def answers(protocol, sides=("left",), **tests_by_side) -> dict:
    """Answers with no red flag and no sign; tests given as side=(pains, familiars)."""
    out = {
        "sides": list(sides),
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {},
    }
    for side in sides:
        pains, familiar = tests_by_side.get(side, ((0, 0, 0), (False, False, False)))
        out["tests"][side] = {
            test_id: {"pain": pain, "familiar": fam}
            for test_id, pain, fam in zip(TEST_IDS, pains, familiar)
            if pain is not None
        }
    return out


def scored(protocol, raw) -> dict:
    return assess(protocol, raw, ON)[1]


# --- scoring ----------------------------------------------------------------


def test_a_test_is_positive_only_when_it_reproduces_the_familiar_pain(protocol):
    raw = answers(protocol, left=((3, 2, 4), (True, False, True)))
    side = scored(protocol, raw)["per_side"]["left"]
    assert side["positive"] == ["standing_stretch", "rapid_extension"]
    assert side["tests"]["bent_knee"]["positive"] is False  # it hurt, but not the familiar pain
    assert side["tested"] == 3
    assert side["interpretation"].startswith("2 of the 3 tests reproduced your familiar pain: consistent with")
    assert "the more tests positive, the stronger" in side["interpretation"]


def test_all_negative_says_less_likely_and_to_check_other_causes(protocol):
    side = scored(protocol, answers(protocol))["per_side"]["left"]
    assert side["positive"] == []
    assert "less likely" in side["interpretation"]
    assert "Other causes" in side["interpretation"] and "clinician" in side["interpretation"]


@pytest.mark.parametrize(
    "positive, tested, expected",
    [
        (
            1,
            3,
            "1 of the 3 tests reproduced your familiar pain: consistent with high hamstring tendinopathy, "
            "though a single positive test is a weaker sign than several.",
        ),
        (3, 3, "All 3 tests reproduced"),
        (2, 2, "Both tests reproduced"),
    ],
)
def test_interpretation_wording(positive, tested, expected):
    assert interpretation(positive, tested).startswith(expected)


def test_the_published_figures_and_the_caveat_come_with_the_result(protocol):
    result = scored(protocol, answers(protocol))
    rapid = result["per_side"]["left"]["tests"]["rapid_extension"]
    assert (rapid["sensitivity"], rapid["specificity"], rapid["lr_positive"]) == (0.89, 0.91, 10.2)
    assert "examiner" in result["caveat"] and "self-performed versions are not validated" in result["caveat"]
    assert "Cacchio" in result["caveat"]
    assert result["screen"] == "This is a screen to guide self-management, not a diagnosis."


def test_the_rapid_test_is_skipped_with_a_reason_when_the_slow_one_hurt_5_or_more(protocol):
    raw = answers(protocol, left=((2, 5, None), (True, True, None)))
    side = scored(protocol, raw)["per_side"]["left"]
    rapid = side["tests"]["rapid_extension"]
    assert rapid["done"] is False and rapid["positive"] is False
    assert "5/10" in rapid["skip_reason"] and "Skipped" in rapid["skip_reason"]
    assert side["tested"] == 2
    assert side["interpretation"].startswith("Both tests reproduced")


def test_the_rapid_test_is_required_below_the_skip_level(protocol):
    raw = answers(protocol, left=((2, 4, None), (True, True, None)))
    with pytest.raises(UsageError, match=r"lack tests\.left\.rapid_extension"):
        validate(protocol, raw)


def test_a_rapid_answer_is_refused_when_it_should_have_been_skipped(protocol):
    raw = answers(protocol, left=((2, 7, 8), (True, True, True)))
    with pytest.raises(UsageError, match=r"tests\.left\.rapid_extension must be left out"):
        validate(protocol, raw)


def test_hints_of_other_causes_are_said_when_their_sign_is_yes(protocol):
    raw = answers(protocol)
    raw["signs"]["below_knee_or_tingling"] = True
    raw["signs"]["sitting_pain"] = True  # a sign without a hint
    hints = scored(protocol, raw)["hints"]
    assert len(hints) == 1 and "lower back or a nerve" in hints[0]


# --- red flags --------------------------------------------------------------


def test_a_red_flag_needs_nothing_else_and_gives_the_highest_urgency_advice(protocol):
    raw = {"sides": ["right"], "red_flags": {"night_pain": True, "sudden_pop": True}}
    checked, result = assess(protocol, raw, ON)
    assert checked == {"sides": ["right"], "red_flags": {"night_pain": True, "sudden_pop": True}}
    assert result["red_flag"] is True
    assert result["urgency"] == "urgent"
    assert result["advice"] == protocol.data["red_flag_advice"]["urgent"]
    assert [f["id"] for f in result["red_flags"]] == ["sudden_pop", "night_pain"]
    assert result["per_side"] == {}
    assert result["unlocks"]["cross_training"]["allowed"] is False


def test_red_flags_all_false_still_need_the_rest(protocol):
    raw = {"sides": ["left"], "red_flags": {f["id"]: False for f in protocol.data["red_flags"]}}
    with pytest.raises(UsageError, match="lack signs, range_of_motion_normal and tests"):
        validate(protocol, raw)


# --- gates ------------------------------------------------------------------


def test_cross_training_opens_when_the_bent_knee_test_is_pain_free_on_every_side(protocol):
    raw = answers(
        protocol, ("left", "right"), left=((3, 0, 2), (True, False, True)), right=((0, 0, 0), (False, False, False))
    )
    cross = scored(protocol, raw)["unlocks"]["cross_training"]
    assert cross["allowed"] is True
    assert "pain-free (0/10) on both sides" in cross["reason"]
    assert cross["ideas"] == ["cycling", "pool running"]


def test_cross_training_stays_shut_while_one_side_hurts_on_the_bent_knee_test(protocol):
    raw = answers(protocol, ("left", "right"), right=((0, 1, 0), (False, False, False)))
    cross = scored(protocol, raw)["unlocks"]["cross_training"]
    assert cross["allowed"] is False
    assert "1/10 on the right side" in cross["reason"]
    assert "left" not in cross["reason"]


def test_cross_training_follows_the_protocols_advance_threshold(protocol):
    lenient = protocol._replace(pain=protocol.pain._replace(advance_threshold=2))
    raw = answers(protocol, left=((0, 2, 0), (False, True, False)))
    cross = scored(lenient, raw)["unlocks"]["cross_training"]
    assert cross["allowed"] is True and "2/10 or less" in cross["reason"]


@pytest.mark.parametrize("rom", [True, False])
def test_the_running_gate_reports_range_of_motion(protocol, rom):
    raw = answers(protocol)
    raw["range_of_motion_normal"] = rom
    running = scored(protocol, raw)["unlocks"]["running"]
    assert running["range_of_motion_normal"] is rom
    met, waits = running["reason"].split("Running also waits for")
    assert ("range of motion normal" in met) is rom and ("range of motion normal" in waits) is not rom
    assert "back plank with leg lifts (rung 5)" in waits  # the ladder's part is always still to come here
    assert "back plank with leg lifts (rung 5)" in running["reason"]


def test_summary_carries_what_the_progression_needs(protocol):
    raw = answers(protocol, left=((0, 0, 0), (False, False, False)))
    raw["range_of_motion_normal"] = False
    _checked, result = assess(protocol, raw, ON)
    s = summary(ON, False, result)
    assert (s.date, s.red_flag, s.advice, s.rom_normal, s.bent_knee_pain_free) == (ON, False, "", False, True)
    assert (s.urgency, s.bent_knee) == (None, (("left", 0),))

    flagged = assess(protocol, {"sides": ["left"], "red_flags": {"saddle_numbness": True}}, ON)
    s = summary(ON, True, flagged[1])
    assert s.red_flag is True and s.advice == protocol.data["red_flag_advice"]["emergency"]
    assert s.urgency == "emergency"
    assert s.bent_knee_pain_free is None


def test_cross_training_today_follows_the_latest_assessment(protocol):
    from hht.rules.records import AssessmentSummary

    assert cross_training_on(protocol, None)["allowed"] is False
    assert "No assessment yet" in cross_training_on(protocol, None)["reason"]
    ok = AssessmentSummary(ON, False, "", True, True)
    assert cross_training_on(protocol, ok)["allowed"] is True
    sore = AssessmentSummary(ON, False, "", True, False)
    assert cross_training_on(protocol, sore)["allowed"] is False
    flag = AssessmentSummary(ON, True, "See someone.", None, None)
    assert "red flag" in cross_training_on(protocol, flag)["reason"]


# --- bad answers ------------------------------------------------------------


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a["red_flags"].pop("night_pain"), r"lack red_flags\.night_pain \("),
        (lambda a: a["signs"].update(limp=True), r"have unknown ids signs\.limp \("),
        (lambda a: a["tests"]["left"].update(slump={"pain": 1, "familiar": False}), r"unknown ids tests\.left\.slump"),
        (lambda a: a["tests"]["left"].pop("bent_knee"), r"lack tests\.left\.bent_knee"),
        (lambda a: a["tests"].update(right=a["tests"]["left"]), r"tests\.right \(not one of the sides\)"),
        (lambda a: a.update(sides=["left", "right"]), r"lack tests\.right"),
        (
            lambda a: a["tests"]["left"]["bent_knee"].update(pain=11),
            r"pain must be a whole number of pain from 0 to 10, not 11",
        ),
        (lambda a: a["tests"]["left"]["bent_knee"].update(pain=-1), r"from 0 to 10, not -1"),
        (lambda a: a["tests"]["left"]["bent_knee"].update(pain=2.5), r"not 2\.5"),
        (lambda a: a["tests"]["left"]["bent_knee"].update(pain=2), r"lack tests\.left\.bent_knee\.familiar"),
        (lambda a: a["tests"]["left"]["bent_knee"].update(familiar=True), r"familiar pain at 0/10"),
        (lambda a: a["red_flags"].update(night_pain="no"), r'red_flags\.night_pain must be true or false, not "no"'),
        (lambda a: a.update(sides=["middle"]), r'sides must be \["left"\]'),
        (lambda a: a.update(sides=[]), r"sides must be"),
        (lambda a: a.pop("sides"), r"lack sides"),
        (lambda a: a.pop("red_flags"), r"lack red_flags"),
        (lambda a: a.update(mood="fine"), r"unknown ids mood"),
        (lambda a: a.update(tests=[]), r"tests must be a JSON object, not \[\]"),
    ],
)
def test_bad_answers_name_the_problem(protocol, change, message):
    raw = answers(protocol)
    raw["tests"]["left"]["bent_knee"] = {"pain": 0}  # familiar may be left out at 0/10
    validate(protocol, copy.deepcopy(raw))  # the base is fine
    change(raw)
    with pytest.raises(UsageError, match=message):
        validate(protocol, raw)


def test_missing_and_unknown_ids_are_named_in_one_sentence(protocol):
    raw = answers(protocol)
    raw["red_flags"].pop("night_pain")
    raw["signs"]["limp"] = True
    with pytest.raises(UsageError) as caught:
        validate(protocol, raw)
    text = str(caught.value)
    assert text.startswith("The answers lack red_flags.night_pain and have unknown ids signs.limp (")
    assert text.count(".") >= 2 and text.endswith(").")


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"sides": ["left"], "red_fl', "is not valid JSON"),
        ("[1, 2]", "must be one JSON object"),
        ("", "not valid JSON"),
    ],
)
def test_answers_text_must_be_a_json_object(text, message):
    with pytest.raises(UsageError, match=message):
        parse_answers(text)


@given(
    pains=st.lists(st.integers(0, 10), min_size=3, max_size=3),
    familiar=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_scoring_is_consistent_for_any_valid_answers(protocol, pains, familiar):
    familiar = [f and p > 0 for f, p in zip(familiar, pains)]
    if pains[1] >= 5:
        pains[2] = None
    raw = answers(protocol, left=(pains, familiar))
    result = scored(protocol, raw)
    side = result["per_side"]["left"]
    assert side["tested"] == (2 if pains[1] >= 5 else 3)
    assert len(side["positive"]) == sum(1 for p, f in zip(pains, familiar) if p and f)
    assert ("less likely" in side["interpretation"]) == (not side["positive"])
    assert result["unlocks"]["cross_training"]["allowed"] == (pains[1] == 0)


# --- read against the earlier assessments ------------------------------------

EARLIER, LATER = date(2026, 2, 2), date(2026, 2, 16)
CLEAR = ((0, 0, 0), (False, False, False))
ALL_POSITIVE = ((3, 2, 4), (True, True, True))


def read(protocol, now, *earlier, on=ON, sides=("left",)) -> dict:
    """The result of `now` (left tests) on `on`, read against (date, left tests) pairs."""
    history = [(day, validate(protocol, answers(protocol, sides, left=tests, right=tests))) for day, tests in earlier]
    return score(protocol, validate(protocol, answers(protocol, sides, left=now, right=now)), on, history)


def test_the_first_assessment_reads_as_itself(protocol):
    result = read(protocol, CLEAR)
    assert (result["trend"], result["compared_with"]) == ("first", None)
    assert "less likely" in result["per_side"]["left"]["interpretation"]


def test_all_negative_after_positive_ones_reads_as_improvement_not_another_cause(protocol):
    """The persona: two positive assessments, then all three tests 0/10."""
    result = read(protocol, CLEAR, (EARLIER, ALL_POSITIVE), (LATER, ((2, 1, 3), (True, True, True))))
    side = result["per_side"]["left"]
    assert (result["trend"], result["compared_with"]) == ("improving", "2026-02-16")
    assert side["interpretation"].startswith(
        "No test reproduced your familiar pain, where 3 did on 2026-02-16: that reads as improvement"
    )
    assert "less likely" not in side["interpretation"] and "Other causes" not in side["interpretation"]
    assert side["changes"]["bent_knee"] == {"change": "no longer positive", "before": {"pain": 1, "positive": True}}
    assert result["caveat"] == caveat(protocol)  # the published accuracy caveat stays


def test_positives_after_negatives_read_as_a_flare_with_what_to_do(protocol):
    result = read(protocol, ((4, 0, 0), (True, False, False)), (EARLIER, ALL_POSITIVE), (LATER, CLEAR))
    side = result["per_side"]["left"]
    assert result["trend"] == "flare"
    assert side["interpretation"].startswith(
        "1 of the 3 tests reproduced your familiar pain, where none did on 2026-02-16. This reads as a flare"
    )
    assert EASE_OFF in side["interpretation"]
    assert [c["change"] for c in side["changes"].values()] == ["new positive", "still negative", "still negative"]


def test_a_new_positive_on_top_of_others_reads_as_worse(protocol):
    result = read(protocol, ((3, 2, 0), (True, True, False)), (LATER, ((3, 0, 0), (True, False, False))))
    side = result["per_side"]["left"]
    assert result["trend"] == "worse"
    assert "the assisted bent-knee stretch does now, and did not on 2026-02-16" in side["interpretation"]


def test_the_same_positives_read_as_ongoing_with_how_the_pain_moved(protocol):
    result = read(protocol, ((2, 1, 4), (True, True, True)), (LATER, ALL_POSITIVE))
    side = result["per_side"]["left"]
    assert result["trend"] == "unchanged"
    assert "none that did on 2026-02-16 has cleared: ongoing" in side["interpretation"]
    assert side["interpretation"].endswith("Compared with 2026-02-16, their pain is lower on 2 and the same on 1.")
    # Still clear after an improvement: it holds; clear from the start: still "less likely".
    assert read(protocol, CLEAR, (EARLIER, ALL_POSITIVE), (LATER, CLEAR))["per_side"]["left"]["interpretation"] == (
        "No test reproduced your familiar pain, as on 2026-02-16: the improvement holds."
    )
    assert "less likely" in read(protocol, CLEAR, (LATER, CLEAR))["per_side"]["left"]["interpretation"]


def test_fewer_positives_read_as_improvement(protocol):
    result = read(protocol, ((3, 0, 0), (True, False, False)), (LATER, ALL_POSITIVE))
    assert result["trend"] == "improving"
    assert (
        "the assisted bent-knee stretch and the rapid extension no longer do"
        in (result["per_side"]["left"]["interpretation"])
    )


def test_only_assessments_dated_before_count_and_red_flags_did_no_tests(protocol):
    red_flag = {"sides": ["left"], "red_flags": {"sudden_pop": True}}
    history = [
        (EARLIER, validate(protocol, answers(protocol, left=ALL_POSITIVE))),
        (LATER, validate(protocol, red_flag)),
        (ON, validate(protocol, answers(protocol, left=CLEAR))),
    ]  # same day: not earlier
    result = score(protocol, validate(protocol, answers(protocol)), ON, history)
    assert (result["trend"], result["compared_with"]) == ("improving", "2026-02-02")


def test_each_side_is_read_against_its_own_history_and_the_worst_trend_leads(protocol):
    history = [
        (EARLIER, validate(protocol, answers(protocol, ("left", "right"), left=CLEAR, right=ALL_POSITIVE))),
        (LATER, validate(protocol, answers(protocol, ("left",), left=CLEAR))),
    ]
    now = answers(protocol, ("left", "right"), left=((3, 0, 0), (True, False, False)), right=CLEAR)
    result = score(protocol, validate(protocol, now), ON, history)
    assert {s: (v["trend"], v["compared_with"]) for s, v in result["per_side"].items()} == {
        "left": ("flare", "2026-02-16"),
        "right": ("improving", "2026-02-02"),
    }
    assert (result["trend"], result["compared_with"]) == ("flare", "2026-02-16")


pain = st.integers(0, 10)
side_tests = st.tuples(st.tuples(pain, pain, pain), st.tuples(st.booleans(), st.booleans(), st.booleans()))


def _tidy(tests):
    pains, familiar = tests
    return pains, tuple(f and (p or 0) > 0 for p, f in zip(pains, familiar))


@given(now=side_tests, before=st.lists(side_tests, max_size=3))
def test_the_trend_follows_the_positives_of_the_latest_earlier_assessment(protocol, now, before):
    now = _tidy((now[0][:2] + (None,), now[1])) if now[0][1] >= 5 else _tidy(now)
    before = [_tidy((b[0][:2] + (None,), b[1])) if b[0][1] >= 5 else _tidy(b) for b in before]
    days = [date(2026, 1, 1 + 7 * i) for i in range(len(before))]
    result = read(protocol, now, *zip(days, before))
    trend = result["trend"]
    count = lambda tests: sum(bool(p) and f for p, f in zip(*tests))  # noqa: E731
    if not before:
        assert trend == "first"
    elif count(now) and not count(before[-1]):
        assert trend == "flare"
    elif not count(now) and count(before[-1]):
        assert trend == "improving"
        assert "improvement" in result["per_side"]["left"]["interpretation"]
    if trend != "first":
        assert result["compared_with"] == days[-1].isoformat()
    assert ("less likely" in result["per_side"]["left"]["interpretation"]) == (
        not count(now) and not any(count(b) for b in before)
    )
