"""A protocol as one printable page (`hht protocol show`): its stages with
their exercises and doses, its rules, the self-tests, the red flags, the run
plan and its sources, as Markdown a physio can read, print or paste."""

from __future__ import annotations

from hht.rules.protocol.model import URGENCIES, Protocol
from hht.rules.records import pain, within

FREQUENCY_WORDS = {"daily": "daily", "every_second_day": "every second day (a rest day after each session)"}


def page(p: Protocol) -> str:
    word = p.stage_word
    lines = [f"# {p.title}", "", f"{p.name} {p.version}" + (f" · {p.path}" if p.path else ""), ""]
    rules = p.pain
    lines += [
        "## Pain rules (0-10)",
        f"- Advance only on work at {within(rules.advance_threshold)}: during, after, and the next morning"
        + (" (and in the daily load test)." if p.load_test else "."),
        f"- {rules.pain_free_sessions_needed} pain-free sessions in a row move the runner up a {word}, "
        "unless a stage says otherwise.",
        f"- Pain above {pain(rules.advance_threshold)} holds; {pain(rules.step_back_threshold)} or more in any "
        f"rating of a day steps back one {word} (or one run step).",
        "",
    ]
    if p.load_test is not None:
        lines += [
            "## Daily load test",
            f"**{p.load_test.name}.** {p.load_test.how}" + (f" ({p.load_test.source})" if p.load_test.source else ""),
            "",
        ]
    lines += ["## Exercise ladder", ""]
    for stage in p.ladder:
        gate = " · running gate: moving past it opens the run plan" if stage.run_gate else ""
        lines.append(f"### {word.capitalize()} {stage.number}: {stage.name}")
        lines.append(
            f"{FREQUENCY_WORDS[stage.frequency].capitalize()}; {stage.needed} pain-free sessions in a "
            f"row to move on{gate}."
        )
        if stage.resistance:  # heavy slow resistance: what `hht log --load` names, and the load step
            low, high = stage.load_step
            lines.append(
                f"Heavy slow resistance: log each exercise's last set with `hht log --load ID=KG x REPS`; at the top "
                f"of its range pain-free on two sessions running, `hht today` suggests a load step of {low}-{high} %."
            )
        lines.append("")
        for exercise in stage.exercises:
            marked = f" (`{exercise.id}`, {exercise.reps[0]}-{exercise.reps[1]} repetitions)" if exercise.reps else ""
            lines.append(f"- **{exercise.name}**{marked}: {exercise.dose}. {exercise.how}")
        lines.append("")
    lines += [f"**Stretching:** {p.stretching.summary} {p.stretching.how}", ""]
    lines += [f"**Maintenance:** {p.maintenance.summary}", ""]
    lines += [f"- **{e.name}**: {e.dose}. {e.how}" for e in p.maintenance.exercises]
    lines += ["", f"**Cross-training** ({', '.join(p.cross_training.ideas)}): {p.cross_training.gate}", ""]
    lines += ["## Self-tests", "", "| test | sensitivity | specificity | LR+ | source |", "|---|---|---|---|---|"]
    lines += [
        f"| {t.name} | {t.sensitivity:.2f} | {t.specificity:.2f} | {t.lr_positive:.1f} | {t.source} |"
        for t in p.self_tests
    ]
    lines += ["", "## Red flags (asked first; any yes stops the assessment)", ""]
    for urgency in URGENCIES:
        flags = [f for f in p.red_flags if f.urgency == urgency]
        if flags:
            effect = "stops all loading" if p.red_flag_effect(urgency) == "stop" else "pauses progression and running"
            lines.append(f"**{urgency.capitalize()}** ({effect}): {p.red_flag_advice[urgency]}")
            lines += [f"- {f.question}" for f in flags]
            lines.append("")
    lines += ["## Signs", ""]
    lines += [f"- {s.question}" + (f" *{s.hint}*" if s.hint else "") for s in p.signs]
    lines += [
        "",
        f"## Return to run (never more than {p.max_run_days_in_7} run days in 7)",
        "",
        "| week | session | moves on when |",
        "|---|---|---|",
    ]
    for w in p.run_weeks:
        if w.builds_sets:
            when = f"{w.start_sets} to {w.max_sets} sets, one more per pain-free run"
            when += "; rest day after each run" if w.rest_day_after_run else ""
        else:
            when = f"{w.min_days}+ days with {w.min_pain_free_runs}+ pain-free runs, none painful"
        lines.append(f"| {w.week} | {w.session} | {when} |")
    lines += ["", p.run_plan_after, ""]
    if p.sources:
        lines += ["## Sources", ""] + [f"- {s}" for s in p.sources] + [""]
    return "\n".join(lines)
