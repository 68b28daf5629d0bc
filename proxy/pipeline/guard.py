"""The request pipeline without mitmproxy: parse a request to an AI service,
scan every user-authored string, decide per policy, and rewrite or block.

Theory of operation: the body is split into text slots by content type
(JSON through the format adapter, multipart parts, form fields, plain text),
query-string values are slots too, and so are the names around them (path,
keys, field and file names, user-text headers; see `body`). Every slot is scanned (a long one
window by window, `chunks`, with JSON escapes undone, `escapes`) under the request's scan budget,
whose time is checked before every window; the policy gives each
finding an action; the strictest action wins. `block` answers in the client's
error format; `redact`/`pseudonymize` rewrite the slots and re-serialise;
anything that cannot be parsed or scanned fails closed (blocked); an upload
the proxy cannot read follows `policy.unscannable_uploads` (default: block).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from types import MappingProxyType

from detectors import Finding, Scanner
from detectors.errors import ScanError
from detectors.masking import mask
from proxy.pipeline.blocking import BlockResponse, block_response
from proxy.pipeline.chunks import ChunkPlan, scan_in_chunks
from proxy.pipeline.cputurn import pause, turn
from proxy.pipeline.body import FixedPlace, ParsedRequest, Unscanned, parse_request, wants_stream
from proxy.pipeline.decision import Decision
from proxy.pipeline.escapes import unescaped
from proxy.pipeline.instructions import add_instruction
from proxy.pipeline.judged import hashed_values, judge_text, summarise_texts
from proxy.pipeline.request import Outcome, RequestView
from proxy.pipeline.rewrite import rewrite
from proxy.pipeline.scancache import ScanCache, Scanned
from proxy.pipeline.uploads.charset import decode_text
from proxy.pipeline.uploads import sandbox
from proxy.pipeline.uploads.sandbox import BudgetExceeded, ExtractionLimits, ScanBudget
from proxy.pipeline.vault import ConversationVault, VaultStore
from proxy.policy.access import AccessControl, AccessSettings, AccessVerdict, LimitSettings
from proxy.policy.catalog import Route
from proxy.policy.principals import Principal
from proxy.policy.settings import PolicySettings
from proxy.policy.vocabulary import Action, strictest

__all__ = ["RequestView", "Outcome", "Guard"]

_CONVERSATION_FIELDS = ("conversation_id", "conversationId", "chat_id", "chatId", "session_id", "sessionId")


class Guard:
    def __init__(
        self, scanner: Scanner, policy: PolicySettings, vaults: VaultStore, *,
        access: AccessControl | None = None, user_hash: Callable[[str], str] | None = None,
        value_hash: Callable[[str, str], str] | None = None, previews: bool = False,
        session_data_action: Action = "block",
        budget: ScanBudget | None = None, extraction: ExtractionLimits | None = None,
        scans: ScanCache | None = None, chunks: ChunkPlan = ChunkPlan(),
    ) -> None:
        self._scanner = scanner
        self._scans = scans if scans is not None else ScanCache(scanner)
        #: Conversations past their first turn (bounded): their answers are scanned ahead.
        self._with_history: OrderedDict[str, None] = OrderedDict()
        self._history_lock = threading.Lock()
        self._policy = policy
        # Inside a supervised class session: personal data blocked, not pseudonymised.
        self._session_policy = policy.for_session(session_data_action)
        self._vaults = vaults
        self._access = access or AccessControl(AccessSettings(), (), LimitSettings())
        self._user_hash = user_hash or (lambda u: hashlib.sha256(u.encode()).hexdigest()[:16])
        self._value_hash = value_hash
        self._previews = previews
        #: What a judgement derived from a cached scan depends on besides the text: the policy in force.
        self._policy_tokens = (object(), object())  # (the policy, the class-session policy)
        self._budget = budget or ScanBudget()
        self._chunks = chunks
        if extraction is not None:
            sandbox.configure(extraction)

    @property
    def access(self) -> AccessControl:
        return self._access

    def wants_scan_ahead(self, conversation: str) -> bool:
        """Whether `scan_ahead` would scan for this conversation (it is past its first turn)."""
        with self._history_lock:
            return conversation in self._with_history

    def scan_ahead(self, conversation: str, texts: Sequence[str]) -> None:
        """Scan texts the next request will resend (an answer, as restored for the client)
        while the person reads it, so that turn costs its new prompt only. Only for
        conversations past their first turn: a one-off question is not scanned twice.
        Results go to the scan cache only."""
        with self._history_lock:
            if conversation not in self._with_history:
                return
        for text in texts:
            with turn():  # one text at a time: a request arriving meanwhile waits for one scan at most
                self._findings(text)

    def _remember_history(self, conversation: str, parsed: ParsedRequest) -> None:
        if parsed.content_count < 2:
            return
        with self._history_lock:
            self._with_history[conversation] = None
            self._with_history.move_to_end(conversation)
            while len(self._with_history) > 10_000:
                self._with_history.popitem(last=False)

    def inspect(
        self, req: RequestView, route: Route, principal: Principal | None = None, *,
        now: dt.datetime | None = None, count: bool = True,
    ) -> Outcome:
        """Decide one request. `principal` defaults to an anonymous guest;
        `count=False` (explain) does not use up the daily limit. Threads take turns (`cputurn`)."""
        with turn():
            return self._inspect_in_turn(req, route, principal, now=now, count=count)

    def _inspect_in_turn(self, req: RequestView, route: Route, principal: Principal | None, *,
                         now: dt.datetime | None, count: bool) -> Outcome:
        t0 = time.perf_counter()
        who = principal or Principal(role="guest")
        verdict = self._access.check(who, route.service.id, req.host, now=now or dt.datetime.now(),
                                     client=req.client, count=count)
        if not verdict.allowed:
            return self._refused(req, route, who, verdict, t0)
        policy = self._session_policy if verdict.session is not None else self._policy
        try:
            if len(req.body) > self._policy.max_body_bytes:
                outcome = self._fail_closed(req, route, t0, f"body of {len(req.body)} bytes exceeds policy.max_body_bytes")
            elif not verdict.inspect:
                outcome = self._unscanned(req, route, t0)
            else:
                outcome = with_homework_instruction(self._inspect(req, route, t0, who, policy), req, route, who, policy)
        except BudgetExceeded as exc:  # over budget is blocked, never forwarded unscanned
            outcome = self._fail_closed(req, route, t0, exc.reason, rule=exc.rule)
        except ScanError as exc:
            outcome = self._fail_closed(req, route, t0, f"scan failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - anything else (a hostile body, a bug) fails closed too
            outcome = self._fail_closed(req, route, t0, f"request could not be parsed: {type(exc).__name__}")
        decision = replace(
            outcome.decision, principal=self._principal_fields(who),
            rule_ids=(verdict.rule_id, *outcome.decision.rule_ids), extra=outcome.decision.extra + verdict.extra,
        )
        return replace(outcome, decision=decision)

    def _hashes(self, values: frozenset[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        if self._value_hash is None:
            return ()
        # A conversation resends its history: the same values recur in every turn, hash each once.
        return tuple(sorted({(entity, self._value_hash(entity, text)) for entity, text in values}))

    def _masked(self, actions: Sequence[tuple[Finding, Action]]) -> tuple[tuple[str, str], ...]:
        if not self._previews:
            return ()
        out = {(f.entity, m) for f, _ in actions if (m := mask(f.entity, f.text)) is not None}
        return tuple(sorted(out))

    def _principal_fields(self, p: Principal) -> tuple[tuple[str, str], ...]:
        fields: list[tuple[str, str]] = [("role", p.role), ("source", p.source)]
        fields += [(k, str(v)) for k, v in (("stage", p.stage), ("school", p.school), ("grade", p.grade),
                                             ("class", p.class_name)) if v is not None]
        if p.user:
            fields.append(("user_hash", self._user_hash(p.user)))
        return tuple(fields)

    def _refused(self, req: RequestView, route: Route, who: Principal, verdict: AccessVerdict, t0: float) -> Outcome:
        stream = wants_stream(req, route)
        block = block_response(route.format, [], stream=stream, wants_html="text/html" in req.accept,
                               rule_message=verdict.message)
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=self.masked_path(req.path),
            format=route.format, action="block", rule_ids=(verdict.rule_id,), reason=verdict.message, bytes_in=len(req.body),
            scan_ms=_ms(t0), principal=self._principal_fields(who), extra=verdict.extra,
        )
        return Outcome(decision, block=block, stream=stream)

    # -- deciding ----------------------------------------------------------------

    def _unscanned(self, req: RequestView, route: Route, t0: float) -> Outcome:
        """Forwarded as it is (an AI host outside the catalog set to `allow`), and audited."""
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=req.path, format=route.format,
            action="allow", rule_ids=("unscanned",), bytes_in=len(req.body), bytes_out=len(req.body), scan_ms=_ms(t0),
        )
        return Outcome(decision)

    def _inspect(self, req: RequestView, route: Route, t0: float, who: Principal, policy: PolicySettings) -> Outcome:
        over_time = self._budget.timer()

        def check_time() -> None:
            """Before every slot and window: over the scan budget raises; a long request lets
            the requests waiting for the turn go first now and then (`cputurn.pause`)."""
            over_time()
            pause()

        self._budget.check_raw(req.body, req.content_type)
        parsed = parse_request(req, route)
        self._budget.check_size(parsed.texts)
        # The time is checked before every slot and every window of a long slot (`chunks`).
        scanned = [self._scanned(text, check_time) for text in parsed.texts]
        findings = [s.findings for s in scanned]
        # A resent message is judged once per policy and principal (see `judged`).
        token = (self._policy_tokens[policy is self._session_policy], who)
        judged = [s.derive(token, partial(judge_text, s.findings, policy, who)) for s in scanned]
        per_slot = [j.judgement for j in judged]
        all_actions = [fa for j in per_slot for fa in j.actions]
        overall = strictest([j.action for j in per_slot])
        rules = sorted({r for j in per_slot if j.action == overall for r in j.rule_ids}) or ["no-findings"]
        reason = ""
        if overall in ("redact", "pseudonymize"):
            # Names, keys and documents cannot carry a typed label faithfully: redaction there is a block.
            places = sorted({place for i, place in parsed.fixed if per_slot[i].action in ("redact", "pseudonymize")})
            if places:
                overall, rules = "block", [_FIXED_RULES[p][0] for p in places]
                reason = "; ".join(_FIXED_RULES[p][1] for p in places)
        if _blocks_unscannable(parsed.unscanned, policy.unscannable_uploads):
            overall, rules, reason = "block", ["upload.unscannable"], "upload cannot be scanned"
        path = req.path
        if parsed.path is not None and findings[parsed.path.slot]:
            path = rewrite(parsed.texts[parsed.path.slot], [(f, "redact") for f in findings[parsed.path.slot]], None)
        elif any(u.place == "path" for u in parsed.unscanned):
            path = _UNREADABLE_PATH
        base = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=path,
            format=route.format, action=overall, rule_ids=tuple(rules), findings=summarise_texts(judged),
            unscanned=tuple(u.label for u in parsed.unscanned), reason=reason, bytes_in=len(req.body),
            value_hashes=self._hashes(hashed_values(judged)), previews=self._masked(all_actions),
        )
        if overall == "block":
            entities = [f.entity for f, a in all_actions if a == "block"] or [f.entity for f, _ in all_actions]
            papers = [
                (f.meta("paper") or "", f.meta("embargo_until") or "") for f, a in all_actions
                if a == "block" and f.entity == "EXAM_ITEM" and f.meta("source") == "registered"
            ]
            block = block_response(route.format, entities, stream=parsed.stream, wants_html="text/html" in req.accept,
                                   reason=_UNSCANNABLE_MESSAGE if rules == ["upload.unscannable"] else reason,
                                   papers=papers)
            return Outcome(replace(base, scan_ms=_ms(t0)), block=block, stream=parsed.stream)
        if overall == "allow":
            return Outcome(replace(base, scan_ms=_ms(t0), bytes_out=len(req.body)), stream=parsed.stream)
        conversation = self._conversation_key(req, route, parsed, who)
        self._remember_history(conversation, parsed)
        vault: ConversationVault | None = self._vaults.get(conversation) if overall == "pseudonymize" else None
        if vault is not None and vault.lasting:
            # Placeholders never change while the vault lives: a resent message is rewritten once.
            # Named by its serial, not held: a forgotten vault's values must not outlive it here.
            new_texts = [s.derive((token, vault.serial), partial(rewrite, t, j.actions, vault))
                         for s, t, j in zip(scanned, parsed.texts, per_slot)]
        else:
            new_texts = [rewrite(t, j.actions, vault) for t, j in zip(parsed.texts, per_slot)]
        try:
            out = parsed.render(new_texts)
        except UnicodeEncodeError:
            # Placeholders and labels are simplified Chinese (〔手机号甲〕); Big5 cannot hold every one
            # of them. Writing the body in another charset than it declares would garble it: block.
            reason = "the rewritten text cannot be written in the body's charset"
            block = block_response(route.format, [f.entity for f, _ in all_actions], stream=parsed.stream,
                                   wants_html="text/html" in req.accept, reason=reason)
            decision = replace(base, action="block", rule_ids=("rewrite.charset",), reason=reason, scan_ms=_ms(t0))
            return Outcome(decision, block=block, stream=parsed.stream)
        decision = replace(base, scan_ms=_ms(t0), bytes_out=len(out.body or req.body))
        return Outcome(
            decision, body=out.body, query=out.query, path=out.path, drop_headers=out.drop_headers,
            conversation=conversation if vault is not None else None, stream=parsed.stream,
        )

    def _findings(self, text: str, check_time: Callable[[], None] = lambda: None) -> Sequence[Finding]:
        """Through the scan cache, window by window when the slot is long (cached per window, so
        a resent document costs nothing the second time); JSON escapes in the text are undone
        for the scan and the findings mapped back (`escapes`)."""
        view = unescaped(text)
        if view is None:
            return scan_in_chunks(text, self._scans.findings, check_time, self._chunks)
        return view.to_original(scan_in_chunks(view.text, self._scans.findings, check_time, self._chunks))

    def _scanned(self, text: str, check_time: Callable[[], None]) -> Scanned:
        """`_findings` with what is derived from them kept beside: a plain slot scanned whole is the
        cache's own entry (its judgement and rewrite are remembered across turns); an escaped or
        windowed slot gets a fresh one (its windows are cached, the derived results are not)."""
        if len(text) <= self._chunks.size and unescaped(text) is None:
            check_time()
            return self._scans.lookup(text)
        return Scanned(b"", tuple(self._findings(text, check_time)))

    def masked_path(self, path: str) -> str:
        """`path` for a record: every finding replaced by its typed label (/api/users/[身份证号]/chat).
        Never raises: a path that cannot be decoded or scanned is not recorded at all."""
        try:
            decoded = decode_text(urllib.parse.unquote_to_bytes(path.split("?", 1)[0]))
            if decoded is None:
                return _UNREADABLE_PATH
            found = self._findings(decoded.text)
            if not found:
                return path.split("?", 1)[0]
            return rewrite(decoded.text, [(f, "redact") for f in found], None)
        except Exception:  # noqa: BLE001 - a record without the path beats a record with a raw value
            return _UNREADABLE_PATH

    def refuse(self, req: RequestView, route: Route, principal: Principal, *, rule: str, reason: str,
               message: str) -> Outcome:
        """A block decided at the edge (e.g. an undecodable Content-Encoding), recorded like the guard's
        own: with the principal and the masked path. `reason` must not hold request values."""
        block = block_response(route.format, [], stream=False, wants_html="text/html" in req.accept, reason=message)
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=self.masked_path(req.path),
            format=route.format, action="block", rule_ids=(rule,), reason=reason, bytes_in=len(req.body),
            principal=self._principal_fields(principal),
        )
        return Outcome(decision, block=block)

    def _conversation_key(self, req: RequestView, route: Route, parsed: ParsedRequest, who: Principal) -> str:
        """Same client + user + service + conversation → same vault. The conversation is an
        explicit id when the body has one, else the first text (the first message,
        which every later turn resends). The user counts too: people behind one address (a
        shared computer, a NAT) whose apps open with the same system prompt must not share a
        vault, or one of them types 〔学生甲〕 and reads the other's pupil in the answer."""
        anchor = ""
        doc = parsed.doc
        if isinstance(doc, dict):
            anchor = next((str(doc[k]) for k in _CONVERSATION_FIELDS if k in doc), "")
        if not anchor and parsed.texts:
            anchor = parsed.texts[0]
        raw = json.dumps([req.client, who.user or "", route.service.id, anchor], ensure_ascii=False)  # unambiguous
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _fail_closed(self, req: RequestView, route: Route, t0: float, reason: str, *,
                     rule: str = "fail-closed") -> Outcome:
        block = block_response(route.format, [], stream=False, wants_html="text/html" in req.accept,
                               reason="请求无法被检查")
        decision = Decision(
            request_id=req.request_id, service=route.service.id, host=req.host, path=self.masked_path(req.path),
            format=route.format, action="block", rule_ids=(rule,), reason=reason, bytes_in=len(req.body), scan_ms=_ms(t0),
        )
        return Outcome(decision, block=block)


