"""Plain output wraps at word boundaries to the terminal's width, questions
included; output to a pipe stays one line per sentence."""

from __future__ import annotations

import os
import subprocess

import pexpect
import pytest
from hht.term.console import question, wrap
from hypothesis import given
from hypothesis import strategies as st

from tests.test_installed import hht_script

words = st.lists(st.text(alphabet="abcdefghij/()-:.,'", min_size=1, max_size=14), min_size=1, max_size=40)


@given(words, st.integers(min_value=20, max_value=120), st.sampled_from(["", "  ", "    "]))
def test_a_wrapped_line_keeps_every_word_whole_and_fits(text_words, columns, lead):
    text = lead + " ".join(text_words)
    lines = wrap(text, columns).split("\n")
    assert " ".join(lines).split() == text_words  # the same words, in order, none broken
    for line in lines:
        assert len(line) <= columns or " " not in line.strip()  # only a word longer than the line overflows
        assert line.startswith(lead)


def test_an_indented_line_hangs_and_its_paragraphs_stay_apart():
    text = "Logged 2026-03-02: morning 0/10.\n  Advanced (2026-03-02): three pain-free sessions in a row at rung 2"
    assert wrap(text, 40).split("\n") == [
        "Logged 2026-03-02: morning 0/10.",
        "  Advanced (2026-03-02): three pain-free",
        "    sessions in a row at rung 2",
    ]


def test_a_question_fits_80_columns_with_its_detail_on_lines_of_its_own(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    asked = question(
        "Did you feel a sudden pop or tearing at the back of the thigh, with bruising days later "
        "or difficulty walking?",
        "(a possible tear)",
    )
    lines = asked.split("\n")
    assert all(len("? " + line) + len(" (y/N) ") <= 80 for line in lines)
    assert lines[-1] == "  (a possible tear)"
    assert question("Which side hurts?") == "Which side hurts?"


@pytest.mark.pty
def test_log_wraps_its_result_at_80_columns_and_a_pipe_gets_whole_lines(isolated, cli, monkeypatch):
    """The same database twice: in a terminal the result wraps at words; through a pipe it is whole lines."""
    outputs = []
    for name, in_terminal in (("terminal", True), ("pipe", False)):
        monkeypatch.setenv("HHT_DB", str(isolated / f"{name}.db"))
        for day in ("2026-02-27", "2026-02-28", "2026-03-01"):
            cli.ok("log", "--date", day, "--morning", "0", "--exercise", "0")
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "40"}
        args = ["log", "--morning", "0", "--exercise", "5"]  # advances, then steps back: long sentences
        if in_terminal:
            child = pexpect.spawn(hht_script(), args, env=env, encoding="utf-8", timeout=20, dimensions=(40, 80))
            child.expect(pexpect.EOF)
            outputs.append(child.before.replace("\r\n", "\n").rstrip("\n").split("\n"))
        else:
            done = subprocess.run([hht_script(), *args], env=env, capture_output=True, text=True, check=True)
            outputs.append(done.stdout.rstrip("\n").split("\n"))
    shown, piped = outputs
    assert max(len(line) for line in shown) <= 80
    assert max(len(line) for line in piped) > 80
    assert " ".join(shown).split() == " ".join(piped).split()  # word for word, none broken
    assert "Stepped back" in " ".join(" ".join(shown).split())
