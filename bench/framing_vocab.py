"""The shape of one framing vocabulary (templates, test words, time words, requests)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FramingVocab"]


@dataclass(frozen=True, slots=True)
class FramingVocab:
    templates: tuple[str, ...]  # {item} {exam} {time} {en_exam} {en_time} {n}
    exams: tuple[str, ...]
    times: tuple[str, ...]
    en_exams: tuple[str, ...]
    en_times: tuple[str, ...]
    requests: tuple[str, ...]  # exam talk without an item: must stay clean
    # Items inside study requests that use test words without framing the item as part of
    # an upcoming, ongoing or confidential test (past papers, homework ...): must stay clean.
    # Empty for tune, test and final, whose unframed texts are the bare items only.
    unframed: tuple[str, ...] = ()  # {item} {exam} {time} {en_exam} {en_time} {n}
