"""Shared by the harnesses: run under atheris (coverage-guided, `make fuzz`) when it is
installed, else a plain seeded random-input loop over the committed corpus (labelled so)."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from pathlib import Path


def main(test_one_input: Callable[[bytes], None], name: str) -> None:
    try:
        import atheris
    except ImportError:
        _random_loop(test_one_input, name)
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


def _random_loop(test_one_input: Callable[[bytes], None], name: str) -> None:
    """NOT coverage-guided: mutations of the committed corpus for FUZZ_SECONDS (default 30)."""
    print(f"atheris not installed: running {name} as a plain random-input loop (not coverage-guided)")
    import time

    seeds = [p.read_bytes() for p in sorted((Path(__file__).parent / "corpus" / name).glob("*"))] or [b""]
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "1")))
    deadline = time.monotonic() + float(os.environ.get("FUZZ_SECONDS", "30"))
    runs = 0
    while time.monotonic() < deadline:
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(3)
            pos = rng.randint(0, len(data))
            if op == 0:
                data[pos:pos] = rng.randbytes(rng.randint(1, 16))
            elif op == 1 and data:
                del data[pos:pos + rng.randint(1, 16)]
            elif data:
                data[min(pos, len(data) - 1)] = rng.randrange(256)
        test_one_input(bytes(data))
        runs += 1
    print(f"{name}: {runs} inputs, no failure")
