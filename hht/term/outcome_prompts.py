"""The outcome measures' questions in a terminal (`hht outcome visa-h`, `psfs`,
`groc`): each returns the answers as `--answers` would give them, and stores
nothing. Ctrl-C raises KeyboardInterrupt, which the CLI turns into exit 130
with nothing saved. A clinic's wording is shown as plain text, never markup."""

from __future__ import annotations

from typing import Any

from hht.rules.outcomes import groc, psfs, visa_h


def _whole(low: int, high: int, text: str) -> bool:
    word = text.strip()
    return word.isascii() and word.isdigit() and len(word) <= 3 and low <= int(word) <= high


def _show(text: str) -> None:
    from rich.console import Console
    from rich.text import Text

    Console(emoji=False, highlight=False).print(Text(text))


def ask_visa_h(wording: dict[str, Any] | None) -> dict[str, Any]:
    """The eight items: with a clinic's wording, its text; without, each item's number and range."""
    import questionary

    from hht.term.console import question

    items = (wording or {}).get("items", {})
    title = (wording or {}).get("title")
    _show(
        f"VISA-H{f' ({title})' if title else ''}: 8 items, scored 0-100 (100 = no symptoms)."
        + (
            ""
            if wording
            else " No wording is adopted, so each item shows as its number and range; a clinic's "
            "wording file is adopted with `hht outcome wording FILE`."
        )
    )
    answers: dict[str, Any] = {}
    for item in visa_h.SCALE_ITEMS:
        words = items.get(item)
        ends = ""
        if words and ("low" in words or "high" in words):
            ends = f"0 = {words.get('low', 'worst')}, 10 = {words.get('high', 'best')}"
        text = f"Item {item} of 8" + (f": {words['text']}" if words else "") + " (0-10)"
        answer = questionary.text(
            question(text, ends or None), validate=lambda v: _whole(0, 10, v) or "Enter a whole number from 0 to 10"
        ).unsafe_ask()
        answers[item] = int(answer)
    seven = items.get("7")
    answers["7"] = questionary.select(
        question("Item 7 of 8" + (f": {seven['text']}" if seven else " (0, 4, 7 or 10)")),
        choices=[
            questionary.Choice(f"{seven['options'][str(p)]} ({p})" if seven else str(p), value=p)
            for p in visa_h.ITEM_7_POINTS
        ],
    ).unsafe_ask()
    eight = items.get("8")
    branches = (eight or {}).get("branches", {})
    branch = questionary.select(
        question("Item 8 of 8" + (f": {eight['text']}" if eight else ": which applies while you train?")),
        choices=[
            questionary.Choice(branches[b]["text"] if b in branches else visa_h.BRANCH_WORDS[b], value=b)
            for b in visa_h.ITEM_8_BRANCHES
        ],
    ).unsafe_ask()
    options = branches.get(branch, {}).get("options", {})
    points = questionary.select(
        question(f"Item 8 of 8, {visa_h.BRANCH_WORDS[branch]}: its points"),
        choices=[
            questionary.Choice(f"{options[str(p)]} ({p})" if options else str(p), value=p)
            for p in visa_h.ITEM_8_BRANCHES[branch]
        ],
    ).unsafe_ask()
    answers["8"] = {"branch": branch, "points": points}
    return answers


def ask_psfs(kept: list[str]) -> dict[str, Any]:
    """The activities (those named last time, kept or changed), then each one's rating."""
    import questionary

    from hht.term.console import question

    names = list(kept)
    if names:
        _show("Last time you named: " + "; ".join(names) + ".")
        if not questionary.confirm(question("Rate the same activities?"), default=True).unsafe_ask():
            names = []
    if not names:
        _show(
            f"Name {psfs.FEWEST} to {psfs.MOST} activities that the problem makes hard to do "
            f"(for example: {', '.join(psfs.EXAMPLES)}). They are kept for the next time."
        )
        while len(names) < psfs.MOST:
            optional = len(names) >= psfs.FEWEST
            name = questionary.text(
                question(f"Activity {len(names) + 1}" + (" (blank to finish)" if optional else "")),
                validate=lambda v, o=optional: _activity_problem(v, names, o) or True,
            ).unsafe_ask()
            if not name.strip():
                break
            names.append(" ".join(name.split()))
    activities = []
    for name in names:
        rating = questionary.text(
            question(f"{name}: how well can you do it now? (0-10, 10 = as before the injury)"),
            validate=lambda v: _whole(0, 10, v) or "Enter a whole number from 0 to 10",
        ).unsafe_ask()
        activities.append({"name": name, "rating": int(rating)})
    return {"activities": activities}


def _activity_problem(text: str, names: list[str], optional: bool) -> str | None:
    """Why a typed activity cannot be taken, or None."""
    if optional and not text.strip():
        return None
    problem = psfs.name_problem(text)
    if problem:
        return f"The name {problem}"
    if " ".join(text.split()).casefold() in {n.casefold() for n in names}:
        return "You named that one already"
    return None


def ask_groc() -> dict[str, Any]:
    import questionary

    from hht.term.console import question

    rating = questionary.select(
        question(groc.QUESTION),
        choices=[questionary.Choice(groc.label(r), value=r) for r in sorted(groc.LABELS, reverse=True)],
        default=None,
    ).unsafe_ask()
    return {"rating": rating}
