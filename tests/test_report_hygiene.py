"""The report's printed text reads clean: a command shown as code in Markdown
(never as escaped backticks), no capital after a colon or a semicolon where a
sentence goes on, no trailing spaces on the terminal's wrapped lines."""

from __future__ import annotations

import json
import re

from tests.test_cli_assess import make_answers
from tests.test_report_events import terminal


def _unassessed(cli):
    cli.ok("log", "--date", "2026-03-01", "--morning", "1", "--note", "ran `fast` *today*")
    return cli


def test_markdown_shows_a_command_as_code_and_the_runners_text_escaped(cli):
    md = _unassessed(cli).ok("report", "--format", "md").stdout
    assert "(run `hht assess`)" in md
    assert "\\`hht" not in md
    assert "- **2026-03-01** ran \\`fast\\` \\*today\\*" in md  # a note is shown as typed, never as markup


def test_html_shows_a_command_as_code(cli):
    page = _unassessed(cli).ok("report", "--format", "html").stdout
    assert "(run <code>hht assess</code>)" in page
    assert "ran `fast` *today*" in page  # the note as typed


def test_a_sentence_that_goes_on_after_a_semicolon_keeps_a_small_letter(cli):
    md = _unassessed(cli).ok("report", "--format", "md").stdout
    assert "Run plan: not started; the run plan is locked: " in md
    assert not re.search(r"[a-z][;:] The ", md)


def test_the_assessment_says_why_cross_training_waits_in_one_sentence(cli, protocol):
    answers = make_answers(protocol, pains=(1, 3, 0), familiar=(True, True, False))
    out = cli("assess", "--answers", "-", input=json.dumps(answers)).stdout
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())
    assert "Cross-training not yet: the assisted bent-knee stretch hurt 3/10" in flat


def test_the_terminal_report_has_no_trailing_spaces(cli):
    _unassessed(cli)
    for width in (40, 80):
        text = terminal(cli, width)
        assert [line for line in text.splitlines() if line != line.rstrip()] == []
        assert "not a medical device" in " ".join(text.split())
