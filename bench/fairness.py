"""`python -m bench.fairness [SLOTS]`: does one large request hold up the small ones beside it?

In one process, one thread sends the guard a body of SLOTS messages (default 3,000) of 200
random common characters while another sends small chat prompts one after another until the
large one is done; prints how many small ones were answered meanwhile and their latency. The
inspecting threads take turns for the CPU (`proxy.pipeline.cputurn`): a turn that could not be
paused held every small request until the large one ended.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

from detectors import build_scanner
from proxy.pipeline.guard import Guard, RequestView
from proxy.pipeline.vault import VaultStore
from proxy.policy.catalog import load_catalog
from proxy.policy.settings import PolicySettings

_POOL = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行"
         "学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天")


def _request(body: bytes, n: int) -> RequestView:
    return RequestView(request_id=f"r{n}", client="10.0.0.5", host="api.openai.com", path="/v1/chat/completions",
                       query=(), method="POST", content_type="application/json", accept="", body=body)


def main(argv: list[str]) -> int:
    slots = int(argv[0]) if argv else 3_000
    rng = random.Random(5)

    def large(tag: str) -> bytes:
        return json.dumps({"messages": [{"role": "user", "content": f"{tag}{i}：" + "".join(rng.choices(_POOL, k=200))}
                                        for i in range(slots)]}).encode()

    def small(i: int) -> bytes:
        return json.dumps({"model": "m", "messages": [{"role": "user", "content": f"请把这句话改得更通顺一些{i}。"}]}).encode()

    route = load_catalog(Path(__file__).resolve().parent.parent / "config" / "services.yaml").route(
        "api.openai.com", "/v1/chat/completions")
    assert route is not None
    guard = Guard(build_scanner(), PolicySettings(), VaultStore())
    for i in range(30):
        guard.inspect(_request(small(i), i), route)
    body = large("甲")
    t0 = time.perf_counter()
    guard.inspect(_request(body, 0), route)
    alone = time.perf_counter() - t0

    body = large("乙")
    done = threading.Event()

    def inspect_large() -> None:
        guard.inspect(_request(body, 1), route)
        done.set()

    thread = threading.Thread(target=inspect_large)
    t0 = time.perf_counter()
    thread.start()
    time.sleep(0.05)
    waits: list[float] = []
    n = 100
    while not done.is_set():
        t = time.perf_counter()
        guard.inspect(_request(small(n), n), route)
        waits.append((time.perf_counter() - t) * 1000)
        n += 1
    thread.join()
    beside = time.perf_counter() - t0
    print(f"large request ({slots} slots): {alone:.2f} s alone, {beside:.2f} s with small requests beside it")
    if waits:
        print(f"small requests answered meanwhile: {len(waits)}; latency p50 {statistics.median(waits):.1f} ms, "
              f"max {max(waits):.1f} ms")
    else:
        print("small requests answered meanwhile: 0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
