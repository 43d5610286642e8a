"""The outcome measures scored by hand, the schedule, the load-step rule and
the protocol's marking of resistance work: the pure rules, plain data in and out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.errors import ProtocolError, UsageError
from hht.rules.outcomes import psfs, visa_h, wording
from hht.rules.outcomes.loads import (
    find_exercise,
    load_steps,
    parse_load,
    resistance_exercises,
    stepped,
)
from hht.rules.outcomes.measures import take
from hht.rules.outcomes.schedule import due, time_points, upcoming
from hht.rules.protocol import load as protocols
from hht.rules.records import Day

D0 = date(2026, 3, 2)


def d(n: int) -> date:
    return D0 + timedelta(days=n)


def visa(**items) -> dict:
    answers = {"1": 7, "2": 6, "3": 8, "4": 5, "5": 6, "6": 4, "7": 4, "8": {"branch": "no_pain", "points": 14}}
    answers.update({k.removeprefix("i"): v for k, v in items.items()})
    return answers


# -- VISA-H ----------------------------------------------------------------


@pytest.mark.parametrize(
    "branch, points, total",
    [
        # items 1-6: 7+6+8+5+6+4 = 36; item 7: 4
        ("no_pain", 0, 40),
        ("no_pain", 7, 47),
        ("no_pain", 14, 54),
        ("no_pain", 21, 61),
        ("no_pain", 30, 70),
        ("pain_not_stopping", 0, 40),
        ("pain_not_stopping", 4, 44),
        ("pain_not_stopping", 10, 50),
        ("pain_not_stopping", 14, 54),
        ("pain_not_stopping", 20, 60),
        ("pain_stopping", 0, 40),
        ("pain_stopping", 2, 42),
        ("pain_stopping", 5, 45),
        ("pain_stopping", 7, 47),
        ("pain_stopping", 10, 50),
    ],
)
def test_visa_h_scores_every_branch_of_item_8_by_hand(branch, points, total):
    answers, result = take("visa-h", visa(i8={"branch": branch, "points": points}))
    assert result["score"] == total
    assert result["items"]["8"] == points and result["item_8_branch"] == branch
    assert answers["8"] == {"branch": branch, "points": points}


def test_visa_h_spans_0_to_100():
    worst = {str(i): 0 for i in range(1, 8)} | {"8": {"branch": "pain_stopping", "points": 0}}
    best = {str(i): 10 for i in range(1, 8)} | {"8": {"branch": "no_pain", "points": 30}}
    assert take("visa-h", worst)[1]["score"] == 0
    assert take("visa-h", best)[1]["score"] == 100


@pytest.mark.parametrize(
    "answers, words",
    [
        (visa(i3=11), "item 3 must be a whole number from 0 to 10, not 11"),
        (visa(i1=-1), "item 1 must be a whole number from 0 to 10, not -1"),
        (visa(i2=5.5), "item 2 must be a whole number from 0 to 10, not 5.5"),
        (visa(i7=5), "item 7 must be 0, 4, 7 or 10, not 5"),
        (
            visa(i8={"branch": "pain_stopping", "points": 30}),
            "branch pain_stopping must score 0, 2, 5, 7 or 10, not 30",
        ),
        (visa(i8={"branch": "sometimes", "points": 0}), "branch must be no_pain, pain_not_stopping or pain_stopping"),
        (visa(i8=14), 'item 8 must be an object of its "branch"'),
        ({**visa(), "9": 3}, "unknown item id '9'"),
        ({k: v for k, v in visa().items() if k != "5"}, "lack item 5"),
        ([1, 2], "one JSON object"),
    ],
)
def test_visa_h_refuses_an_item_out_of_its_domain_in_one_sentence(answers, words):
    with pytest.raises(UsageError) as caught:
        take("visa-h", answers)
    assert words in str(caught.value)
    assert str(caught.value).count(". ") == 0


# -- PSFS ------------------------------------------------------------------


def activities(*ratings: int, names=("Sitting an hour", "Running 30 minutes", "Sprinting", "Driving", "Hills")):
    return {"activities": [{"name": n, "rating": r} for n, r in zip(names, ratings)]}


def test_psfs_scores_the_mean_of_three_to_five_activities():
    assert take("psfs", activities(4, 2, 0))[1]["score"] == 2.0
    assert take("psfs", activities(4, 2, 1))[1]["score"] == 2.33
    assert take("psfs", activities(10, 9, 8, 7, 6))[1]["score"] == 8.0


@pytest.mark.parametrize(
    "answers, words",
    [
        (activities(4, 2), "needs 3 to 5 activities, not 2"),
        (activities(1, 1, 1, 1, 1, names=("a", "b", "c", "d", "e", "f")) | {}, None),
        ({"activities": [{"name": "a", "rating": 1}] * 6}, "needs 3 to 5 activities, not 6"),
        (activities(4, 11, 0), "(Running 30 minutes) must be rated with a whole number from 0 to 10, not 11"),
        (activities(4, 2, 0, names=("Sitting", "sitting", "Sprinting")), "is named twice"),
        ({"activities": [{"name": "", "rating": 1}] * 3}, "activity 1's name must be some text"),
        ({"activities": []} | {"extra": 1}, "nothing else"),
    ],
)
def test_psfs_refuses_what_it_cannot_score(answers, words):
    if words is None:
        take("psfs", answers)
        return
    with pytest.raises(UsageError) as caught:
        take("psfs", answers)
    assert words in str(caught.value)


def test_psfs_calls_a_change_real_only_at_2_in_the_mean_or_3_for_one_activity():
    base = activities(4, 2, 0)["activities"]
    # mean 2.0 -> 3.67: 1.67, within the MDC; sprinting +3 is real for that activity
    small = psfs.change(base, activities(5, 3, 3)["activities"])
    assert small["real"] is None and small["change"] == 1.67
    assert [a["real"] for a in small["activities"]] == [None, None, "better"]
    # exactly 2 in the mean is real (no rounding at the edge): 2.0 -> 4.0
    assert psfs.change(base, activities(6, 4, 2)["activities"])["real"] == "better"
    # a third of a point short of it is not: 6/3 -> 12/3 - 1/3
    assert psfs.change(base, activities(6, 4, 1)["activities"])["real"] is None
    worse = psfs.change(activities(8, 8, 8)["activities"], activities(5, 6, 7)["activities"])
    assert worse["real"] == "worse" and worse["change"] == -2.0
    assert [a["real"] for a in worse["activities"]] == ["worse", None, None]
    renamed = psfs.change(base, activities(5, 3, 3, names=("Sitting an hour", "Cycling", "Sprinting"))["activities"])
    assert renamed["same_activities"] is False
    assert renamed["activities"][1] == {"name": "Cycling", "change": None, "real": None}


# -- GROC ------------------------------------------------------------------


@pytest.mark.parametrize("rating, label", [(-3, "very much worse"), (0, "about the same"), (2, "much better")])
def test_groc_is_its_rating_on_seven_points(rating, label):
    _, result = take("groc", {"rating": rating})
    assert result == {"measure": "groc", "score": rating, "label": label}


@pytest.mark.parametrize("rating", [4, -4, 1.5, True, "2"])
def test_groc_refuses_a_rating_off_its_seven_points(rating):
    with pytest.raises(UsageError, match="GROC rating must be a whole number from -3"):
        take("groc", {"rating": rating})


# -- the wording -------------------------------------------------------------


def made_up_wording() -> dict:
    """A wording written for the tests: nothing of the published questionnaire."""
    items = {str(i): {"text": f"Test question {i}", "low": "worst", "high": "best"} for i in range(1, 7)}
    items["7"] = {"text": "Test question 7", "options": {p: f"choice worth {p}" for p in ("0", "4", "7", "10")}}
    items["8"] = {
        "text": "Test question 8",
        "branches": {
            branch: {"text": f"Test branch {branch}", "options": {str(p): f"{p} points" for p in points}}
            for branch, points in visa_h.ITEM_8_BRANCHES.items()
        },
    }
    return {"format": "hht-wording", "measure": "visa-h", "title": "Test wording", "items": items}


def test_a_wording_that_matches_the_ids_and_points_is_kept_whole():
    kept = wording.check(made_up_wording(), "w.json")
    assert kept["items"]["7"]["options"]["10"] == "choice worth 10"
    assert kept["items"]["8"]["branches"]["pain_stopping"]["options"]["5"] == "5 points"


@pytest.mark.parametrize(
    "spoil, words",
    [
        (lambda w: w["items"].update({"9": {"text": "x"}}), "its items has '9', which is not one of its ids"),
        (lambda w: w["items"].pop("4"), "its items lacks '4'"),
        (lambda w: w["items"]["7"]["options"].update({"5": "x"}), "item 7's options has '5'"),
        (
            lambda w: w["items"]["8"]["branches"]["no_pain"]["options"].pop("30"),
            "item 8's branch no_pain's options lacks '30'",
        ),
        (lambda w: w.update(measure="psfs"), 'hht takes a wording for "visa-h" only'),
        (lambda w: w["items"]["2"].update(text="\x1b[2J"), "item 2's text holds a control character (U+001B)"),
    ],
)
def test_a_wording_that_does_not_match_is_refused_naming_what(spoil, words):
    data = made_up_wording()
    spoil(data)
    with pytest.raises(UsageError) as caught:
        wording.check(data, "w.json")
    assert str(caught.value).startswith("The wording file w.json does not match VISA-H: ")
    assert words in str(caught.value)


# -- the schedule ------------------------------------------------------------


def test_the_schedule_is_the_baseline_then_weeks_4_12_26_and_52():
    points = time_points(D0, [])
    assert [(p.label, p.on) for p in points] == [
        ("baseline", D0),
        ("week 4", d(28)),
        ("week 12", d(84)),
        ("week 26", d(182)),
        ("week 52", d(364)),
    ]
    assert points[0].measures == ("visa-h", "psfs")  # GROC rates change: not at the baseline
    assert points[1].measures == ("visa-h", "psfs", "groc")


def test_a_time_point_is_asked_on_its_day_until_done_and_only_then():
    assert due(None, [], D0) is None  # no assessment: no baseline yet
    assert due(D0, [], d(-1)) is None
    assert due(D0, [], D0).label == "baseline"
    taken = [("visa-h", D0)]
    assert due(D0, taken, d(1)).missing == ("psfs",)
    taken.append(("psfs", d(1)))
    assert due(D0, taken, d(2)) is None
    assert [due(D0, taken, d(n)) for n in (10, 20, 27)] == [None, None, None]
    assert due(D0, taken, d(28)).label == "week 4"
    assert due(D0, taken, d(40)).missing == ("visa-h", "psfs", "groc")  # due until done
    taken += [("visa-h", d(41)), ("psfs", d(41)), ("groc", d(41))]
    assert due(D0, taken, d(41)) is None and due(D0, taken, d(83)) is None
    assert due(D0, taken, d(84)).label == "week 12"
    assert upcoming(D0, taken, d(41)).label == "week 12"


def test_a_score_taken_up_to_a_week_early_counts_for_its_time_point():
    taken = [("visa-h", D0), ("psfs", D0), ("visa-h", d(22)), ("psfs", d(22)), ("groc", d(22))]
    assert due(D0, taken, d(28)) is None
    assert time_points(D0, taken)[1].done == {"visa-h": d(22), "psfs": d(22), "groc": d(22)}
    assert time_points(D0, taken)[0].done == {"visa-h": D0, "psfs": D0}


def test_a_time_point_never_done_gives_way_to_the_next():
    assert due(D0, [], d(20)).label == "baseline"
    assert due(D0, [], d(21)) is None  # week 4's window opens; it is asked from its day
    assert due(D0, [], d(28)).label == "week 4"


# -- loads -------------------------------------------------------------------

GOOM = protocols.load("goom-2016")
STAGE_2 = resistance_exercises(GOOM, 2)


def test_goom_2016_marks_its_heavy_slow_resistance_stages():
    marked = {r.number for r in GOOM.ladder if r.resistance}
    assert marked == {2, 3}
    assert [e.id for e in STAGE_2] == ["bridge", "leg_curl", "hip_extension"]
    assert all(e.reps == (8, 15) and e.step == (5, 10) for e in STAGE_2)
    assert {e.id: e.reps for e in resistance_exercises(GOOM, 3)}["nordic"] == (3, 8)
    assert resistance_exercises(protocols.load()) == []  # the default's rungs are not resistance work


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("leg_curl=20 x 12", ("leg_curl", {"kg": 20, "reps": 12})),
        ("leg=22.5kg x 10", ("leg_curl", {"kg": 22.5, "reps": 10})),
        ("hip-extension = 7,5 × 15", ("hip_extension", {"kg": 7.5, "reps": 15})),
        ("bridge=bodyweight x 15", ("bridge", {"bodyweight": True, "reps": 15})),
    ],
)
def test_a_load_is_read_by_id_or_an_unambiguous_prefix(text, parsed):
    assert parse_load(text, STAGE_2) == parsed


@pytest.mark.parametrize(
    "text, words",
    [
        ("leg_curl=heavy x 12", "the load must be a number of kg or bodyweight, not 'heavy'"),
        ("leg_curl=20 x 0", "the repetitions must be a whole number from 1 to 100, not '0'"),
        ("leg_curl=20 x 101", "the repetitions must be a whole number from 1 to 100, not '101'"),
        ("leg_curl=0 x 10", "must be more than 0 and at most 500 kg"),
        ("squat=20 x 10", "names 'squat', which is not an exercise of heavy slow resistance here"),
        ("leg_curl 20 x 10", "must be EXERCISE=KG x REPS"),
        ("leg_curl=20", "must be EXERCISE=KG x REPS"),
    ],
)
def test_a_load_that_cannot_be_read_is_one_sentence(text, words):
    with pytest.raises(UsageError) as caught:
        parse_load(text, STAGE_2)
    assert words in str(caught.value)


def test_an_ambiguous_prefix_names_the_choices():
    with pytest.raises(UsageError, match="could be romanian_deadlift or rows"):
        find_exercise("r", [*resistance_exercises(GOOM, 3), STAGE_2[0]._replace(id="rows")], "r=1 x 1")


def test_the_load_step_is_five_to_ten_percent_to_the_half_kilo():
    assert stepped(20, (5, 10)) == (21.0, 22.0)
    assert stepped(5, (5, 10)) == (5.5, 5.5)
    assert stepped(40, (5, 10)) == (42.0, 44.0)


def sessions(pains: dict[int, int], reps: dict[int, int], kg: float = 20, mornings: dict[int, int] | None = None):
    """Sessions every second day, the leg curl's last set as given; each next morning 0/10 unless said."""
    mornings = mornings or {}
    days, loads = {}, {}
    for n, pain in pains.items():
        days[n] = Day(d(n), morning=mornings.get(n, 0), exercise=pain)
        loads[d(n)] = {"leg_curl": {"kg": kg, "reps": reps[n]}}
        days.setdefault(n + 1, Day(d(n + 1), morning=mornings.get(n + 1, 0)))
    return sorted(days.values()), loads


