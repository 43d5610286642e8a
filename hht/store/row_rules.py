"""The rules an imported row must meet, table by table and column by column.

They are the rules of the commands that write the rows (`log` for a day,
`assess` for an assessment, the audit trail for a change, `protocol use` for
an adoption), so an import can never store what hht would not have written;
`hht check` applies them to a database. Each problem is a phrase that names
its table and row ("row 3 of entries has ..."); hht/store/exchange.py decides
what a refusal says of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from hht.inputs import EARLIEST_DAY, PAIN_WORDS, first_control, is_pain_value, note_problem
from hht.rules.records import OUTCOME_MEASURES, RATINGS, SIDES, SIDES_WORDS, sides_ok

if TYPE_CHECKING:
    from hht.rules.protocol.model import Protocol

EARLIEST = EARLIEST_DAY  # the days hht records (hht/inputs.py), as log and assess apply them
PROFILE_KEYS = ("sides", "wording.visa-h")  # the runner's sides; a clinic's VISA-H wording adopted
ACTIONS = ("insert", "update", "delete", "undo")
# What a change wrote: an entry, an assessment, a protocol adopted, an outcome measure taken.
KINDS = ("entry", "assessment", "protocol", "outcome")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_TYPES = {"INTEGER": (int,), "TEXT": (str,), "REAL": (int, float)}


def column_problems(table: str, number: int, row: Any, columns: dict[str, tuple[str, bool]]) -> list[str]:
    """A row's columns: each one the table has, of its type, the keys present."""
    where = f"row {number} of {table}"
    if not isinstance(row, dict):
        return [f"{where} is not an object"]
    unknown = sorted(set(row) - set(columns))
    if unknown:
        return [f"{where} has a column hht does not know: {show(unknown[0])}"]
    out = []
    for column, (kind, key) in columns.items():
        value = row.get(column)
        if value is None:  # NOT NULL is checked with the table's rules; keys here
            if key:
                out.append(f"{where} lacks its {column}")
            continue
        allowed = _TYPES.get(kind, (int, float, str))
        if isinstance(value, bool) or not isinstance(value, allowed):
            out.append(f"{where} has {column} = {show(value)}, which is not of type {kind.lower()}")
    return out


def row_problems(tables: dict[str, list[dict[str, Any]]], protocol: Protocol | None, today: date) -> list[str]:
    """Every row checked with the rules of the command that writes it."""
    rules = _Rules(protocol, today, tables.get("protocol_uses", []))
    problems: list[str] = []
    change_ids = [row.get("id") for row in tables.get("changes", [])]
    for name, check in (
        ("profile", rules.profile),
        ("entries", rules.entry),
        ("assessments", rules.assessment),
        ("changes", rules.change),
        ("protocol_uses", rules.protocol_use),
        ("outcomes", rules.outcome),
    ):
        seen: set[Any] = set()
        key = {"profile": "key", "entries": "date"}.get(name, "id")
        for number, row in enumerate(tables.get(name, []), start=1):
            where = f"row {number} of {name}"
            if row.get(key) in seen:
                problems.append(f"{where} repeats the {key} {show(row.get(key))}")
            seen.add(row.get(key))
            problems += [f"{where} {p}" for p in check(row, change_ids)]
    return problems


