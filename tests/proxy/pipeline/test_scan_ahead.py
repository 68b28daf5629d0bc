"""An answer is scanned ahead, when it goes back to the client, so the next turn
costs its new prompt only; a text being scanned is not scanned twice at once."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from detectors import Scanner
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.scancache import ScanCache
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings
from tests.proxy.pipeline.test_scancache import HISTORY

CATALOG = load_catalog(__import__("pathlib").Path(__file__).resolve().parents[3] / "config" / "services.yaml")


class SlowCountingScanner:
    def __init__(self, inner: Scanner) -> None:
        self.inner = inner
        self.calls = 0

    def scan(self, text: str) -> Any:
        # Only message-sized texts count: the path and JSON keys are short slots the cache skips.
        if len(text) >= 64:
            self.calls += 1
            time.sleep(0.2)  # long enough for the second caller to arrive while this scan runs
        return self.inner.scan(text)


def test_two_callers_of_the_same_text_share_one_scan(scanner: Scanner) -> None:
    counting = SlowCountingScanner(scanner)
    cache = ScanCache(counting)  # type: ignore[arg-type]
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(cache.findings(HISTORY))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert counting.calls == 1 and len(results) == 2 and results[0] == results[1]


def test_an_answer_scanned_ahead_is_not_scanned_again_in_the_next_turn(scanner: Scanner) -> None:
    counting = SlowCountingScanner(scanner)
    cache = ScanCache(counting)  # type: ignore[arg-type]
    guard = Guard(scanner, PolicySettings(), VaultStore(), scans=cache)
    route = CATALOG.route("api.openai.com", "/v1/chat/completions")
    assert route is not None
    answer = "收到：" + HISTORY
    first = RequestView(request_id="r0", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions", query=(),
                        method="POST", content_type="application/json", accept="",
                        body=json.dumps({"model": "m", "messages": [{"role": "user", "content": HISTORY}]}, ensure_ascii=False).encode())
    out = guard.inspect(first, route)
    assert out.conversation is not None and counting.calls == 1
    guard.scan_ahead(out.conversation, [answer])
    assert counting.calls == 1  # a first turn: its answer is not scanned ahead (it may be a one-off question)
    messages = [{"role": "user", "content": HISTORY}, {"role": "assistant", "content": answer},
                {"role": "user", "content": "谢谢，请再写一份给班主任的说明，内容和上面一样，语气正式一些，字数两百字左右就好。"}]
    body = json.dumps({"model": "m", "messages": messages}, ensure_ascii=False).encode()
    second = guard.inspect(RequestView(request_id="r", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                                       query=(), method="POST", content_type="application/json", accept="", body=body), route)
    assert second.conversation == out.conversation and counting.calls == 2  # the answer (the new prompt is short)
    later_answer = "收到：" + messages[-1]["content"] * 2
    guard.scan_ahead(out.conversation, [later_answer])
    assert counting.calls == 3  # past the first turn: scanned ahead
    messages += [{"role": "assistant", "content": later_answer}, {"role": "user", "content": "好的，谢谢老师！"}]
    body = json.dumps({"model": "m", "messages": messages}, ensure_ascii=False).encode()
    guard.inspect(RequestView(request_id="r2", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                              query=(), method="POST", content_type="application/json", accept="", body=body), route)
    # Every long text came from the cache (short prompts, keys and the path, below the cache's
    # 64-character minimum, are scanned again but not counted here).
    assert counting.calls == 3
