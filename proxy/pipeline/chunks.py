"""Long text slots scanned piece by piece, so the scan budget can stop a single slot.

Theory of operation: a slot of at most `ChunkPlan.size` characters is scanned whole,
exactly as before. A longer one is cut into *own regions* that partition it; each
seam is placed at a paragraph break (a blank line, which ends every table shape
`detectors.structure` reads) in the back half of the region, else at a line break,
else (one giant line) at the size. Each region is scanned in a *window* reaching
`reach` characters past both seams, widened to whole lines where the line ends
within another `reach`, so a detector reads at least `reach` characters of context
on both sides of anything that starts in the region. When a seam falls inside a
paragraph, the paragraph's first lines (its title and table header) are carried in
front of the window, so rows after the seam are still typed by their header.

A finding is kept from the window whose own region holds its start (offsets shifted
back to the slot); findings carried in the header prefix are dropped (an earlier
window owns them). An entity shorter than `reach` that straddles a seam is therefore
found whole exactly once. The union goes through the engine's overlap resolution
again, so a long finding reaching past a seam and a shorter one after it are
resolved as in a whole-text scan. `check` runs before every window: the scan budget
bounds one slot, not only the gaps between slots.

Detectors that read the whole text (the exam-paper detectors' framing zone and item
count, the student context of a bare `id` key) see one window of `size` characters
at a time in slots longer than `size`; that is the price of a bounded scan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from detectors import Finding
from detectors.engine import resolve

__all__ = ["ChunkPlan", "Window", "windows", "scan_in_chunks"]

#: Lines of a paragraph's head carried in front of a window, and how long each may be
#: (`detectors.structure` takes no header line longer than 200 characters).
_HEAD_LINES = 3
_HEAD_LINE_CHARS = 200


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """`size`: characters per own region (a slot up to this long is scanned whole);
    `reach`: context read past each seam, longer than any entity and any detector's cue window."""

    size: int = 32_768
    reach: int = 2_048

    def __post_init__(self) -> None:
        if self.size < 4 * self.reach or self.reach < 1:
            raise ValueError(f"chunk size {self.size} must be at least four times the reach {self.reach}")


@dataclass(frozen=True, slots=True)
class Window:
    """One piece to scan: `head + text[start:end]`; findings starting in [own_start, own_end) are its own."""

    own_start: int
    own_end: int
    start: int
    end: int
    head: str = ""


def _after_blank_line(text: str, start: int, end: int) -> int:
    """Where the paragraph after the last blank line in text[start:end] begins, or -1 (LF or CRLF)."""
    return max((i + len(sep) for sep in ("\n\n", "\n\r\n") if (i := text.rfind(sep, start, end)) >= 0), default=-1)


def _seams(text: str, plan: ChunkPlan) -> list[int]:
    seams = [0]
    pos = 0
    while len(text) - pos > plan.size:
        target, lowest = pos + plan.size, pos + plan.size // 2
        blank = _after_blank_line(text, lowest, target)
        if blank >= 0:
            cut = blank
        else:
            line = text.rfind("\n", lowest, target)
            cut = line + 1 if line >= 0 else target
        seams.append(cut)
        pos = cut
    seams.append(len(text))
    return seams


def _window_start(text: str, seam: int, reach: int) -> int:
    if seam == 0:
        return 0
    start = max(0, seam - reach)
    line = text.rfind("\n", max(0, start - reach), start)
    return line + 1 if line >= 0 or start - reach <= 0 else start


def _window_end(text: str, seam: int, reach: int) -> int:
    end = min(len(text), seam + reach)
    if end == len(text):
        return end
    line = text.find("\n", end, end + reach)
    return line if line >= 0 else end


def _head(text: str, window_start: int) -> str:
    """The first lines of the paragraph that `window_start` falls in, when they lie before it."""
    if window_start == 0 or text[window_start - 2 : window_start] == "\n\n" \
            or text[window_start - 3 : window_start] == "\n\r\n":
        return ""
    para = max(0, _after_blank_line(text, 0, window_start))
    lines: list[str] = []
    pos = para
    while len(lines) < _HEAD_LINES and pos < window_start:
        eol = text.find("\n", pos, window_start)
        if eol < 0 or eol - pos > _HEAD_LINE_CHARS:
            break
        lines.append(text[pos:eol])
        pos = eol + 1
    return "".join(line + "\n" for line in lines)


def windows(text: str, plan: ChunkPlan = ChunkPlan()) -> tuple[Window, ...]:
    """The windows a slot is scanned in: one (the whole text) when it is at most `plan.size` long."""
    seams = _seams(text, plan)
    out: list[Window] = []
    for own_start, own_end in zip(seams, seams[1:]):
        start = _window_start(text, own_start, plan.reach)
        out.append(Window(own_start, own_end, start, _window_end(text, own_end, plan.reach), _head(text, start)))
    return tuple(out) or (Window(0, 0, 0, 0),)


def scan_in_chunks(
    text: str, scan: Callable[[str], Sequence[Finding]], check: Callable[[], None] = lambda: None,
    plan: ChunkPlan = ChunkPlan(),
) -> tuple[Finding, ...]:
    """The findings of `text`, scanned window by window; `check` (the budget) runs before each
    window and stops the scan by raising."""
    parts = windows(text, plan)
    if len(parts) == 1:
        check()
        return tuple(scan(text))
    found: list[Finding] = []
    for w in parts:
        check()
        shift = w.start - len(w.head)
        for f in scan(w.head + text[w.start : w.end]):
            if f.start < len(w.head):
                continue
            start = f.start + shift
            if w.own_start <= start < w.own_end:
                found.append(replace(f, start=start, end=f.end + shift))
    return resolve(found)
