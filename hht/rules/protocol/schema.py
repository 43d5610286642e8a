"""Every key a protocol file may hold, as data: for each, how its value is
checked, whether it is required and what it means (the one place a key's
meaning is written; `hht protocol init` writes it above the key in its copy).
`FILE` is the whole file; the rules that span keys are in
hht/rules/protocol/validate.py."""

from collections.abc import Iterator

from hht.inputs import PAIN_MAX, PAIN_MIN
from hht.rules.protocol.checks import (
    Key,
    ListOf,
    Table,
    boolean,
    fraction,
    identifier,
    join,
    one_of,
    positive,
    text,
    whole,
    whole_range,
)
from hht.rules.protocol.model import FREQUENCIES, RED_FLAG_EFFECTS, TEST_IDS, URGENCIES

# One exercise of a stage that lists several (`[[ladder.exercises]]`).
STAGE_EXERCISE = {
    "name": Key(text, True, "one exercise of the stage"),
    "dose": Key(text, True, "its dose: sets, reps or hold seconds, effort or load"),
    "how": Key(text, True, "how to do it"),
    "hold_seconds": Key(whole(1, 600), False, "a held exercise: seconds per hold"),
    "id": Key(
        identifier,
        False,
        "an exercise of resistance work: a short unique id (`hht log --load ID=KG x REPS` names it)",
    ),
    "reps": Key(
        whole_range(1, 100),
        False,
        "an exercise of resistance work: the prescribed range of the last set's repetitions, [fewest, most]; "
        "reaching the most pain-free on two sessions running suggests the stage's load step",
    ),
}

MAINTENANCE_EXERCISE = {
    "name": Key(text, True, "a maintenance exercise"),
    "dose": Key(text, True, "its dose"),
    "how": Key(text, True, "how to do it"),
    "hold_seconds": Key(whole(1, 600)),
}

# A stage of the ladder (a rung). A stage of one exercise may give its name,
# dose and how-to itself; a stage of several lists them in `exercises`.
RUNG = {
    "id": Key(text, True, "a short unique id for the stage (letters and underscores)"),
    "name": Key(text, True, "the stage's name as the runner reads it"),
    "dose": Key(text, False, "a one-exercise stage's dose: sets, reps or hold seconds, effort"),
    "how": Key(text, False, "a one-exercise stage's how-to"),
    "hold_seconds": Key(whole(1, 600), False, "a held exercise: seconds per hold (`hht today --start` times them)"),
    "run_gate": Key(
        boolean, False, "true on at most one stage: moving past it is one condition of the run plan opening"
    ),
    "frequency": Key(
        one_of(*FREQUENCIES),
        False,
        '"daily", or "every_second_day" for heavy work (the day after a session rests)',
    ),
    "pain_free_sessions_needed": Key(
        whole(1, 30), False, "this stage's own count of pain-free sessions to move on (optional)"
    ),
    "exercises": Key(ListOf(Table(STAGE_EXERCISE))),
    "resistance": Key(
        boolean,
        False,
        "true for heavy slow resistance: `hht log --load` records each exercise's load and repetitions "
        "(each exercise then needs its id and reps)",
    ),
    "load_step_percent": Key(
        whole_range(1, 50),
        False,
        "resistance work: the load step suggested for the next session, in percent, [least, most] (default [5, 10])",
    ),
}

SELF_TEST = {
    "id": Key(one_of(*TEST_IDS), True, "one of standing_stretch, bent_knee, rapid_extension (all three are needed)"),
    "name": Key(text, True, "the test's full name"),
    "label": Key(text, False, "a short name for tables"),
    "how_alone": Key(text, True, "how the runner does the test alone"),
    "sensitivity": Key(fraction, True, "0-1, as published"),
    "specificity": Key(fraction, True, "0-1, as published"),
    "lr_positive": Key(positive, True, "the positive likelihood ratio, as published"),
    "source": Key(text, True, "where the figures come from"),
    "skip_if_bent_knee_pain_at_least": Key(
        whole(PAIN_MIN, PAIN_MAX), False, "skip this test when the bent-knee stretch hurt this much"
    ),
}

RUN_WEEK = {
    "week": Key(whole(1, 52), True, "the week's number, in order from 1"),
    "session": Key(text, True, "the session in words"),
    "guidance": Key(text, True, "advice for the week"),
    "walk_minutes": Key(whole(1, 120), False, "a week that builds sets: minutes of walking per set"),
    "jog_minutes": Key(whole(1, 120), False, "minutes of jogging per set"),
    "start_sets": Key(whole(1, 20), False, "the sets of its first run"),
    "max_sets": Key(whole(1, 20), False, "the sets of its last run; each pain-free run adds one"),
    "rest_day_after_run": Key(boolean, False, "true: never a run the day after a run"),
    "minutes": Key(whole(1, 600), False, "a week without sets: the run's minutes"),
    "min_days": Key(whole(1, 60), False, "done after at least this many days in it"),
    "min_pain_free_runs": Key(whole(1, 60), False, "with at least this many pain-free runs and none painful"),
}

RED_FLAG_ADVICE_HELP = {
    "emergency": "what to tell a runner with an emergency red flag",
    "urgent": "with an urgent red flag",
    "soon": "with a red flag to see a doctor about soon",
}
RED_FLAG_PLAN_HELP = {
    "emergency": '"stop" (all loading stops) or "pause" (progression and running pause)',
    "urgent": '"stop" or "pause"',
    "soon": '"stop" or "pause"',
}

