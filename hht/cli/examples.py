"""The examples that end each command's --help: (command line, what it does).

Every one is run by tests/test_examples.py, so none can drift from the program.
"""

EXAMPLES = {
    "": [
        ("hht assess", "the self-screen: start here"),
        ("hht today", "the day's plan, and why"),
        ("hht log --morning 0", "pain on waking, 0-10"),
    ],
    "today": [
        ("hht today", "the day's plan, and why"),
        ("hht today --date yesterday", "another day's plan"),
        ("hht today --json", "the plan as JSON"),
    ],
    "status": [
        ("hht status", "what is left today, in one line"),
        ("hht status --json", "the same, as JSON"),
    ],
    "calendar": [
        ("hht calendar -o plan.ics", "the next 14 days, as iCalendar"),
        ("hht calendar -o plan.ics --at 06:45 --force", "remind at 06:45"),
    ],
    "log": [
        ("hht log --morning 0", "pain on waking, 0-10"),
        ("hht log --run-file run.fit --run 0", "a run from its file, pain 0/10"),
        ("hht log --date yesterday --sitting 2", "fill in or correct a day"),
    ],
    "import-runs": [
        ("hht import-runs activities", "every run in a folder, each to its day"),
        ("hht import-runs run.gpx run.tcx", "a few files"),
    ],
    "assess": [
        ("hht assess", "in a terminal: asks the questions"),
        ("hht assess --answers answers.json", "the same answers as JSON"),
        ("hht assess --history", "every assessment, side by side"),
    ],
    "report": [
        ("hht report", "a summary; Markdown in a pipe"),
        ("hht report --format html -o report.html", "one page to email or print"),
        ("hht report --since 2026-01-01 --format csv", "one row per logged day"),
    ],
    "history": [
        ("hht history", "recent changes, newest first"),
        ("hht history --limit 5 --json", "the last five, as JSON"),
    ],
    "undo": [
        ("hht undo", "reverse the last change (asks first in a terminal)"),
        ("hht undo --yes", "without asking"),
    ],
    "backup": [
        ("hht backup", "a copy beside the database"),
        ("hht backup hht-copy.db", "a copy where you say"),
    ],
    "check": [
        ("hht check", "is the database whole, and is every row valid?"),
        ("hht --db copy.db check", "check a copy or a backup"),
    ],
    "export": [
        ("hht export --output hht.json", "everything, as one JSON file"),
        ("hht export", "the same, to standard output"),
    ],
    "import": [
        ("hht export --output hht.json", "first, from the old database"),
        ("hht --db new.db import hht.json", "then restore it into a new one"),
    ],
    "protocol": [
        ("hht protocol list", "shipped and adopted protocols"),
        ("hht protocol show", "the rules hht applies, as a page"),
        ("hht protocol check my-protocol.toml", "validate your own protocol file"),
    ],
    "protocol list": [
        ("hht protocol list", "shipped and adopted protocols"),
        ("hht protocol list --json", "the same, as JSON"),
    ],
    "protocol show": [
        ("hht protocol show", "the protocol in force, as a page"),
        ("hht protocol show goom-2016", "a shipped protocol by name"),
        ("hht protocol show my-protocol.toml --json", "a file, as JSON"),
    ],
    "protocol init": [
        ("hht protocol init physio.toml", "an editable copy of the default"),
        ("hht protocol init goom.toml --from goom-2016", "a copy of another"),
    ],
    "protocol use": [
        ("hht protocol use my-protocol.toml --from -1d", "adopt a file from a day"),
        ("hht protocol use goom-2016 --reason review", "a shipped one, from today"),
    ],
    "protocol check": [
        ("hht protocol check my-protocol.toml", "what is wrong, or that it is fine"),
        ("hht --protocol my-protocol.toml today", "then use it"),
    ],
    "outcome": [
        ("hht outcome visa-h", "in a terminal: asks the 8 items"),
        ("hht outcome psfs --answers psfs.json", "the PSFS, its answers as JSON"),
        ("hht outcome history", "every score over time"),
    ],
    "outcome visa-h": [
        ("hht outcome visa-h --answers visa-h.json", "the answers as JSON"),
        ("hht outcome visa-h --answers - --date -1d < visa-h.json", "from stdin, for yesterday"),
    ],
    "outcome psfs": [
        ("hht outcome psfs --answers psfs.json", "3-5 activities, each rated 0-10"),
        ("hht outcome psfs --answers ratings.json", "last time's activities, rated again"),
    ],
    "outcome groc": [
        ("hht outcome groc", "in a terminal: one of seven points"),
        ("hht outcome groc --answers groc.json", "the same, as JSON"),
    ],
    "outcome history": [
        ("hht outcome history", "every score over time, and what is due"),
        ("hht outcome history --json", "every measure taken, as JSON"),
    ],
    "outcome wording": [
        ("hht outcome wording clinic-visa-h.json", "adopt a clinic's VISA-H wording once"),
        ("hht outcome wording", "which wording is adopted"),
    ],
}
