"""The request pipeline without mitmproxy: parse a request to an AI service,
scan every user-authored string, decide per policy, and rewrite or block.

Theory of operation: the body is split into text slots by content type
(JSON through the format adapter, multipart parts, form fields, plain text),
query-string values are slots too. Every slot is scanned; the policy gives each
finding an action; the strictest action wins. `block` answers in the client's
error format; `redact`/`pseudonymize` rewrite the slots and re-serialise;
anything that cannot be parsed or scanned fails closed (blocked).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from detectors import Finding, Scanner
from detectors.entities import HASHED_ENTITIES
from detectors.errors import ScanError
from proxy.policy.access import AccessControl, AccessSettings, AccessVerdict, LimitSettings
from proxy.pipeline.formats import TextSlot, apply_replacements, get_adapter
from proxy.audit.masking import mask
from proxy.pipeline.blocking import BlockResponse, block_response
from proxy.policy.catalog import Route
from proxy.pipeline.decision import Decision, summarise
from proxy.pipeline.uploads.filetext import extract_text
from proxy.pipeline.uploads.multipart import Part, join_multipart, split_multipart
from proxy.policy.judge import judge
from proxy.policy.principals import Principal
from proxy.pipeline.rewrite import rewrite
from proxy.policy.settings import PolicySettings
from proxy.policy.vocabulary import strictest
from proxy.pipeline.vault import ConversationVault, VaultStore

__all__ = ["RequestView", "Outcome", "Guard"]

_CONVERSATION_FIELDS = ("conversation_id", "conversationId", "chat_id", "chatId", "session_id", "sessionId")


@dataclass(frozen=True, slots=True)
class RequestView:
    request_id: str
    client: str
    host: str
    path: str  # without query
    query: tuple[tuple[str, str], ...]
    method: str
    content_type: str
    accept: str
    body: bytes  # content-encoding already removed


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: Decision
    body: bytes | None = None  # new body, when rewritten
    query: tuple[tuple[str, str], ...] | None = None  # new query, when rewritten
    block: BlockResponse | None = None
    conversation: str | None = None  # vault key, when placeholders were minted
    stream: bool = False


@dataclass
class _Slots:
    """Text slots of one request and how to write them back."""

    texts: list[str] = field(default_factory=list)
    writers: list[Callable[[list[str]], None]] = field(default_factory=list)
    unscanned: list[str] = field(default_factory=list)
    #: Slots holding text extracted from .docx/.xlsx/.pdf uploads, which cannot be rewritten.
    document_slots: list[int] = field(default_factory=list)


class Guard:
    def __init__(
        self, scanner: Scanner, policy: PolicySettings, vaults: VaultStore, *,
        access: AccessControl | None = None, user_hash: Callable[[str], str] | None = None,
        value_hash: Callable[[str, str], str] | None = None, previews: bool = False,
    ) -> None:
        self._scanner = scanner
        self._policy = policy
        self._vaults = vaults
        self._access = access or AccessControl(AccessSettings(), (), LimitSettings())
        self._user_hash = user_hash or (lambda u: hashlib.sha256(u.encode()).hexdigest()[:16])
        self._value_hash = value_hash
        self._previews = previews

    @property
    def access(self) -> AccessControl:
        return self._access

    def inspect(
        self, req: RequestView, route: Route, principal: Principal | None = None, *,
        now: dt.datetime | None = None, count: bool = True,
    ) -> Outcome:
        """Decide one request. `principal` defaults to an anonymous guest;
        `count=False` (explain) does not use up the daily limit."""
        t0 = time.perf_counter()
        who = principal or Principal(role="guest")
        verdict = self._access.check(who, route.service.id, req.host, now=now or dt.datetime.now(),
                                     client=req.client, count=count)
        if not verdict.allowed:
            return self._refused(req, route, who, verdict, t0)
        try:
            if len(req.body) > self._policy.max_body_bytes:
                outcome = self._fail_closed(req, route, t0, f"body of {len(req.body)} bytes exceeds policy.max_body_bytes")
            else:
                outcome = self._inspect(req, route, t0, who)
        except ScanError as exc:
            outcome = self._fail_closed(req, route, t0, f"scan failed: {exc}")
        except (ValueError, UnicodeDecodeError, KeyError, TypeError) as exc:
            outcome = self._fail_closed(req, route, t0, f"request could not be parsed: {type(exc).__name__}")
        decision = replace(
            outcome.decision, principal=self._principal_fields(who),
            rule_ids=(verdict.rule_id, *outcome.decision.rule_ids), extra=outcome.decision.extra + verdict.extra,
        )
        return replace(outcome, decision=decision)

    def _hashes(self, actions: list[tuple[Finding, str]]) -> tuple[tuple[str, str], ...]:
        if self._value_hash is None:
            return ()
        pairs = {(f.entity, self._value_hash(f.entity, f.text)) for f, _ in actions if f.entity in HASHED_ENTITIES}
        return tuple(sorted(pairs))

    def _masked(self, actions: list[tuple[Finding, str]]) -> tuple[tuple[str, str], ...]:
        if not self._previews:
            return ()
        out = {(f.entity, m) for f, _ in actions if (m := mask(f.entity, f.text)) is not None}
        return tuple(sorted(out))

    def _principal_fields(self, p: Principal) -> tuple[tuple[str, str], ...]:
        fields = [("role", p.role), ("source", p.source)]
        fields += [(k, str(v)) for k, v in (("stage", p.stage), ("school", p.school), ("grade", p.grade),
                                             ("class", p.class_name)) if v is not None]
        if p.user:
            fields.append(("user_hash", self._user_hash(p.user)))
        return tuple(fields)

    def _refused(self, req: RequestView, route: Route, who: Principal, verdict: AccessVerdict, t0: float) -> Outcome:
        stream = _wants_stream(req, route)
        block = block_response(route.format, [], stream=stream, wants_html="text/html" in req.accept,
                               rule_message=verdict.message)
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=req.path, format=route.format,
            action="block", rule_ids=(verdict.rule_id,), reason=verdict.message, bytes_in=len(req.body),
            scan_ms=_ms(t0), principal=self._principal_fields(who), extra=verdict.extra,
        )
        return Outcome(decision, block=block, stream=stream)

    # -- parsing -----------------------------------------------------------------

    def _inspect(self, req: RequestView, route: Route, t0: float, who: Principal) -> Outcome:
        ctype = req.content_type.lower()
        doc: Any = None
        stream = False
        new_body: list[bytes | None] = [None]
        slots = _Slots()
        query = list(req.query)
        for i, (_k, v) in enumerate(query):
            slots.texts.append(v)
            slots.writers.append(_query_writer(query, i, len(slots.texts) - 1))
        body = req.body
        if body:
            if "multipart/form-data" in ctype:
                self._multipart_slots(req, slots, new_body)
            elif "application/x-www-form-urlencoded" in ctype:
                pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
                for i, (_k, v) in enumerate(pairs):
                    slots.texts.append(v)
                    slots.writers.append(_pair_writer(pairs, i, len(slots.texts) - 1))
                slots.writers.append(_form_writer(pairs, new_body))
            elif _looks_json(ctype, body):
                doc = json.loads(body.decode("utf-8"))
                stream = isinstance(doc, dict) and doc.get("stream") is True
                json_slots = get_adapter(route.format).extract(doc)
                base = len(slots.texts)
                slots.texts.extend(s.text for s in json_slots)
                slots.writers.append(_json_writer(doc, json_slots, base, new_body))
            else:
                text = _decode_text(body)
                if text is None:
                    slots.unscanned.append(f"body:{ctype or 'unknown'}")
                else:
                    slots.texts.append(text)
                    idx = len(slots.texts) - 1
                    slots.writers.append(_text_writer(idx, new_body))
        stream = stream or route.format == "gemini_generate" and "streamGenerateContent" in req.path
        return self._decide(req, route, t0, slots, doc, stream, new_body, query, who)

    def _multipart_slots(self, req: RequestView, slots: _Slots, new_body: list[bytes | None]) -> None:
        preamble, parts, epilogue = split_multipart(req.content_type, req.body)
        rewritable: list[tuple[int, int]] = []  # (part index, slot index)
        for i, part in enumerate(parts):
            if part.filename is None:
                text = _decode_text(part.body)
                if text is None:
                    slots.unscanned.append("field:binary")
                    continue
                slots.texts.append(text)
                rewritable.append((i, len(slots.texts) - 1))
                continue
            extracted = extract_text(part.filename, part.content_type, part.body)
            if extracted.text is None:
                slots.unscanned.append(f"file:{extracted.kind}")
                continue
            slots.texts.append(extracted.text)
            if extracted.kind == "text":
                rewritable.append((i, len(slots.texts) - 1))
            else:
                # A .docx/.xlsx/.pdf cannot be rewritten faithfully: if it needs
                # redaction the upload is blocked (see _decide).
                slots.document_slots.append(len(slots.texts) - 1)

        def write(texts: list[str]) -> None:
            new_parts: list[Part] = list(parts)
            for i, slot in rewritable:
                new_parts[i] = parts[i].with_body(texts[slot].encode("utf-8"))
            new_body[0] = join_multipart(req.content_type, preamble, new_parts, epilogue)

        slots.writers.append(write)

    # -- deciding ----------------------------------------------------------------

    def _decide(
        self, req: RequestView, route: Route, t0: float, slots: _Slots, doc: Any, stream: bool,
        new_body: list[bytes | None], query: list[tuple[str, str]], who: Principal,
    ) -> Outcome:
        reports = [self._scanner.scan(t) for t in slots.texts]
        per_slot = [judge(r.findings, self._policy, who) for r in reports]
        all_actions = [fa for j in per_slot for fa in j.actions]
        overall = strictest([j.action for j in per_slot])
        rules = sorted({r for j in per_slot if j.action == overall for r in j.rule_ids}) or ["no-findings"]
        reason = ""
        if overall in ("redact", "pseudonymize") and any(
            per_slot[i].action in ("redact", "pseudonymize") for i in slots.document_slots
        ):
            overall, rules, reason = "block", ["upload.document-with-personal-data"], "uploaded document needs redaction"
        if slots.unscanned and self._policy.unscannable_uploads == "block":
            overall, rules, reason = "block", ["upload.unscannable"], "upload cannot be scanned"
        summary = summarise(all_actions)
        base = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=req.path,
            format=route.format, action=overall, rule_ids=tuple(rules), findings=summary,
            unscanned=tuple(slots.unscanned), reason=reason, bytes_in=len(req.body),
            value_hashes=self._hashes(all_actions), previews=self._masked(all_actions),
        )
        if overall == "block":
            entities = [f.entity for f, a in all_actions if a == "block"] or [f.entity for f, _ in all_actions]
            papers = [
                (f.meta("paper") or "", f.meta("embargo_until") or "") for f, a in all_actions
                if a == "block" and f.entity == "EXAM_ITEM" and f.meta("source") == "registered"
            ]
            block = block_response(route.format, entities, stream=stream, wants_html="text/html" in req.accept,
                                   reason=reason, papers=papers)
            return Outcome(replace(base, scan_ms=_ms(t0)), block=block, stream=stream)
        if overall == "allow":
            return Outcome(replace(base, scan_ms=_ms(t0), bytes_out=len(req.body)), stream=stream)
        conversation = self._conversation_key(req, route, doc, slots.texts)
        vault: ConversationVault | None = self._vaults.get(conversation) if overall == "pseudonymize" else None
        new_texts = [rewrite(t, j.actions, vault) for t, j in zip(slots.texts, per_slot)]
        for writer in slots.writers:
            writer(new_texts)
        out_body = new_body[0]
        decision = replace(base, scan_ms=_ms(t0), bytes_out=len(out_body or req.body))
        return Outcome(
            decision, body=out_body, query=tuple(query) if req.query else None,
            conversation=conversation if vault is not None else None, stream=stream,
        )

    def _conversation_key(self, req: RequestView, route: Route, doc: Any, texts: list[str]) -> str:
        """Same client + service + conversation → same vault. The conversation is an
        explicit id when the body has one, else the first text (the first message,
        which every later turn resends)."""
        anchor = ""
        if isinstance(doc, dict):
            anchor = next((str(doc[k]) for k in _CONVERSATION_FIELDS if k in doc), "")
        if not anchor and texts:
            anchor = texts[0]
        raw = "\x00".join((req.client, route.service.id, anchor))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def _fail_closed(self, req: RequestView, route: Route, t0: float, reason: str) -> Outcome:
        block = block_response(route.format, [], stream=False, wants_html="text/html" in req.accept,
                               reason="请求无法被检查")
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=req.path, format=route.format,
            action="block", rule_ids=("fail-closed",), reason=reason, bytes_in=len(req.body), scan_ms=_ms(t0),
        )
        return Outcome(decision, block=block)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)


def _wants_stream(req: RequestView, route: Route) -> bool:
    """Whether the client asked for a stream (so a refusal must be an SSE error event)."""
    if route.format == "gemini_generate" and "streamGenerateContent" in req.path:
        return True
    return b'"stream"' in req.body and re.search(rb'"stream"\s*:\s*true', req.body) is not None


def _looks_json(ctype: str, body: bytes) -> bool:
    if "json" in ctype:
        return True
    head = body.lstrip()[:1]
    return head in (b"{", b"[")


def _decode_text(body: bytes) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Binary that happens to be valid UTF-8 is rare; control characters betray it.
    if sum(1 for c in text[:4096] if ord(c) < 9) > 8:
        return None
    return text


def _query_writer(query: list[tuple[str, str]], i: int, slot: int) -> Callable[[list[str]], None]:
    def write(texts: list[str]) -> None:
        query[i] = (query[i][0], texts[slot])
    return write


def _pair_writer(pairs: list[tuple[str, str]], i: int, slot: int) -> Callable[[list[str]], None]:
    def write(texts: list[str]) -> None:
        pairs[i] = (pairs[i][0], texts[slot])
    return write


def _form_writer(pairs: list[tuple[str, str]], new_body: list[bytes | None]) -> Callable[[list[str]], None]:
    def write(_texts: list[str]) -> None:
        new_body[0] = urllib.parse.urlencode(pairs).encode()
    return write


def _text_writer(slot: int, new_body: list[bytes | None]) -> Callable[[list[str]], None]:
    def write(texts: list[str]) -> None:
        new_body[0] = texts[slot].encode("utf-8")
    return write


def _json_writer(doc: Any, slots: list[TextSlot], base: int, new_body: list[bytes | None]) -> Callable[[list[str]], None]:
    def write(texts: list[str]) -> None:
        replacements = {s.path: texts[base + n] for n, s in enumerate(slots) if texts[base + n] != s.text}
        if replacements:
            new_doc = apply_replacements(doc, replacements)
            new_body[0] = json.dumps(new_doc, ensure_ascii=False).encode("utf-8")
    return write
