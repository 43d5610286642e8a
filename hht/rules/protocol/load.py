"""Finding and reading protocols: the shipped ones (in the wheel or the source
tree), a file by name or path, and `parse`, which turns a file's text into a
`Protocol` or raises `ProtocolError` naming the file, each key and its problem.
"""

import os
from pathlib import Path
from typing import Any

from hht.errors import ProtocolError
from hht.files import read_text
from hht.rules.protocol.checks import describe_problems
from hht.rules.protocol.model import (
    HOLD_TIMER_DEFAULTS,
    REASSESS_EVERY_DAYS,
    CrossTraining,
    Exercise,
    HoldTimer,
    LoadTest,
    Maintenance,
    PainRules,
    Protocol,
    RedFlag,
    Rung,
    RunWeek,
    SelfTest,
    Sign,
    Stretching,
)
from hht.rules.protocol.place import DEFAULT_NAME, protocols_dir
from hht.rules.protocol.validate import problems_in


def default_path() -> Path:
    return protocols_dir() / DEFAULT_NAME


def shipped() -> dict[str, Path]:
    """The protocols that ship with hht, by name: `default` and the file names' stems."""
    return {("default" if f.name == DEFAULT_NAME else f.stem): f for f in sorted(protocols_dir().glob("*.toml"))}


def find(name_or_path: str | os.PathLike[str]) -> Path:
    """A shipped protocol's file, by name (`goom-2016`), or the file named."""
    text = str(name_or_path)
    if os.sep not in text and not text.endswith(".toml"):
        found = shipped().get(text)
        if found is not None:
            return found
    return Path(name_or_path)


def load(path: str | os.PathLike[str] | None = None) -> Protocol:
    """Load a protocol file (or a shipped protocol by name); the shipped default when path is None."""
    return read(path)[1]


def read(path: str | os.PathLike[str] | None = None) -> tuple[str, Protocol]:
    """A protocol file's text and the protocol it holds, read once (bounded,
    a regular file only: hht/files.py), so that what is checked is what is kept."""
    file = find(path) if path is not None else default_path()
    if path is not None and not os.path.lexists(file):
        raise ProtocolError(unknown(str(path)))
    text = read_text(file, str(file), "protocol file", ProtocolError)
    return text, parse(text, str(file))


def unknown(name: str) -> str:
    """The sentence for a protocol that is neither shipped nor a file: the
    closest shipped names offered, as git offers the closest command."""
    from hht.inputs import closest, shown

    if os.sep in name or name.endswith(".toml"):
        return f"{shown(name)}: no such protocol file."
    names = list(shipped())
    close = closest(name, names)
    offer = f" Did you mean {' or '.join(close)}?" if close else ""
    return (
        f"{shown(name)}: no such protocol file, and no protocol of that name ships with hht "
        f"({', '.join(names)}; `hht protocol list` lists them).{offer}"
    )


def parse(text: str, path: str = "<protocol>") -> Protocol:
    """Validate TOML text as a protocol. Raises ProtocolError naming every problem."""
    data, problems = problems_in(text, path)
    if data is None:
        raise ProtocolError(describe_problems(path, problems))
    head = data["protocol"]
    needed = data["pain"]["pain_free_sessions_needed"]
    maintenance = data["maintenance"]
    load = data.get("load_test")
    return Protocol(
        name=head["name"],
        version=head["version"],
        title=head["title"],
        pain=PainRules(**data["pain"]),
        ladder=tuple(_stage(i + 1, r, needed) for i, r in enumerate(data["ladder"])),
        run_weeks=tuple(RunWeek(**w) for w in data["run_plan"]["weeks"]),
        data=data,
        path=path,
        sources=tuple(head.get("sources", ())),
        stage_word=head.get("stage_word", "rung"),
        self_tests=tuple(SelfTest(**{"label": t["name"], **t}) for t in data["self_tests"]),
        red_flags=tuple(RedFlag(**{"label": f["question"], **f}) for f in data["red_flags"]),
        red_flag_advice=dict(data["red_flag_advice"]),
        red_flag_plan=dict(data.get("red_flag_plan", {})),
        reassess_every_days=data.get("assessment", {}).get("reassess_every_days", REASSESS_EVERY_DAYS),
        signs=tuple(Sign(**{"label": s["question"], **s}) for s in data["signs"]),
        stretching=Stretching(data["stretching"]["summary"], data["stretching"]["how"]),
        maintenance=Maintenance(maintenance["summary"], tuple(Exercise(**e) for e in maintenance["exercises"])),
        cross_training=CrossTraining(tuple(data["cross_training"]["ideas"]), data["cross_training"]["gate"]),
        holds=HoldTimer(**{**HOLD_TIMER_DEFAULTS, **data.get("hold_timer", {})}),
        max_run_days_in_7=data["run_plan"]["max_run_days_in_7"],
        run_plan_after=data["run_plan"]["after"],
        load_test=LoadTest(**load) if load else None,
    )


def _stage(number: int, raw: dict[str, Any], needed: int) -> Rung:
    exercises = tuple(
        Exercise(**{**e, **({"reps": tuple(e["reps"])} if "reps" in e else {})}) for e in raw.get("exercises", ())
    )
    if exercises:
        dose = "\n".join(f"{e.name}: {e.dose}" for e in exercises) if len(exercises) > 1 else exercises[0].dose
        how = "\n".join(f"{e.name}: {e.how}" for e in exercises) if len(exercises) > 1 else exercises[0].how
        hold = exercises[0].hold_seconds if len(exercises) == 1 else None
    else:
        dose, how, hold = raw["dose"], raw["how"], raw.get("hold_seconds")
        exercises = (Exercise(raw["name"], dose, how, hold),)
    return Rung(
        number,
        raw["id"],
        raw["name"],
        dose,
        how,
        hold,
        raw.get("run_gate", False),
        exercises,
        raw.get("frequency", "daily"),
        raw.get("pain_free_sessions_needed", needed),
        raw.get("resistance", False),
        tuple(raw.get("load_step_percent", (5, 10))),
    )