def test_a_load_step_is_suggested_only_after_two_qualifying_sessions_running():
    days, loads = sessions({0: 0, 2: 0, 4: 0}, {0: 13, 2: 15, 4: 15})
    assert load_steps(STAGE_2, days, loads, 0, d(4)) == []  # the second session awaits its next morning
    found = load_steps(STAGE_2, days, loads, 0, d(5))
    assert [(s.exercise, s.sessions, s.suggested) for s in found] == [("leg_curl", (d(2), d(4)), (21.0, 22.0))]
    assert "try 21-22 kg next session (a load step of 5-10 %)" in found[0].words
    one = load_steps(STAGE_2, *sessions({0: 0, 2: 0}, {0: 12, 2: 15}), 0, d(3))
    assert one == []  # once at the top of the range is not enough


def test_a_load_step_is_never_suggested_under_pain():
    assert load_steps(STAGE_2, *sessions({0: 0, 2: 1}, {0: 15, 2: 15}), 0, d(3)) == []
    assert load_steps(STAGE_2, *sessions({0: 0, 2: 0}, {0: 15, 2: 15}, mornings={3: 2}), 0, d(3)) == []
    days, loads = sessions({0: 0, 2: 0}, {0: 15, 2: 15})
    sore = [*days, Day(d(4), sitting=3)]
    assert load_steps(STAGE_2, sore, loads, 0, d(4)) == []  # any pain since: none
    assert load_steps(STAGE_2, days, loads, 2, d(3)) != []  # a physio's threshold of 2 admits 1-2/10


