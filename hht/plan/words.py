"""Small pieces of the plan's sentences, written once: counts that never read
"4 of 3", a reason joined after a colon, a stage in the protocol's own word."""


def tally(n: int, needed: int, what: str) -> str:
    """ "2 of 3 pain-free runs", or once there are enough, "4 pain-free runs (3 needed)": never 4 of 3."""
    if n <= needed:
        return f"{n} of {needed} {what}s"
    return f"{n} {what}{'s' if n != 1 else ''} ({needed} needed)"


def clause(reason: str) -> str:
    """A sentence as it reads after a colon: "Advanced on 2026-03-05: 3 pain-free ...",
    "Run advanced on ...: the run on ..." (a leading capital lowered, unless the
    word is all capitals, as an abbreviation is)."""
    first = reason.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return reason
    return reason[:1].lower() + reason[1:]
