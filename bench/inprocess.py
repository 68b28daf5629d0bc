"""`python -m bench load --in-process`: the proxy's own CPU per request, in one process.

The real addon chain (`PrivacyGuard` under `mitmproxy.test.taddons`, the default
configuration, a SQLite audit in a temporary directory) is driven hook by hook
(`requestheaders`, `request`, `responseheaders`, `response`) with the same
distinct 2 KB prompts as `bench load` and an answer that echoes the rewritten
prompt, as the fake upstream does. No sockets, no TLS, no other process: what
is left is the guard's work (parse, scan, judge, rewrite, audit, restore), so
the figure moves with our code only, even on a shared machine where `bench
load`'s end-to-end figures drift. CPU time is `time.process_time()` (every
thread of this process: the inspecting threads and the answer scanned ahead).
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["run"]

_ROOT = Path(__file__).resolve().parent.parent


def _flow(body: bytes) -> Any:
    from mitmproxy.test import tflow, tutils

    f = tflow.tflow()
    f.request = tutils.treq(
        host="api.openai.com", port=443, scheme=b"https", path=b"/v1/chat/completions", method=b"POST",
        headers=[(b"content-type", b"application/json"), (b"host", b"api.openai.com"), (b"accept", b"*/*"),
                 (b"user-agent", b"bench"), (b"accept-encoding", b"gzip, deflate")],
        content=body,
    )
    f.request.timestamp_end = time.time()
    return f


def _answer(f: Any) -> None:
    """The fake upstream's answer: "收到：" and the last message as the service received it."""
    from mitmproxy import http

    if f.response is not None:
        return
    sent = json.loads(f.request.content)
    text = "收到：" + str(sent["messages"][-1]["content"])
    body = json.dumps({"id": "c", "object": "chat.completion", "model": "m", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}, ensure_ascii=False)
    f.response = http.Response.make(200, body.encode(), {"content-type": "application/json"})


async def _one(addon: Any, doc: dict[str, Any]) -> dict[str, Any]:
    f = _flow(json.dumps(doc, ensure_ascii=False).encode())
    await addon.requestheaders(f)
    await addon.request(f)
    _answer(f)
    addon.responseheaders(f)
    addon.response(f)
    assert f.response is not None and f.response.status_code == 200, "the bench prompt is forwarded"
    return dict(json.loads(f.response.content))


async def _distinct(addon: Any, n: int, salt: int) -> float:
    from bench.load import prompt

    t0 = time.process_time()
    for i in range(n):
        await _one(addon, {"model": "m", "stream": False, "messages": [{"role": "user", "content": prompt(i, salt)}]})
    return (time.process_time() - t0) / n * 1000


async def _conversation(addon: Any, turns: int, salt: int, think: float) -> list[float]:
    from bench.load import prompt

    messages: list[dict[str, str]] = []
    out = []
    for turn in range(turns):
        messages.append({"role": "user", "content": prompt(turn, salt)})
        t0 = time.process_time()
        answer = await _one(addon, {"model": "m", "messages": messages})
        out.append((time.process_time() - t0) * 1000)
        messages.append({"role": "assistant", "content": answer["choices"][0]["message"]["content"]})
        await asyncio.sleep(think)  # the answer is scanned ahead meanwhile (its CPU is not counted in a turn)
    return out


def run(*, requests: int, rounds: int, turns: int, think: float, profile: str | None) -> int:
    from mitmproxy.test import taddons

    from bench.load import prompt
    from proxy.mitm.guard_addon import PrivacyGuard

    with tempfile.TemporaryDirectory(prefix="pg-inproc-") as tmp:
        addon = PrivacyGuard()
        with taddons.context(addon) as tctx:  # type: ignore[no-untyped-call]
            tctx.configure(addon, guard_config=str(_ROOT / "config" / "default.yaml"), guard_data_dir=tmp)
            asyncio.run(_distinct(addon, 20, 999))  # warm-up: the scanner's first texts, the audit file
            per_round = [asyncio.run(_distinct(addon, requests, 100 + r)) for r in range(rounds)]
            rt = addon.runtime
            assert rt is not None
            scanner = rt.guard._scanner
            texts = [prompt(i, 77) for i in range(requests)]
            t0 = time.process_time()
            for text in texts:
                scanner.scan(text)
            scan_ms = (time.process_time() - t0) / requests * 1000
            print(f"python -m bench load --in-process: {requests} distinct 2 KB prompts x {rounds} rounds through "
                  "the addon hooks (no sockets)")
            print(f"  CPU per request: median {statistics.median(per_round):.2f} ms "
                  f"(rounds: {', '.join(f'{x:.2f}' for x in per_round)}); the scan of the prompt alone {scan_ms:.2f} ms")
            if turns:
                conv = [asyncio.run(_conversation(addon, turns, 500 + c, think)) for c in range(2)]
                med = [statistics.median(c[t] for c in conv) for t in range(turns)]
                print(f"  {turns}-turn conversation, CPU per turn (median of 2), ms: "
                      + " ".join(f"{x:.1f}" for x in med))
                print(f"  turn {turns} / turn 1: x{med[-1] / med[0]:.2f}; turn {turns} / turn 3: x{med[-1] / med[2]:.2f} "
                      "(turn 2 also scans the first answer: a one-off question is not scanned ahead)")
            if profile:
                prof = cProfile.Profile(time.process_time)
                prof.enable()
                asyncio.run(_distinct(addon, requests, 900))
                prof.disable()
                prof.dump_stats(profile)
                buf = io.StringIO()
                pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(r"(proxy|detectors)/", 25)
                print(f"\n  cProfile (CPU time, all threads; written to {profile}), our functions by cumulative time:")
                print("\n".join("  " + line for line in buf.getvalue().splitlines() if line.strip()))
    return 0