def test_a_load_step_needs_the_same_load_both_times():
    days, loads = sessions({0: 0, 2: 0}, {0: 15, 2: 15})
    loads[d(2)] = {"leg_curl": {"kg": 22, "reps": 15}}
    assert load_steps(STAGE_2, days, loads, 0, d(3)) == []


def test_at_bodyweight_the_step_is_to_make_it_heavier():
    days, _ = sessions({0: 0, 2: 0}, {0: 15, 2: 15})
    loads = {d(0): {"bridge": {"bodyweight": True, "reps": 15}}, d(2): {"bridge": {"bodyweight": True, "reps": 15}}}
    (step,) = load_steps(STAGE_2, days, loads, 0, d(3))
    assert step.suggested is None and "make it a little heavier next session" in step.words


# -- the protocol's marking --------------------------------------------------

GOOM_TEXT = protocols.find("goom-2016").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change, words",
    [
        (('id = "leg_curl"\n', ""), "ladder[1].exercises[1].id is missing (an exercise of resistance work needs it)"),
        (('id = "hip_extension"\nreps = [8, 15]\n', 'id = "hip_extension"\nreps = [15, 8]\n'), "the smaller first"),
        (('id = "nordic"', 'id = "bridge"'), "ladder[2].exercises[2].id repeats the id 'bridge'"),
        (('id = "nordic"', 'id = "Nordic curl"'), "must be a short id of lower-case letters"),
        (
            ("pain_free_sessions_needed = 5\n", "pain_free_sessions_needed = 5\nload_step_percent = [5, 10]\n"),
            "ladder[0].load_step_percent belongs to a stage of resistance work",
        ),
        (
            ("pain_free_sessions_needed = 5\n", "pain_free_sessions_needed = 5\n"),
            None,
        ),
    ],
)
def test_the_protocol_schema_checks_the_marking_of_resistance_work(change, words):
    text = GOOM_TEXT.replace(*change, 1)
    if words is None:
        protocols.parse(text)
        return
    with pytest.raises(ProtocolError) as caught:
        protocols.parse(text)
    assert words in str(caught.value)
