"""Hostile text through every door: what a runner types (or imports) is shown
as typed, in every format, and never acts on the reader's terminal, Markdown
viewer, browser or spreadsheet.

Hypothesis writes notes from markup, control characters, surrogates and long
strings; each goes through `log`, every report format, `export` and `import`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

from hht.inputs import first_control, is_control
from hht.term import safe_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = [
    "closing [/b] tag",
    "[after run] sore",
    "[link=https://evil.example]click[/link]",
    "[red]gone[/red]",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    "nul\x00",
    "csi\x9b31m",
    "del\x7f",
    "<script>alert(1)</script>",
    "# heading",
    "- list",
    "1. numbered",
    "[text](https://evil.example)",
    "![img](x)",
    "`code`",
    "*em* _em_",
    '=HYPERLINK("http://evil","x")',
    "@SUM(1+1)",
    "+1",
    "-1",
    "\tindented",
    "\rreturn",
    "a|b",
    "&amp; &lt;",
    "line one\n# line two",
    "emoji ✓ and ünïcode",
    "\ud800 lone surrogate",
    "x" * 2000,
    "x" * 2001,
    "",
]
notes = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=60),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
)

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def test_first_control_finds_what_is_control_names_in_a_whole_text():
    for code in range(0x10000):  # every control character is in the first plane
        char = chr(code)
        assert first_control(f"a{char}b") == (char if is_control(char) else None), hex(code)
    assert first_control("emoji \U0001f600 and \U0010ffff") is None
    assert first_control("two\nlines\tand\x1b[31m", allowed="\n") == "\t"
    assert first_control("two\nlines\tand\x1b[31m", allowed="\n\t") == "\x1b"
    assert first_control("two\nlines\tand tabs", allowed="\n\t") is None
    assert first_control("a\udc80 then \x1b", allowed="\n") == "\udc80"
    assert first_control("\x1b then \udc80", allowed="\n") == "\x1b"


def no_traceback(result) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text and result.exit_code in (0, 1, 2), text
    if result.exit_code:
        assert result.stderr.startswith("hht: "), result.stderr


def outputs(cli) -> dict[str, str]:
    return {fmt: cli.ok("report", "--format", fmt).stdout for fmt in ("md", "html", "csv", "json", "fhir")}


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(note=notes)
def test_a_note_is_refused_in_one_sentence_or_shown_as_typed_everywhere(cli, db_path, isolated, note):
    db_path.unlink(missing_ok=True)
    result = cli("log", "--date", "2026-03-01", "--morning", "1", "--note", note)
    no_traceback(result)
    stripped = note.strip()
    accepted = bool(stripped) and len(stripped) <= 2000 and not any(is_control(c) and c not in "\n\t" for c in stripped)
    assert (result.exit_code == 0) == accepted, (note, result.stderr)
    if not accepted:
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        return
    shown = outputs(cli)
    for fmt, text in shown.items():
        assert not RAW_CONTROL.search(text), fmt
    # Markdown: the note is on one line, and every character that opens markup is escaped.
    md_line = next(line for line in shown["md"].splitlines() if line.startswith("- **2026-03-01**"))
    assert md_line == f"- **2026-03-01** {safe_text.markdown(stripped)}"
    assert not re.search(r"(?<!\\)([<\[`*#]|(?<![0-9A-Za-z])_)", md_line[len("- **2026-03-01** ") :])
    # HTML: no tag from the note.
    assert (
        "<script" not in shown["html"]
        and '<li><b class="date">2026-03-01</b> ' + html.escape(safe_text.visible(stripped)) in shown["html"]
    )
    # CSV: the note's cell is never a formula, and reads back as the note (after the apostrophe).
    rows = list(csv.DictReader(io.StringIO(shown["csv"])))
    cell = rows[-1]["note"]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == stripped or cell == stripped
    # JSON and the export keep the note exactly.
    assert json.loads(shown["json"])["notes"][-1]["note"] == stripped
    export = cli.ok("export").stdout
    (isolated / "e.json").write_text(export, encoding="utf-8")
    restored = isolated / "restored.db"
    restored.unlink(missing_ok=True)
    cli.ok("--db", str(restored), "import", str(isolated / "e.json"))
    assert cli.ok("--db", str(restored), "export").stdout == export


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(note=st.sampled_from(HOSTILE).filter(lambda n: n.strip()) | st.text(max_size=40).filter(lambda n: n.strip()))
def test_an_imported_note_passes_only_the_rules_log_applies(cli, isolated, note):
    document = {
        "format": "hht-export",
        "format_version": 1,
        "schema_version": 1,
        "tables": {
            "entries": [
                {
                    "date": "2026-02-01",
                    "morning": 3,
                    "partial": 0,
                    "note": note,
                    "created_at": "2026-02-01T08:00:00+00:00",
                    "updated_at": "2026-02-01T08:00:00+00:00",
                }
            ]
        },
    }
    (isolated / "in.json").write_text(json.dumps(document), encoding="utf-8")
    target = isolated / "imported.db"
    target.unlink(missing_ok=True)
    result = cli("--db", str(target), "import", str(isolated / "in.json"))
    no_traceback(result)
    logged = cli("--db", str(isolated / "logged.db"), "log", "--date", "2026-02-01", "--note", note)
    (isolated / "logged.db").unlink(missing_ok=True)
    # Import refuses exactly what log refuses (a note with spaces around it, which log would trim, too).
    assert (result.exit_code == 0) == (logged.exit_code == 0 and note == note.strip()), (note, result.stderr)
    if result.exit_code:
        assert "row 1 of entries has a note that" in result.stderr and not target.exists()


def test_the_terminal_report_shows_markup_as_typed(cli, monkeypatch, capsys):
    notes = [
        "closing [/b] tag",
        "[after run] sore",
        "[link=https://evil.example]click[/link]",
        "[red]kept[/red]",
        "felt :smile: after :fire:",
    ]
    for n, note in enumerate(notes, start=1):
        cli.ok("log", "--date", f"2026-02-2{n}", "--morning", "0", "--note", note)
    monkeypatch.setenv("COLUMNS", "300")
    history = cli.ok("history").stdout  # the audit trail shows each note as typed too
    for note in notes:
        assert note in history
    model = json.loads(cli.ok("report", "--format", "json").stdout)
    monkeypatch.setenv("COLUMNS", "300")
    from hht.report import terminal

    terminal.render(model)
    out = capsys.readouterr().out
    for note in notes:
        assert note in out


def test_protocol_check_refuses_markup_and_control_characters(cli, isolated):
    from hht.rules.protocol.load import default_path

    shipped = default_path().read_text(encoding="utf-8")
    name = re.search(r'^name = "([^"]+)"', shipped, re.M).group(1)
    rung = re.search(r'\[\[ladder\]\][^\[]*?name = "([^"]+)"', shipped, re.S).group(1)
    for bad, found in ((rung + " [/b]", "[/b]"), (rung + "\\u001b[31m", "U+001B"), (rung + "\\u009b", "U+009B")):
        (isolated / "p.toml").write_text(shipped.replace(f'name = "{rung}"', f'name = "{bad}"', 1), encoding="utf-8")
        result = cli("protocol", "check", str(isolated / "p.toml"))
        assert result.exit_code == 2 and found in result.stderr and result.stderr.count("\n") == 1, result.stderr
        result = cli("--protocol", str(isolated / "p.toml"), "today")
        assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert name  # the shipped protocol itself passes its own check
    cli.ok("protocol", "check", str(default_path()))


def test_bounded_inputs_are_one_sentence(cli, isolated):
    deep = "[" * 100_000 + "]" * 100_000
    huge = '{"sides": ' + "9" * 5000 + "}"
    for name, text in (("deep.json", deep), ("huge.json", huge)):
        (isolated / name).write_text(text)
        for args in (
            ["assess", "--answers", str(isolated / name)],
            ["--db", str(isolated / "n.db"), "import", str(isolated / name)],
        ):
            result = cli(*args)
            no_traceback(result)
            assert result.exit_code in (1, 2) and result.stderr.count("\n") == 1, result.stderr
    (isolated / "deep.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000)
    (isolated / "big.toml").write_text("x = " + "9" * 5000)
    for name in ("deep.toml", "big.toml"):
        result = cli("--protocol", str(isolated / name), "today")
        no_traceback(result)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    for limit in ("99999999999999999999", "0", "-1", "ten"):
        result = cli("history", "--limit", limit)
        no_traceback(result)
        assert result.exit_code == 2, result.stderr
    answers = {"sides": ["left"], "red_flags": {}, "tests": {"left": {"bent_knee": {"pain": None}}}}
    result = cli("assess", "--answers", "-", input=json.dumps(answers))
    no_traceback(result)
    assert result.exit_code == 2 and "pain must be a whole number of pain from 0 to 10, not null" in result.stderr
