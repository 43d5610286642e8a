"""`hht protocol list|show|check|init|use`: the rules hht applies, as data,
and which protocol applies from which day."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from hht.cli import completion, dates, far_back
from hht.cli.context import Context
from hht.errors import UsageError
from hht.rules.protocol import load as protocols
from hht.term.console import out, out_json, say

app = typer.Typer(
    help="List, show, check, copy and adopt protocols (the clinical rules as data).", no_args_is_help=True
)


@app.command("show")
def show(
    ctx: typer.Context,
    which: Optional[str] = typer.Argument(
        None,
        metavar="[NAME|FILE]",
        help="A shipped protocol's name or a protocol file (default: the one in force today).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the protocol as JSON."),
) -> None:
    """Print a protocol as a page: its stages and doses, rules, tests, red flags, run plan and sources."""
    context: Context = ctx.find_root().obj
    active = protocols.load(which) if which is not None else context.protocol()
    if as_json:
        out_json(json.dumps(active.to_json(), indent=2, ensure_ascii=False))
        return
    from hht.report.protocol_page import page

    out(page(active))


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """The shipped protocols, and those adopted in this database from their days."""
    from hht.rules.adoption import source_text

    context: Context = ctx.find_root().obj
    shipped = []
    for name, path in protocols.shipped().items():
        p = protocols.load(path)
        shipped.append({"name": name, "protocol": p.name, "version": p.version, "title": p.title, "path": str(path)})
    adopted = []
    if context.db_path.is_file():
        with context.reader() as store:
            uses = store.protocol_uses()
        today = dates.today()
        in_force = max((i for i, u in enumerate(uses) if u.from_date <= today), default=None)
        for i, u in enumerate(uses):
            now = source_text(u.source)
            adopted.append(
                {
                    "from": u.from_date.isoformat(),
                    "protocol": u.name,
                    "version": u.version,
                    "source": u.source,
                    "reason": u.reason,
                    "in_force": i == in_force,
                    "edited_since": now is not None and now != u.content,
                }
            )
    if as_json:
        out_json(json.dumps({"shipped": shipped, "adopted": adopted}, indent=2, ensure_ascii=False))
        return
    lines = ["Shipped with hht (`hht protocol show NAME` prints one):"]
    lines += [f"  {s['name']:<12} {s['protocol']} {s['version']}: {s['title']}" for s in shipped]
    if adopted:
        lines.append("Adopted in this database, each from its day (`hht protocol use` adds one):")
        for a in adopted:
            marks = [m for m, on in (("in force", a["in_force"]), ("file edited since", a["edited_since"])) if on]
            lines.append(
                f"  from {a['from']}  {a['protocol']} {a['version']} ({a['source']}): {a['reason']}"
                + (f" [{'; '.join(marks)}]" if marks else "")
            )
    else:
        lines.append(
            "None adopted in this database: the shipped default applies "
            "(`hht protocol use NAME|FILE` adopts one from a day)."
        )
    say("\n".join(lines))


@app.command("init")
def init(
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="Where to write the copy (a new .toml file; `-` for standard output).",
        autocompletion=completion.paths,
    ),
    source: str = typer.Option(
        "default", "--from", metavar="NAME|FILE", help="The protocol to copy (default: the shipped default)."
    ),
) -> None:
    """Write an editable copy of a protocol under a new name, with a comment on every key."""
    from hht.files import is_stdout, refuse_output, write_private_with
    from hht.inputs import shown
    from hht.report.protocol_copy import editable_copy

    to_stdout = is_stdout(file)
    if not to_stdout:
        try:
            refuse_output(file, new_only=True, error=UsageError)
        except UsageError as exc:
            if "already exists" not in str(exc):
                raise
            raise UsageError(f"{shown(file)} exists: hht never overwrites a protocol file; name a new one.") from None
        if file.suffix != ".toml":
            raise UsageError(f"{shown(file)}: a protocol file's name ends in .toml.")
    text, based_on = protocols.read(source)
    copy = editable_copy(text, based_on, DEFAULT_COPY_NAME if to_stdout else file.stem)
    if to_stdout:
        out(copy, nl=False)
        return
    write_private_with(file, lambda handle: handle.write(copy))  # whole or not at all, never through a link
    say(
        f"Wrote {shown(file)}: {shown(file.stem)} 1.0.0, a copy of {based_on.name} {based_on.version} with a "
        f"comment on every key. Edit it, check it with `hht protocol check {shown(file)}`, then adopt it with "
        f"`hht protocol use {shown(file)}`."
    )


DEFAULT_COPY_NAME = "my-protocol"  # the copy's name when it goes to standard output


@app.command("use")
def use(
    ctx: typer.Context,
    which: str = typer.Argument(
        ..., metavar="NAME|FILE", help="A shipped protocol's name or a protocol file.", autocompletion=completion.paths
    ),
    on: Optional[str] = typer.Option(
        None, "--from", metavar="DAY", help=f"The day it applies from ({dates.DATE_WORDS}; default today)."
    ),
    reason: Optional[str] = typer.Option(
        None, "--reason", metavar="TEXT", help="Why it changes (shown with the change)."
    ),
    stage: Optional[int] = typer.Option(
        None,
        "--stage",
        metavar="N",
        help="The stage to start at (default: the first, or where the runner is for a new version of the same protocol).",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help=far_back.YES_HELP),
) -> None:
    """Adopt a protocol from a day: the days before keep the rules they were lived under."""
    from hht.inputs import parse_note
    from hht.rules.adoption import SHIPPED_DEFAULT_REASON, source_of

    context: Context = ctx.find_root().obj
    if context.preview:
        raise UsageError(
            "--protocol (or HHT_PROTOCOL) previews a protocol without recording it: leave it out "
            "to adopt one with `hht protocol use`."
        )
    today = dates.today()
    day = dates.parse_day(on, today) if on is not None else today
    if day > today:
        raise UsageError(f"--from {day} is in the future: adopt a protocol from today or an earlier day.")
    far_back.confirm(context, day, today, yes)
    text, chosen = protocols.read(which)  # read once: what is checked is what is adopted
    if stage is not None and not 1 <= stage <= len(chosen.ladder):
        raise UsageError(
            f"--stage must be from 1 to {len(chosen.ladder)} ({chosen.name} has {len(chosen.ladder)} "
            f"{chosen.stage_word}s)."
        )
    why = (parse_note(reason) if reason is not None else None) or f"adopted with `hht protocol use` on {today}"
    with context.store() as store, store.write():
        uses = store.protocol_uses()
        if uses and day < uses[-1].from_date:
            last = uses[-1]
            raise UsageError(
                f"{last.name} {last.version} applies from {last.from_date}: a change dated before it "
                f"would rewrite days lived under it. Use --from {last.from_date} or later."
            )
        adopted = []
        if not uses:
            logged = store.days()
            first = min(
                [*(d.date for d in logged[:1]), *(a.date for a in store.assessment_summaries()[:1])], default=None
            )
            if first is not None and first < day:  # the days before keep the shipped default
                default_text, default = protocols.read(None)
                adopted.append(
                    dict(
                        on=first,
                        name=default.name,
                        version=default.version,
                        source="default",
                        content=default_text,
                        reason=SHIPPED_DEFAULT_REASON,
                    )
                )
        adopted.append(
            dict(
                on=day,
                name=chosen.name,
                version=chosen.version,
                source=source_of(which),
                content=text,
                reason=why,
                start=stage,
            )
        )
        store.adopt(adopted)  # one change: `hht undo` removes the adoption whole
    say(
        f"From {day}, {chosen.name} {chosen.version} applies; the days before keep the rules they were lived "
        "under. `hht today` shows the plan under it; `hht protocol list` lists every change; "
        "`hht undo` reverses this one."
    )


@app.command("check")
def check(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="The protocol TOML file to validate.", autocompletion=completion.paths
    ),
) -> None:
    """Validate a protocol file; says what is wrong, or that it is fine."""
    from hht.inputs import shown

    checked = protocols.load(file)
    say(
        f"{shown(file)}: a valid protocol ({checked.name} {checked.version}, "
        f"{len(checked.ladder)} {checked.stage_word}s, {len(checked.run_weeks)} run weeks)."
    )
