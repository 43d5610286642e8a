"""An editable copy of a protocol for a physio (`hht protocol init`): the
same rules under a new name and version, with a comment on every key."""

from __future__ import annotations

import re

from hht.rules.protocol.load import parse
from hht.rules.protocol.model import Protocol

# What each key means, by the table it sits in ("" for the top level).
KEY_HELP: dict[tuple[str, str], str] = {
    ("protocol", "name"): "this protocol's name: hht records it with every assessment and change of protocol",
    ("protocol", "version"): "raise it whenever you change a rule, so a report says which rules applied",
    ("protocol", "title"): "one line, shown at the top of `hht protocol show`",
    ("protocol", "sources"): "the papers the rules come from, shown with the protocol",
    ("protocol", "stage_word"): '"rung" or "stage": what hht calls one step of the ladder',
    ("pain", "advance_threshold"): "0-10: the most pain (during, after and the next morning) that still counts "
    "as pain-free work; must stay below step_back_threshold",
    ("pain", "pain_free_sessions_needed"): "pain-free sessions in a row that move the runner on, for a stage "
    "that does not set its own",
    ("pain", "step_back_threshold"): "0-10: pain at or above this in any rating of a day steps back one "
    "stage (or one run step)",
    ("stretching", "summary"): "the stretching advice in one line",
    ("stretching", "how"): "how to stretch, shown under the summary",
    ("stretching", "times_per_day"): "how often, in words",
    ("ladder", "id"): "a short unique id for the stage (letters and underscores)",
    ("ladder", "name"): "the stage's name as the runner reads it",
    ("ladder", "frequency"): '"daily", or "every_second_day" for heavy work (the day after a session rests)',
    ("ladder", "pain_free_sessions_needed"): "this stage's own count of pain-free sessions to move on (optional)",
    ("ladder", "run_gate"): "true on at most one stage: moving past it is one condition of the run plan opening",
    ("ladder", "dose"): "a one-exercise stage's dose: sets, reps or hold seconds, effort",
    ("ladder", "how"): "a one-exercise stage's how-to",
    ("ladder", "hold_seconds"): "a held exercise: seconds per hold (`hht today --start` times them)",
    ("ladder.exercises", "name"): "one exercise of the stage",
    ("ladder.exercises", "dose"): "its dose: sets, reps or hold seconds, effort or load",
    ("ladder.exercises", "how"): "how to do it",
    ("ladder.exercises", "hold_seconds"): "a held exercise: seconds per hold",
    ("load_test", "name"): "the daily load test (optional table): rated 0-10 at the same time each day, it "
    "counts like the morning pain",
    ("load_test", "how"): "how to do the load test",
    ("load_test", "source"): "where the load test comes from",
    ("hold_timer", "sets"): "`hht today --start` on a held exercise: sets",
    ("hold_timer", "reps"): "holds per set",
    ("hold_timer", "rest_seconds"): "rest between holds",
    ("hold_timer", "set_rest_seconds"): "rest between sets",
    ("maintenance", "summary"): "what to keep doing once the ladder is complete",
    ("maintenance.exercises", "name"): "a maintenance exercise",
    ("maintenance.exercises", "dose"): "its dose",
    ("maintenance.exercises", "how"): "how to do it",
    ("cross_training", "ideas"): "the cross-training offered once its gate opens",
    ("cross_training", "gate"): "when cross-training opens, in words",
    ("self_tests", "id"): "one of standing_stretch, bent_knee, rapid_extension (all three are needed)",
    ("self_tests", "label"): "a short name for tables",
    ("self_tests", "name"): "the test's full name",
    ("self_tests", "how_alone"): "how the runner does the test alone",
    ("self_tests", "sensitivity"): "0-1, as published",
    ("self_tests", "specificity"): "0-1, as published",
    ("self_tests", "lr_positive"): "the positive likelihood ratio, as published",
    ("self_tests", "source"): "where the figures come from",
    ("self_tests", "skip_if_bent_knee_pain_at_least"): "skip this test when the bent-knee stretch hurt this much",
    ("red_flag_advice", "emergency"): "what to tell a runner with an emergency red flag",
    ("red_flag_advice", "urgent"): "with an urgent red flag",
    ("red_flag_advice", "soon"): "with a red flag to see a doctor about soon",
    ("red_flag_plan", "emergency"): '"stop" (all loading stops) or "pause" (progression and running pause)',
    ("red_flag_plan", "urgent"): '"stop" or "pause"',
    ("red_flag_plan", "soon"): '"stop" or "pause"',
    ("red_flags", "id"): "a short unique id for the red flag",
    ("red_flags", "label"): "a few words for reports",
    ("red_flags", "urgency"): "emergency, urgent or soon",
    ("red_flags", "question"): "the yes/no question asked first in every assessment",
    ("signs", "id"): "a short unique id for the sign",
    ("signs", "label"): "a few words for reports",
    ("signs", "question"): "the yes/no question",
    ("signs", "hint"): "said plainly when the answer is yes (optional)",
    ("run_plan", "max_run_days_in_7"): "never more run days than this in any 7",
    ("run_plan", "after"): "what the plan says once the run plan is complete",
    ("run_plan.weeks", "week"): "the week's number, in order from 1",
    ("run_plan.weeks", "session"): "the session in words",
    ("run_plan.weeks", "guidance"): "advice for the week",
    ("run_plan.weeks", "walk_minutes"): "a week that builds sets: minutes of walking per set",
    ("run_plan.weeks", "jog_minutes"): "minutes of jogging per set",
    ("run_plan.weeks", "start_sets"): "the sets of its first run",
    ("run_plan.weeks", "max_sets"): "the sets of its last run; each pain-free run adds one",
    ("run_plan.weeks", "rest_day_after_run"): "true: never a run the day after a run",
    ("run_plan.weeks", "minutes"): "a week without sets: the run's minutes",
    ("run_plan.weeks", "min_days"): "done after at least this many days in it",
    ("run_plan.weeks", "min_pain_free_runs"): "with at least this many pain-free runs and none painful",
}

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?\s*$")
_KEY = re.compile(r"^([A-Za-z0-9_]+)\s*=")


