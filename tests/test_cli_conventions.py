"""What a terminal user tries in the first minute: --version, -h, examples in
every --help, the daily commands first, and shell completion."""

from __future__ import annotations

import os
import shutil
import subprocess
from importlib.metadata import version

import hht
import pytest
from hht.cli.app import COMMANDS
from hht.cli.examples import EXAMPLES

from tests.test_installed import hht_script

# Every help screen: the group, each command, and each command of the protocol sub-app.
SCREENS = [[], *([name] for name in COMMANDS), ["protocol", "show"], ["protocol", "check"]]


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_version_and_exits_0(cli, flag):
    result = cli.ok(flag)
    assert result.stdout == f"hht {version('hht')}\n"
    assert version("hht") == hht.__version__


def test_version_comes_before_anything_else_is_checked(cli):
    assert cli.ok("--db", "/nonexistent/folder/x.db", "--version").stdout.startswith("hht ")


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: " ".join(a) or "hht")
def test_dash_h_is_help_everywhere_and_ends_with_real_examples(cli, narrow, args):
    long = cli.ok(*args, "--help").stdout
    assert cli.ok(*args, "-h").stdout == long
    lines = [line.strip() for line in long.rstrip().splitlines()]
    rows = EXAMPLES[" ".join(args)]
    assert 2 <= len(rows) <= 3
    assert lines[-len(rows) - 1] == "Examples:"
    for (command, what), line in zip(rows, lines[-len(rows) :]):
        # each example whole on one line at 80 columns, its explanation after it
        assert line.startswith(command + " ") and line.endswith("# " + what)


def test_the_daily_commands_come_first_in_the_help(cli, narrow):
    text = cli.ok("--help").stdout
    daily = [text.index(f"│ {name} ") for name in ("today", "log", "assess", "report")]
    rest = [text.index(f"│ {name} ") for name in ("history", "undo", "backup", "export", "import", "protocol")]
    assert daily == sorted(daily) and max(daily) < min(rest)


def test_report_help_says_the_real_default(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    text = " ".join(cli.ok("report", "--help").stdout.replace("│", " ").split())
    assert "Default: in a terminal, a summary on screen; otherwise (a pipe, --output) md." in text
    assert "(the default)" not in text


# --- shell completion, as each shell's script asks for it --------------------


def complete(shell: str, words: str, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "_HHT_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        parts = words.split(" ")
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    return subprocess.run([hht_script()], env=env, capture_output=True, text=True, timeout=30)


def test_bash_completes_commands_options_and_formats():
    assert complete("bash", "hht ").stdout.split() == list(COMMANDS)
    assert complete("bash", "hht re").stdout.split() == ["report"]
    assert {"--format", "--since", "--output"} <= set(complete("bash", "hht report --").stdout.split())
    assert complete("bash", "hht report --format ").stdout.split() == ["md", "html", "json", "csv", "fhir"]
    assert complete("bash", "hht report -f h").stdout.split() == ["html"]
    assert complete("bash", "hht protocol ").stdout.split() == ["show", "list", "init", "use", "check"]


@pytest.mark.parametrize("words", ["hht protocol check pro", "hht --protocol "])
def test_a_path_is_left_to_each_shell_s_own_file_completion(words):
    assert complete("bash", words).stdout.strip() == ""  # bash: `complete -o default` lists files
    assert complete("zsh", words).stdout.strip() == "_files"
    assert complete("fish", words, _TYPER_COMPLETE_FISH_ACTION="is-args").returncode == 1  # fish: files


def test_zsh_and_fish_complete_formats_with_their_summaries():
    zsh = complete("zsh", "hht report --format ").stdout
    assert '"html":"one self-contained page with charts; prints to A4"' in zsh
    fish = complete("fish", "hht report --format ", _TYPER_COMPLETE_FISH_ACTION="get-args").stdout
    assert fish.splitlines()[0] == "md\tMarkdown tables that paste into an email"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(shell):
    # A user's shell is detected (shellingham); typer's own switch lets a test name it instead.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [hht_script(), "--show-completion", shell], env=env, capture_output=True, text=True, timeout=30
    )
    assert script.returncode == 0 and "_HHT_COMPLETE=complete_" + shell in script.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_a_real_bash(tmp_path):
    bindir = os.path.dirname(hht_script())
    script = (
        'eval "$(hht --show-completion bash)"\n'
        'COMP_WORDS=(hht report --format ""); COMP_CWORD=3; _hht_completion hht\n'
        'echo "${COMPREPLY[*]}"\n'
    )
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ["PATH"],
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script], env=env, capture_output=True, text=True, timeout=30
    )
    assert out.stdout.strip() == "md html json csv fhir"
