"""Questions asked in a terminal that more than one command asks."""

from __future__ import annotations

from hht.inputs import PAIN_ASK, PAIN_SCALE, is_pain


def ask_pain(text: str, required: bool = False, detail: str | None = None) -> int | None:
    """Ask for a 0-10 pain rating in a terminal. Ctrl-C raises KeyboardInterrupt."""
    import questionary

    from hht.term.console import question

    answer = questionary.text(
        question(f"{text} ({PAIN_SCALE}{'' if required else ', blank to skip'})", detail),
        validate=lambda v: (not v.strip() and not required) or is_pain(v) or PAIN_ASK,
    ).unsafe_ask()
    return int(answer) if answer.strip() else None