class _Rules:
    """Each table's check of one row: its problems, as phrases that follow "row N of TABLE"."""

    def __init__(self, protocol: Protocol | None, today: date, uses: list[Any] | None = None):
        self.protocol = protocol
        self.latest = today + timedelta(days=1)  # a day of grace for time zones
        self.clock = datetime.now(UTC).date() + timedelta(days=1)
        self._uses = uses or []
        self._timeline: list[tuple[date, Protocol]] | None = None

    def protocol_on(self, day: date) -> Protocol | None:
        """The protocol in force on `day`: the first adopted applies from the
        start and each later one from its day (as the walk applies them);
        without protocols adopted, the one hht would apply now. None when an
        adopted copy is not a valid protocol (its own row says so)."""
        if self._timeline is None:
            self._timeline = self._adopted()
        if not self._uses:
            return self.protocol
        if not self._timeline:
            return None
        current = self._timeline[0][1]
        for start, protocol in self._timeline:
            if start <= day:
                current = protocol
        return current

    def _adopted(self) -> list[tuple[date, Protocol]]:
        from hht.errors import ProtocolError
        from hht.rules.protocol import load as protocols

        out: list[tuple[date, Protocol]] = []
        parsed: dict[str, Protocol] = {}
        rows = [u for u in self._uses if isinstance(u, dict)]
        rows.sort(key=lambda u: (str(u.get("from_date")), u.get("id") if isinstance(u.get("id"), int) else 0))
        for use in rows:
            content, start = use.get("content"), use.get("from_date")
            try:
                day = date.fromisoformat(start) if isinstance(start, str) else None
                if day is None or not isinstance(content, str):
                    return []
                if content not in parsed:
                    parsed[content] = protocols.parse(content, "its content")
            except (ValueError, ProtocolError):
                return []
            out.append((day, parsed[content]))
        return out

    def _load_test_problem(self, row: dict[str, Any]) -> list[str]:
        """A load test rated under a protocol without one: `hht log --load-test` refuses it."""
        if row.get("load_test") is None or not isinstance(row.get("date"), str):
            return []
        try:
            day = date.fromisoformat(row["date"])
        except ValueError:
            return []
        protocol = self.protocol_on(day)
        if protocol is None or protocol.load_test is not None:
            return []
        return [
            f"has load_test {show(row['load_test'])}, but the protocol in force on {day} ({protocol.name} "
            f"{protocol.version}) has no daily load test, so `hht log --load-test` would refuse it"
        ]

    def day(self, value: Any, column: str = "date") -> list[str]:
        if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
            return [f"has {column} {show(value)}, which is not a date (YYYY-MM-DD)"]
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return [f"has {column} {show(value)}, which is not a real calendar date"]
        if not EARLIEST <= day <= self.latest:
            return [f"has {column} {value}, outside the days hht records ({EARLIEST} to today)"]
        return []

    def stamp(self, value: Any, column: str) -> list[str]:
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            return [f"has {column} {show(value)}, which is not a date and time with its offset"]
        if not EARLIEST <= moment.date() <= self.clock:  # stamped by the computer's clock
            return [f"has {column} {value}, outside the times hht records"]
        return []

    def text(self, value: Any, column: str, limit: int = 200) -> list[str]:
        if not isinstance(value, str) or not value.strip():
            return [f"has {column} {show(value)}, which is not text"]
        if len(value) > limit or first_control(value) is not None:
            return [f"has {column} {show(value)}, which is too long or holds control characters"]
        return []

    def protocol_use(self, row: dict[str, Any], _ids: list) -> list[str]:
        """A protocol adopted: its day, its names, and a copy that is a valid protocol."""
        from hht.errors import ProtocolError
        from hht.rules.protocol import load as protocols

        out = self.day(row.get("from_date"), "from_date") + self.stamp(row.get("adopted_at"), "adopted_at")
        for column in ("name", "version", "source", "reason"):
            out += self.text(row.get(column), column, 4000)
        content = row.get("content")
        if not isinstance(content, str):
            return out + [f"has content {show(content)}, which is not a protocol file's text"]
        from hht.files import MAX_SMALL_BYTES

        if len(content) > MAX_SMALL_BYTES:  # every command parses it again: no larger than a file hht reads
            return out + [f"has content longer than {MAX_SMALL_BYTES:,} characters, more than a protocol file holds"]
        try:
            adopted = protocols.parse(content, "its content")
        except ProtocolError as exc:
            return out + [f"has content that is not a valid protocol ({str(exc).splitlines()[0]})"]
        if (adopted.name, adopted.version) != (row.get("name"), row.get("version")):
            out.append(f"has content of {adopted.name} {adopted.version}, not of its name and version")
        return out

    def profile(self, row: dict[str, Any], _ids: list) -> list[str]:
        if row.get("key") not in PROFILE_KEYS:
            return [f"has the key {show(row.get('key'))}, which hht does not keep"]
        if row.get("key") == "wording.visa-h":
            from hht.rules.outcomes.wording import problem as wording_problem

            return _json_problems(row.get("value"), "value", wording_problem)
        return _json_problems(row.get("value"), "value", _sides_problem)

    def entry(self, row: dict[str, Any], _ids: list) -> list[str]:
        out = self.day(row.get("date"))
        out += self._load_test_problem(row)
        for column in RATINGS:
            value = row.get(column)
            if value is not None and not is_pain_value(value):
                out.append(f"has {column} {show(value)}; pain is {PAIN_WORDS}")
        if row.get("partial", 0) not in (0, 1) or isinstance(row.get("partial"), bool):
            out.append(f"has partial {show(row.get('partial'))}, which is not 0 or 1")
        note = row.get("note")
        if note is not None:
            problem = note_problem(note) if isinstance(note, str) else "is not text"
            if problem is None and note != note.strip():
                problem = "has spaces around it that `hht log` would have removed"
            if problem:
                out.append(f"has a note that {problem}")
        minutes = row.get("sitting_minutes")
        if minutes is not None and (
            isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 600
        ):
            out.append(f"has sitting_minutes {show(minutes)}, which is not a whole number of minutes from 0 to 600")
        if row.get("loads") is not None:  # each exercise's last set, as `hht log --load` writes it
            out += _json_problems(row.get("loads"), "loads", _loads_problem)
        if row.get("run_file") is not None:  # a run file's summary, where logged: no track, no coordinate
            from hht.rules.runfile import summary_problem

            out += _json_problems(
                row.get("run_file"), "run_file", lambda found: summary_problem(found, row.get("date"))
            )
        for column in ("created_at", "updated_at"):
            out += self.stamp(row.get(column), column)
        return out

    def outcome(self, row: dict[str, Any], _ids: list) -> list[str]:
        """An outcome measure taken: its day, what it measured, answers `hht outcome` would
        take, and the result and score they give."""
        out = self.day(row.get("date")) + self.stamp(row.get("taken_at"), "taken_at")
        measure = row.get("measure")
        if measure not in OUTCOME_MEASURES:
            return out + [f"has measure {show(measure)}, which is not {', '.join(OUTCOME_MEASURES)}"]
        score = row.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or score != score or abs(score) > 1000:
            out.append(f"has score {show(score)}, which is not a number")
        answers = _json_problems(row.get("answers"), "answers", _object_problem)
        result = _json_problems(row.get("result"), "result", _object_problem)
        if answers or result:
            return out + answers + result
        return out + _outcome_problems(measure, json.loads(row["answers"]), json.loads(row["result"]), score)

    def assessment(self, row: dict[str, Any], _ids: list) -> list[str]:
        out = self.day(row.get("date"))
        out += self.stamp(row.get("taken_at"), "taken_at")
        out += self.text(row.get("protocol_name"), "protocol_name")
        out += self.text(row.get("protocol_version"), "protocol_version")
        out += _json_problems(row.get("sides"), "sides", _sides_problem)
        if row.get("red_flag") not in (0, 1) or isinstance(row.get("red_flag"), bool):
            out.append(f"has red_flag {show(row.get('red_flag'))}, which is not 0 or 1")
        out += _json_problems(row.get("answers"), "answers", self._answers_problem(row))
        out += _json_problems(row.get("result"), "result", lambda result: _result_problem(result, row))
        return out

    def _answers_problem(self, row: dict[str, Any]) -> Callable[[Any], str | None]:
        def check(answers: Any) -> str | None:
            if not isinstance(answers, dict):
                return "is not an object"
            protocol = self.protocol
            if protocol is None or protocol.name != row.get("protocol_name"):
                return _sides_problem(answers.get("sides"))  # another protocol's ids: only the shape
            from hht.errors import UsageError
            from hht.rules.assessment.answers import validate

            try:
                validate(protocol, answers)
            except UsageError as exc:
                return f"breaks a rule of `hht assess --answers`: {str(exc).rstrip('.')}"
            return None

        return check

    def change(self, row: dict[str, Any], ids: list) -> list[str]:
        out = self.stamp(row.get("at"), "at") + self.day(row.get("date"))
        action = row.get("action")
        if action not in ACTIONS:
            out.append(f"has action {show(action)}, which is not one of {', '.join(ACTIONS)}")
        kind = row.get("kind", "entry")
        if kind not in KINDS:
            out.append(f"has kind {show(kind)}, which is not entry, assessment, protocol or outcome")
        snapshot = {
            "assessment": self._assessment_snapshot,
            "protocol": self._adoption_snapshot,
            "outcome": self._outcome_snapshot,
        }.get(kind, self._entry_snapshot)
        for column in ("old", "new"):
            value = row.get(column)
            if value is not None:
                out += _json_problems(value, column, lambda day: snapshot(day, row.get("date")))
        if row.get("old") is None and row.get("new") is None:
            out.append("has neither old nor new")
        undoes = row.get("undoes")
        if (action == "undo") != (undoes is not None):
            out.append("has undoes set on a change that is not an undo, or an undo without it")
        elif undoes is not None and (undoes not in ids or not isinstance(row.get("id"), int) or undoes >= row["id"]):
            out.append(f"undoes change {show(undoes)}, which is not an earlier change in the file")
        return out

    def _assessment_snapshot(self, saved: Any, on: Any) -> str | None:
        """An assessment as its change keeps it (`hht assess --history --json`'s shape)."""
        if not isinstance(saved, dict):
            return "is not an object"
        missing = {"id", "date", "sides", "answers", "result", "red_flag"} - set(saved)
        if missing:
            return f"is not a whole assessment (it lacks {', '.join(sorted(missing))})"
        if saved.get("date") != on:
            return "is for another day than the change"
        return _sides_problem(saved.get("sides"))

    def _outcome_snapshot(self, saved: Any, on: Any) -> str | None:
        """An outcome measure as its change keeps it (`hht outcome history --json`'s shape)."""
        if not isinstance(saved, dict) or set(saved) != {
            "id",
            "date",
            "taken_at",
            "measure",
            "answers",
            "result",
            "score",
        }:
            return "is not a whole outcome measure (as `hht outcome history --json` shows one)"
        if saved.get("date") != on:
            return "is for another day than the change"
        if not isinstance(saved["answers"], dict) or not isinstance(saved["result"], dict):
            return "holds answers or a result that is not an object"
        if saved["measure"] not in OUTCOME_MEASURES:
            return f"holds the measure {show(saved['measure'])}, which hht does not score"
        problems = _outcome_problems(saved["measure"], saved["answers"], saved["result"], saved["score"])
        return problems[0].removeprefix("has ") if problems else None

    def _adoption_snapshot(self, saved: Any, on: Any) -> str | None:
        """A protocol adoption as its change keeps it: the protocol_uses rows one
        `hht protocol use` added, oldest first, the protocol adopted last (from the change's day)."""
        from hht.store.rows import USE_COLUMNS

        uses = saved.get("uses") if isinstance(saved, dict) and set(saved) == {"uses"} else None
        if not isinstance(uses, list) or not uses:
            return 'is not a protocol adoption (a "uses" list of protocols adopted)'
        for use in uses:
            if not isinstance(use, dict) or set(use) != set(USE_COLUMNS):
                return "holds a protocol use without exactly the columns hht records"
            problems = self.protocol_use(use, [])
            if problems:
                return f"holds a protocol use that {problems[0]}"
        if uses[-1]["from_date"] != on:
            return "is for another day than the change"
        return None

    def _entry_snapshot(self, day: Any, on: Any) -> str | None:
        if not isinstance(day, dict):
            return "is not an object"
        from hht.store.rows import ENTRY_SNAPSHOTS

        if frozenset(day) not in ENTRY_SNAPSHOTS:
            return "does not hold exactly an entry's columns"
        if day.get("date") != on:
            return "is for another day than the change"
        problems = self.entry(day, [])
        return problems[0] if problems else None


