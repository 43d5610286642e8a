"""The day's view as a runner sees it: their own words as typed."""

from __future__ import annotations


def test_a_note_that_looks_like_an_emoji_code_is_shown_as_typed(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    cli.ok("log", "--morning", "0", "--note", "felt :smile: after [b]the hill[/b]")
    out = cli.ok("today").stdout
    assert "note 'felt :smile: after [b]the hill[/b]'" in out