# The whole file: its top-level tables, in the order a file lists them.
FILE = Table(
    {
        "protocol": Key(
            Table(
                {
                    "name": Key(
                        text, True, "this protocol's name: hht records it with every assessment and change of protocol"
                    ),
                    "version": Key(
                        text, True, "raise it whenever you change a rule, so a report says which rules applied"
                    ),
                    "title": Key(text, True, "one line, shown at the top of `hht protocol show`"),
                    "sources": Key(ListOf(text), False, "the papers the rules come from, shown with the protocol"),
                    "stage_word": Key(
                        one_of("rung", "stage"), False, '"rung" or "stage": what hht calls one step of the ladder'
                    ),
                }
            ),
            True,
        ),
        "pain": Key(
            Table(
                {
                    "advance_threshold": Key(
                        whole(PAIN_MIN, PAIN_MAX),
                        True,
                        "0-10: the most pain (during, after and the next morning) that still counts "
                        "as pain-free work; must stay below step_back_threshold",
                    ),
                    "pain_free_sessions_needed": Key(
                        whole(1, 30),
                        True,
                        "pain-free sessions in a row that move the runner on, for a stage that does not set its own",
                    ),
                    "step_back_threshold": Key(
                        whole(PAIN_MIN + 1, PAIN_MAX),
                        True,
                        "0-10: pain at or above this in any rating of a day steps back one stage (or one run step)",
                    ),
                }
            ),
            True,
        ),
        "stretching": Key(
            Table(
                {
                    "summary": Key(text, True, "the stretching advice in one line"),
                    "how": Key(text, True, "how to stretch, shown under the summary"),
                    # An older key, still accepted so that older files and the copies
                    # adopted from them (stored in runners' databases) still load.
                    "times_per_day": Key(
                        text, False, "an older key that hht ignores (say how often in the summary); you may delete it"
                    ),
                }
            ),
            True,
        ),
        "ladder": Key(ListOf(Table(RUNG)), True),
        "load_test": Key(
            Table(
                {
                    "name": Key(
                        text,
                        True,
                        "the daily load test (optional table): rated 0-10 at the same time each day, it "
                        "counts like the morning pain",
                    ),
                    "how": Key(text, True, "how to do the load test"),
                    "source": Key(text, False, "where the load test comes from"),
                }
            )
        ),
        "maintenance": Key(
            Table(
                {
                    "summary": Key(text, True, "what to keep doing once the ladder is complete"),
                    "exercises": Key(ListOf(Table(MAINTENANCE_EXERCISE)), True),
                }
            ),
            True,
        ),
        "cross_training": Key(
            Table(
                {
                    "ideas": Key(ListOf(text), True, "the cross-training offered once its gate opens"),
                    "gate": Key(text, True, "when cross-training opens, in words"),
                }
            ),
            True,
        ),
        "self_tests": Key(ListOf(Table(SELF_TEST), min_items=3), True),
        "assessment": Key(Table({"reassess_every_days": Key(whole(1, 365), True)})),
        "red_flag_advice": Key(Table({u: Key(text, True, RED_FLAG_ADVICE_HELP[u]) for u in URGENCIES}), True),
        "red_flag_plan": Key(
            Table({u: Key(one_of(*RED_FLAG_EFFECTS), False, RED_FLAG_PLAN_HELP[u]) for u in URGENCIES})
        ),
        "red_flags": Key(
            ListOf(
                Table(
                    {
                        "id": Key(text, True, "a short unique id for the red flag"),
                        "urgency": Key(one_of(*URGENCIES), True, "emergency, urgent or soon"),
                        "question": Key(text, True, "the yes/no question asked first in every assessment"),
                        "label": Key(text, False, "a few words for reports"),
                    }
                )
            ),
            True,
        ),
        "signs": Key(
            ListOf(
                Table(
                    {
                        "id": Key(text, True, "a short unique id for the sign"),
                        "question": Key(text, True, "the yes/no question"),
                        "hint": Key(text, False, "said plainly when the answer is yes (optional)"),
                        "label": Key(text, False, "a few words for reports"),
                    }
                )
            ),
            True,
        ),
        "hold_timer": Key(
            Table(
                {
                    "sets": Key(whole(1, 20), True, "`hht today --start` on a held exercise: sets"),
                    "reps": Key(whole(1, 50), True, "holds per set"),
                    "rest_seconds": Key(whole(0, 600), True, "rest between holds"),
                    "set_rest_seconds": Key(whole(0, 1800), True, "rest between sets"),
                }
            )
        ),
        "run_plan": Key(
            Table(
                {
                    "max_run_days_in_7": Key(whole(1, 7), True, "never more run days than this in any 7"),
                    "after": Key(text, True, "what the plan says once the run plan is complete"),
                    "weeks": Key(ListOf(Table(RUN_WEEK)), True),
                }
            ),
            True,
        ),
    }
)


def key_help() -> dict[tuple[str, str], str]:
    """What each key means, by (table, key): the table as a file heads it
    (`ladder.exercises` for `[[ladder.exercises]]`, "" for the top level).
    Two keys have none yet, so `hht protocol init` comments neither:
    `assessment.reassess_every_days` and a maintenance exercise's
    `hold_seconds`."""
    return dict(_helps(FILE, ""))


def _helps(table: Table, path: str) -> Iterator[tuple[tuple[str, str], str]]:
    for name, key in table.keys.items():
        if key.help:
            yield (path, name), key.help
        inner = key.check.item if isinstance(key.check, ListOf) else key.check
        if isinstance(inner, Table):
            yield from _helps(inner, join(path, name))