def _outcome_problems(measure: str, answers: dict[str, Any], result: dict[str, Any], score: Any) -> list[str]:
    """Answers `hht outcome` would take, and the result and score they give."""
    from hht.errors import UsageError
    from hht.rules.outcomes.measures import MEASURES

    chosen = MEASURES[measure]
    try:
        checked = chosen.validate(answers)
    except UsageError as exc:
        return [f"has answers that break a rule of `hht outcome {measure}`: {str(exc).rstrip('.')}"]
    scored = chosen.score(checked)
    if checked != answers or scored != result:
        return [f"has a result that is not what `hht outcome {measure}` makes of its answers"]
    if score != scored["score"]:
        return [f"has score {show(score)}, not the {scored['score']:g} its answers give"]
    return []


def _loads_problem(loads: Any) -> str | None:
    """A day's loads as `hht log --load` writes them: each exercise id with its last set."""
    from hht.rules.outcomes.loads import lift_problem

    if not isinstance(loads, dict) or not loads:
        return "is not an object of exercises"
    for exercise, lift in loads.items():
        if not exercise or len(exercise) > 40 or first_control(exercise) is not None:
            return f"names the exercise {show(exercise)}, which is not an id"
        problem = lift_problem(lift)
        if problem:
            return f"has a last set of {exercise} that {problem}"
    return None


