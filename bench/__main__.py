"""`python -m bench quality | exam | latency | structure | soak | load [options]`: benchmarks that print figures.

Run from a checkout (the benchmarks are not part of the installed product)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("quality", "exam", "latency", "structure", "soak", "load"):
        print("usage: python -m bench {quality|exam|latency|structure|soak|load} [options]", file=sys.stderr)
        return 2
    which, rest = argv[0], argv[1:]
    if which == "quality":
        from bench.quality import main as quality_main

        return int(quality_main(rest))
    if which == "exam":
        from bench.exam import main as exam_main

        return int(exam_main(rest))
    if which == "structure":
        from bench.structure import main as structure_main

        return int(structure_main(rest))
    if which == "soak":
        from bench.soak import main as soak_main

        return int(soak_main(rest))
    if which == "load":
        from bench.load import main as load_main

        return int(load_main(rest))
    from bench.latency import main as latency_main

    return int(latency_main(rest))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