#: Rule id and reason when a slot that cannot be rewritten needs redaction (see `body.FixedPlace`).
_FIXED_RULES: Mapping[FixedPlace, tuple[str, str]] = MappingProxyType({
    "document": ("upload.document-with-personal-data", "uploaded document needs redaction"),
    "file-name": ("upload.file-name-with-personal-data", "a file name holds personal data"),
    "field-name": ("request.field-name-with-personal-data", "a form field name holds personal data"),
    "json-key": ("request.json-key-with-personal-data", "a JSON key holds personal data"),
    "unread-text": ("request.unread-text-with-personal-data", "text outside the fields the proxy rewrites holds personal data"),
    "query-key": ("request.query-key-with-personal-data", "a query parameter name holds personal data"),
    "form-key": ("request.form-key-with-personal-data", "a form field name holds personal data"),
})

_UNREADABLE_PATH = "[path not recorded: unreadable]"
#: What the client reads when an upload or part cannot be scanned (the record keeps its English reason).
_UNSCANNABLE_MESSAGE = "含有无法检查的文件或内容（图片、压缩包、加密或损坏的文档、无法识别的编码）"


def _blocks_unscannable(unscanned: Sequence[Unscanned], policy: str) -> bool:
    """`block`: anything unread blocks; `allow_images`: only images pass; `allow`: everything passes."""
    if not unscanned or policy == "allow":
        return False
    if policy == "allow_images":
        return any(u.kind != "image" for u in unscanned)
    return True


def with_homework_instruction(
    outcome: Outcome, req: RequestView, route: Route, who: Principal, policy: PolicySettings,
) -> Outcome:
    """Homework mode: a student's forwarded request gets the step-by-step system
    instruction in its own format; the decision records whether it was applied."""
    hw = policy.homework
    if outcome.block is not None or who.role != "student" or who.stage not in hw.instruction_stages:
        return outcome
    new = add_instruction(route.format, outcome.body if outcome.body is not None else req.body, hw.instruction)
    d = outcome.decision
    if new is None:
        return replace(outcome, decision=replace(d, extra=d.extra + (("homework_instruction", "not-applicable"),)))
    decision = replace(d, rule_ids=(*d.rule_ids, "homework.instruction"), bytes_out=len(new),
                       extra=d.extra + (("homework_instruction", "applied"),))
    return replace(outcome, decision=decision, body=new)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)