def _object_problem(value: Any) -> str | None:
    return None if isinstance(value, dict) else "is not a JSON object"


def _json_problems(value: Any, column: str, check: Callable[[Any], str | None]) -> list[str]:
    if not isinstance(value, str):
        return [f"has {column} {show(value)}, which is not JSON text"]
    from hht.errors import HHTError
    from hht.files import parse_json

    try:
        decoded = parse_json(value, f"has {column} that")
    except HHTError as exc:
        return [str(exc).rstrip(".")]
    except json.JSONDecodeError as exc:
        return [f"has {column} that is not valid JSON ({exc.msg})"]
    problem = check(decoded)
    return [f"has {column} that {problem}"] if problem else []


def _sides_problem(sides: Any) -> str | None:
    if not sides_ok(sides):
        return f"is not {SIDES_WORDS}"
    return None


# The result as `hht assess` stores it: what today, log and the report read.
def _result_problem(result: Any, row: dict[str, Any]) -> str | None:
    if not isinstance(result, dict):
        return "is not an object"
    opt_bool = lambda v: v is None or isinstance(v, bool)  # noqa: E731
    opt_text = lambda v: v is None or isinstance(v, str)  # noqa: E731
    texts = lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)  # noqa: E731
    unlocks = result.get("unlocks")
    cross = unlocks.get("cross_training") if isinstance(unlocks, dict) else None
    running = unlocks.get("running") if isinstance(unlocks, dict) else None
    checks = [
        ("date", result.get("date") == row.get("date")),
        ("red_flag", isinstance(result.get("red_flag"), bool) and int(result["red_flag"]) == row.get("red_flag")),
        (
            "red_flags",
            isinstance(result.get("red_flags"), list)
            and all(isinstance(f, dict) and isinstance(f.get("id"), str) for f in result["red_flags"]),
        ),
        ("urgency", result.get("urgency") in (None, "emergency", "urgent", "soon")),
        ("advice", opt_text(result.get("advice"))),
        ("caveat", opt_text(result.get("caveat"))),
        ("hints", texts(result.get("hints", []))),
        ("range_of_motion_normal", opt_bool(result.get("range_of_motion_normal"))),
        (
            "signs",
            isinstance(result.get("signs", {}), dict)
            and all(isinstance(v, bool) for v in result.get("signs", {}).values()),
        ),
        (
            "per_side",
            isinstance(result.get("per_side"), dict)
            and all(side in SIDES and _side_ok(scored) for side, scored in result["per_side"].items()),
        ),
        (
            "unlocks.cross_training",
            isinstance(cross, dict)
            and isinstance(cross.get("allowed"), bool)
            and isinstance(cross.get("reason"), str)
            and texts(cross.get("ideas", [])),
        ),
        (
            "unlocks.running",
            isinstance(running, dict)
            and isinstance(running.get("reason"), str)
            and opt_bool(running.get("range_of_motion_normal")),
        ),
    ]
    bad = [name for name, ok in checks if not ok]
    if bad:
        return f"is not what `hht assess` stores (its {', '.join(bad)})"
    return None


def _side_ok(scored: Any) -> bool:
    if not isinstance(scored, dict) or not isinstance(scored.get("tests"), dict):
        return False
    for test in scored["tests"].values():
        if not isinstance(test, dict) or not isinstance(test.get("name"), str):
            return False
        pain = test.get("pain")
        if pain is not None and not is_pain_value(pain):
            return False
    return (
        isinstance(scored.get("tested", 0), int)
        and isinstance(scored.get("positive", []), list)
        and isinstance(scored.get("interpretation", ""), str)
    )


def show(value: Any) -> str:
    """A value in a message: short, with anything unprintable escaped."""
    text = (
        json.dumps(value, ensure_ascii=True)
        if not isinstance(value, str)
        else repr(value).encode("ascii", "backslashreplace").decode("ascii")
    )
    return text if len(text) <= 40 else text[:37] + "..."
