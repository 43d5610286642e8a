"""What the self-screen asks, in the protocol's terms: the red flags by
urgency, the three self-tests in the order they are done, and when the rapid
test is left out. `hht assess` asks them in this order
(hht/cli/commands/assess.py); the answers are checked in
hht/rules/assessment/answers.py.
"""

from __future__ import annotations

from hht.rules.protocol.model import TEST_IDS, URGENCIES, Protocol, RedFlag, SelfTest


def self_tests(protocol: Protocol) -> list[SelfTest]:
    """The three self-tests, in the order they are done."""
    return [protocol.test(i) for i in TEST_IDS]


def red_flags_by_urgency(protocol: Protocol) -> list[tuple[str, list[RedFlag]]]:
    """The red flags grouped by urgency, the most urgent group first."""
    groups = [(u, [f for f in protocol.red_flags if f.urgency == u]) for u in URGENCIES]
    return [(u, flags) for u, flags in groups if flags]


def rapid_skip_reason(protocol: Protocol, bent_knee_pain: int) -> str | None:
    """Why the rapid test is skipped after this bent-knee pain, or None."""
    level = protocol.test("rapid_extension").skip_if_bent_knee_pain_at_least
    if level is None or bent_knee_pain < level:
        return None
    return (
        f"Skipped: the slow bent-knee stretch already hurt {bent_knee_pain}/10, and the rapid "
        f"test is left out at {level}/10 or more so as not to provoke the tendon further."
    )
