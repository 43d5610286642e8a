"""Every example the runner reads, run: each `hht ...` line in the README's
code blocks, in order, as a new user would type them, and the examples that
end each command's --help. None can drift from the program."""

from __future__ import annotations

import re
import shlex
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from hht.cli.examples import EXAMPLES
from hht.messages import ASSESS_NEEDS_TERMINAL, NOTHING_TO_LOG
from hht.rules.protocol import load as protocols

from tests.activity_files import START, fit_bytes, gpx_text, tcx_text, walk_jog, write
from tests.outcome_data import write_files

README = Path(__file__).resolve().parents[1] / "README.md"

# Examples that ask their questions in a terminal: without one (as here), each
# says so in one sentence and exits 2. The pseudo-terminal tests run them for real.
NEEDS_A_TERMINAL = {
    "hht assess": ASSESS_NEEDS_TERMINAL,
    "hht assess --date yesterday": ASSESS_NEEDS_TERMINAL,
    "hht log": NOTHING_TO_LOG,
    "hht today --start": "needs a terminal",
    "hht outcome visa-h": "asks its questions in a terminal",
    "hht outcome groc": "asks its questions in a terminal",
}


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def readme_commands() -> list[str]:
    """Each `hht ...` line of the README's shell blocks, without its comment."""
    lines = []
    for block in blocks("sh"):
        for line in block.splitlines():
            if line.startswith("hht "):
                lines.append(line.split("  #")[0].strip())
    return lines


@pytest.fixture
def workdir(isolated, monkeypatch) -> Path:
    """A folder holding what the examples name: the README's answers and its looser protocol."""
    folder = isolated / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    answers = blocks("json")[0]  # the assessment's; the outcome measures' follow
    (folder / "answers.json").write_text(answers)
    (folder / "a.json").write_text(answers)
    (pain,) = blocks("toml")
    text = Path(protocols.load().path).read_text(encoding="utf-8")
    for key, value in tomllib.loads(pain)["pain"].items():
        text, n = re.subn(rf"^{key} = \d+$", f"{key} = {value}", text, count=1, flags=re.M)
        assert n == 1, key
    (folder / "my-protocol.toml").write_text(text)
    # The run files the examples name: a walk/jog session the tests' morning, and two before it.
    write(folder, "run.fit", fit_bytes(walk_jog(5, 1, 2)))
    write(folder, "run.gpx", gpx_text(walk_jog(5, 1, 2), start=START - timedelta(days=3)))
    write(folder, "run.tcx", tcx_text(walk_jog(5, 1, 3), start=START - timedelta(days=4)))
    (folder / "activities").mkdir()
    write(folder / "activities", "1.fit.gz", fit_bytes(walk_jog(5, 1, 2)), gz=True)
    write(folder / "activities", "2.gpx", gpx_text(walk_jog(5, 1, 2), start=START - timedelta(days=5)))
    write(folder / "activities", "activities.csv", "Activity ID,Activity Date\n1,2 Mar 2026\n")
    write_files(folder)  # the outcome measures' answers, and a made-up VISA-H wording
    return folder


def run(cli, line: str):
    """Run one example line in-process; `< FILE` feeds the file to stdin."""
    words = shlex.split(line)
    assert words[0] == "hht", line
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin, words = Path(words[at + 1]).read_text(), words[:at]
    result = cli(*words[1:], input=stdin)
    expected = NEEDS_A_TERMINAL.get(line)
    if expected is not None:
        assert result.exit_code in (0, 2) and (result.exit_code == 0 or expected in result.stderr), line
    else:
        assert result.exit_code == 0, f"{line}\n{result.output}"
    return result


def test_the_readme_has_examples_to_run():
    commands = readme_commands()
    assert len(commands) >= 25  # the parser finds them (29 when this was written)
    assert "hht protocol check my-protocol.toml" in commands


def test_every_readme_example_runs_in_order_on_a_new_database(cli, workdir):
    for line in readme_commands():
        result = run(cli, line)
        if line == "hht protocol check my-protocol.toml":
            assert "a valid protocol" in result.stdout  # the looser protocol is accepted as shown


def test_the_looser_protocol_is_the_one_the_readme_describes(cli, workdir):
    checked = protocols.load(workdir / "my-protocol.toml")
    assert (checked.pain.advance_threshold, checked.pain.step_back_threshold) == (5, 6)


@pytest.mark.parametrize("name", list(EXAMPLES), ids=lambda n: n or "hht")
def test_every_help_example_runs(cli, workdir, name):
    cli.ok("assess", "--answers", "answers.json", "--date", "-3d")
    for day in ("-2d", "-1d"):
        cli.ok("log", "--date", day, "--morning", "0", "--exercise", "0")
    for line, _ in EXAMPLES[name]:
        run(cli, line)
