"""The distance between two positions, for files that record positions but no
distance: the positions are used here and forgotten."""

from __future__ import annotations

import math

EARTH_RADIUS = 6_371_000.0  # metres, the mean radius


def between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres along the surface between two positions in degrees (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def cumulative(positions: list[tuple[float, float] | None]) -> list[float | None]:
    """The distance covered at each position, from the first; None where a point has no position."""
    out: list[float | None] = []
    total, last = 0.0, None
    for here in positions:
        if here is None:
            out.append(None)
            continue
        if last is not None:
            total += between(*last, *here)
        last = here
        out.append(total)
    return out
