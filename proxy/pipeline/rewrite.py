"""Rewrite one text according to per-finding actions: typed labels ([手机号]) or
consistent placeholders (〔学生甲〕) from the conversation's vault."""

from __future__ import annotations

from collections.abc import Sequence

from detectors.base import Finding
from detectors.redaction import label_for
from detectors.entities import canonical_value
from proxy.pipeline.vault import ConversationVault

__all__ = ["rewrite"]

def rewrite(text: str, actions: Sequence[tuple[Finding, str]], vault: ConversationVault | None) -> str:
    """Apply redact/pseudonymize actions; `allow` and `block` leave text alone
    (a block never forwards the text). Overlapping spans: the first (leftmost, longest) wins."""
    chosen: list[tuple[Finding, str]] = []
    for f, action in sorted(actions, key=lambda fa: (fa[0].start, -fa[0].length)):
        if action not in ("redact", "pseudonymize"):
            continue
        if chosen and f.start < chosen[-1][0].end:
            continue
        chosen.append((f, action))
    # Built left to right in one pass: a history of many findings stays linear in its length.
    pieces: list[str] = []
    pos = 0
    # A text repeats its values (a name in every paragraph): one canonical form and one vault
    # question per value. A value's placeholder never changes once minted, and a full vault stays full.
    placeholders: dict[tuple[str, str], str | None] = {}
    for f, action in chosen:
        replacement = None
        if action == "pseudonymize" and vault is not None:
            key = (f.entity, f.text)
            if key in placeholders:
                replacement = placeholders[key]
            else:
                replacement = placeholders[key] = vault.placeholder_for(f.entity, canonical_value(f.entity, f.text))
        if replacement is None:  # redact, or the vault is full
            replacement = label_for(f.entity)
        pieces += (text[pos : f.start], replacement)
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces)
