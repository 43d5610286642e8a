"""Every key a protocol file may hold, as data: for each, how its value is
checked and whether it is required. `FILE` is the whole file; the rules that
span keys are in hht/rules/protocol/validate.py."""

from hht.rules.protocol.checks import Key, ListOf, Table, boolean, fraction, one_of, positive, text, whole
from hht.rules.protocol.model import FREQUENCIES, RED_FLAG_EFFECTS, TEST_IDS, URGENCIES

EXERCISE = {
    "name": Key(text, True),
    "dose": Key(text, True),
    "how": Key(text, True),
    "hold_seconds": Key(whole(1, 600)),
}

# A stage of the ladder (a rung). A stage of one exercise may give its name,
# dose and how-to itself; a stage of several lists them in `exercises`.
RUNG = {
    "id": Key(text, True),
    "name": Key(text, True),
    "dose": Key(text),
    "how": Key(text),
    "hold_seconds": Key(whole(1, 600)),
    "run_gate": Key(boolean),
    "frequency": Key(one_of(*FREQUENCIES)),
    "pain_free_sessions_needed": Key(whole(1, 30)),
    "exercises": Key(ListOf(Table(EXERCISE))),
}

SELF_TEST = {
    "id": Key(one_of(*TEST_IDS), True),
    "name": Key(text, True),
    "label": Key(text),
    "how_alone": Key(text, True),
    "sensitivity": Key(fraction, True),
    "specificity": Key(fraction, True),
    "lr_positive": Key(positive, True),
    "source": Key(text, True),
    "skip_if_bent_knee_pain_at_least": Key(whole(0, 10)),
}

RUN_WEEK = {
    "week": Key(whole(1, 52), True),
    "session": Key(text, True),
    "guidance": Key(text, True),
    "walk_minutes": Key(whole(1, 120)),
    "jog_minutes": Key(whole(1, 120)),
    "start_sets": Key(whole(1, 20)),
    "max_sets": Key(whole(1, 20)),
    "rest_day_after_run": Key(boolean),
    "minutes": Key(whole(1, 600)),
    "min_days": Key(whole(1, 60)),
    "min_pain_free_runs": Key(whole(1, 60)),
}

# The whole file: its top-level tables, in the order a file lists them.
FILE = Table(
    {
        "protocol": Key(
            Table(
                {
                    "name": Key(text, True),
                    "version": Key(text, True),
                    "title": Key(text, True),
                    "sources": Key(ListOf(text)),
                    "stage_word": Key(one_of("rung", "stage")),
                }
            ),
            True,
        ),
        "pain": Key(
            Table(
                {
                    "advance_threshold": Key(whole(0, 10), True),
                    "pain_free_sessions_needed": Key(whole(1, 30), True),
                    "step_back_threshold": Key(whole(1, 10), True),
                }
            ),
            True,
        ),
        "stretching": Key(
            Table({"summary": Key(text, True), "how": Key(text, True), "times_per_day": Key(text)}),
            True,
        ),
        "ladder": Key(ListOf(Table(RUNG)), True),
        "load_test": Key(Table({"name": Key(text, True), "how": Key(text, True), "source": Key(text)})),
        "maintenance": Key(
            Table({"summary": Key(text, True), "exercises": Key(ListOf(Table(EXERCISE)), True)}),
            True,
        ),
        "cross_training": Key(Table({"ideas": Key(ListOf(text), True), "gate": Key(text, True)}), True),
        "self_tests": Key(ListOf(Table(SELF_TEST), min_items=3), True),
        "assessment": Key(Table({"reassess_every_days": Key(whole(1, 365), True)})),
        "red_flag_advice": Key(Table({u: Key(text, True) for u in URGENCIES}), True),
        "red_flag_plan": Key(Table({u: Key(one_of(*RED_FLAG_EFFECTS)) for u in URGENCIES})),
        "red_flags": Key(
            ListOf(
                Table(
                    {
                        "id": Key(text, True),
                        "urgency": Key(one_of(*URGENCIES), True),
                        "question": Key(text, True),
                        "label": Key(text),
                    }
                )
            ),
            True,
        ),
        "signs": Key(
            ListOf(Table({"id": Key(text, True), "question": Key(text, True), "hint": Key(text), "label": Key(text)})),
            True,
        ),
        "hold_timer": Key(
            Table(
                {
                    "sets": Key(whole(1, 20), True),
                    "reps": Key(whole(1, 50), True),
                    "rest_seconds": Key(whole(0, 600), True),
                    "set_rest_seconds": Key(whole(0, 1800), True),
                }
            )
        ),
        "run_plan": Key(
            Table(
                {
                    "max_run_days_in_7": Key(whole(1, 7), True),
                    "after": Key(text, True),
                    "weeks": Key(ListOf(Table(RUN_WEEK)), True),
                }
            ),
            True,
        ),
    }
)