def annotated(text: str) -> str:
    """The TOML text with a comment above the first use of each key in each
    table (the comments already there are kept)."""
    out: list[str] = []
    table = ""
    said: set[tuple[str, str]] = set()
    inside = False  # within a multi-line string
    for line in text.splitlines():
        if not inside:
            header = _HEADER.match(line)
            key = _KEY.match(line)
            if header:
                table = header.group(1)
            elif key and (table, key.group(1)) in KEY_HELP and (table, key.group(1)) not in said:
                said.add((table, key.group(1)))
                out.append(f"# {key.group(1)}: {KEY_HELP[(table, key.group(1))]}")
        if line.count('"""') % 2 == 1:
            inside = not inside
        out.append(line)
    return "\n".join(out) + "\n"


def editable_copy(text: str, based_on: Protocol, name: str) -> str:
    """`text` (the protocol `based_on`) under the new `name`, version 1.0.0,
    with a comment on every key. The result is a valid protocol."""
    intro = (
        f"# {name}: a protocol of your own, copied from {based_on.name} {based_on.version} by "
        "`hht protocol init`.\n# Change the rules, raise the version, check it with `hht protocol "
        f"check FILE`, and adopt it with `hht protocol use FILE`.\n\n"
    )
    head = text.index("[protocol]")
    body = text[head:]
    body = re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', body, count=1)
    body = re.sub(r'(?m)^version = ".*"$', 'version = "1.0.0"', body, count=1)
    copy = intro + annotated(body)
    parse(copy, name)  # what is written must be a valid protocol
    return copy
