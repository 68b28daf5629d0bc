"""`DisjointSpans.take` agrees with a walk over every span taken so far."""

from __future__ import annotations

import random

from detectors.spans import DisjointSpans


def test_take_agrees_with_a_walk_over_every_taken_span() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = DisjointSpans()
        kept: list[tuple[int, int]] = []
        for _ in range(40):
            s = rng.randrange(0, 100)
            e = s + rng.randrange(1, 8)
            free = not any(a < e and s < b for a, b in kept)
            assert spans.take(s, e) is free
            if free:
                kept.append((s, e))
