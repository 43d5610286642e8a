"""Where the chart's event numbers go: one row of labels above a band, none
overlapping another, each as near its marks as the row allows.

The widths are worked out from the characters (digits, commas, spaces and
dashes) at the chart's font size, a little wider than Helvetica's and Arial's,
so that a label never touches its neighbour in the fonts the chart names.
"""

from __future__ import annotations

LABEL_SIZE = 12.5
LABEL_GAP = 3.0  # px between two labels in a row
# a character's advance in em: a little over Helvetica's and Arial's, and within the gap of DejaVu Sans'
_EM = {",": 0.3, " ": 0.3, "-": 0.35}
_DIGIT_EM = 0.6


def _label_width(words: str) -> float:
    return LABEL_SIZE * sum(_EM.get(c, _DIGIT_EM) for c in words)


def _numbers_words(numbers: list[int], short: bool, room: float) -> str:
    """'7', '7, 9', '7-9, 12': every number; or, when `short` or the list is wider than `room`, the first
    and the last ('7-30')."""
    if len(numbers) == 1:
        return str(numbers[0])
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    words = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
    span = f"{numbers[0]}-{numbers[-1]}"
    too_wide = len(words) * LABEL_SIZE * min(_EM.values()) > room or _label_width(words) > room
    return span if (short or too_wide) and len(span) < len(words) else words


def _row(wanted: list[float], widths: list[float], lo: float, hi: float) -> list[float]:
    """Left edges for labels in one row, in order, none touching another, within [lo, hi]: a block of
    abutting labels sits where its labels are, on average, as far right of where they want to be as left."""
    blocks: list[list[float]] = []  # first label, count, width, sum of (wanted left - offset in block), left
    for i, (want, width) in enumerate(zip(wanted, widths)):
        blocks.append([i, 1, width, want, max(lo, min(want, hi - width))])
        while len(blocks) > 1 and blocks[-2][4] + blocks[-2][2] + LABEL_GAP > blocks[-1][4]:
            (first, count, width, total, _), (_, count2, width2, total2, _) = blocks[-2], blocks[-1]
            total += total2 - count2 * (width + LABEL_GAP)
            count, width = count + count2, width + LABEL_GAP + width2
            blocks[-2:] = [[first, count, width, total, max(lo, min(total / count, hi - width))]]
    lefts: list[float] = []
    for first, count, _, _, left in blocks:
        for i in range(int(first), int(first + count)):  # the first label and the count are whole numbers
            lefts.append(left)
            left += widths[i] + LABEL_GAP
    return lefts


def number_labels(marks: list[tuple[float, int]], lo: float, hi: float) -> list[tuple[float, str]]:
    """The event numbers of one band as (centre, words): one row of labels, none touching another.

    Each mark keeps its own number, moved a little sideways when its neighbours
    crowd it. Where that is not enough (the same day; a flare of events on
    consecutive days; a long chart), marks share a label: first one listing
    their numbers, then one naming the first and the last, then a label shared
    with the nearest neighbour. The stage history table lists every number.
    """
    groups: list[list[tuple[float, int]]] = []
    for x, number in sorted(marks):
        if groups and x - groups[-1][-1][0] < 0.5:  # the same day: one spot, one label
            groups[-1].append((x, number))
        else:
            groups.append([(x, number)])
    short = [False] * len(groups)
    words = [_numbers_words(sorted(n for _, n in g), False, hi - lo) for g in groups]
    widths = [_label_width(w) for w in words]
    while True:
        alone = [max(lo + wd / 2, min((g[0][0] + g[-1][0]) / 2, hi - wd / 2)) for g, wd in zip(groups, widths)]
        lefts = _row([a - wd / 2 for a, wd in zip(alone, widths)], widths, lo, hi)
        centres = [left + wd / 2 for left, wd in zip(lefts, widths)]
        crowded = {
            i
            for i, (centre, best, wd) in enumerate(zip(centres, alone, widths))
            if abs(centre - best) > 0.4 * wd or centre + wd / 2 > hi + 0.01
        }  # too far from its marks
        if not crowded or len(groups) == 1:
            return list(zip(centres, words))
        touching = set(crowded)  # and every label of the run of abutting labels it is in
        abut = [lefts[i + 1] - lefts[i] - widths[i] <= LABEL_GAP + 0.01 for i in range(len(groups) - 1)]
        for i in range(len(groups) - 1):
            if abut[i] and i in touching:
                touching.add(i + 1)
        for i in reversed(range(len(groups) - 1)):
            if abut[i] and i + 1 in touching:
                touching.add(i)
        # a crowded label is shortened if that gives any room, one it crowds only if that halves it
        shorter = [
            (i, cut)
            for i in touching
            if not short[i] and len(groups[i]) > 1
            for cut in [f"{min(n for _, n in groups[i])}-{max(n for _, n in groups[i])}"]
            if len(cut) * (1 if i in crowded else 2) < len(words[i])
        ]
        for i, cut in shorter:
            short[i], words[i], widths[i] = True, cut, _label_width(cut)
        if shorter:
            continue
        # each crowded label joins its nearer neighbour (the narrower new group), the narrowest new groups
        # first, a group joining one other at a time; one whose nearer neighbour is joining another waits
        # for the next round, when it joins that (never the farther one, which could be weeks away)
        pairs = sorted(
            {
                min((groups[j + 1][-1][0] - groups[j][0][0], j) for j in (i - 1, i) if 0 <= j < len(groups) - 1)
                for i in crowded
            }
        )
        join: set[int] = set()
        for _, j in pairs:
            if not {j - 1, j, j + 1} & join:
                join.add(j)
        for j in sorted(join, reverse=True):
            groups[j : j + 2] = [groups[j] + groups[j + 1]]
            short[j : j + 2] = [False]  # a joined group starts again from the list of its numbers
            words[j : j + 2] = [_numbers_words(sorted(n for _, n in groups[j]), False, hi - lo)]
            widths[j : j + 2] = [_label_width(words[j])]
