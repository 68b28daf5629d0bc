"""`python -m bench latency`: added latency per request through the proxy
versus direct, for a 2 KB Chinese prompt, against a local fake upstream (HTTPS).

Only 127.0.0.1 is contacted; loops are bounded by --requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.fakeupstream import FakeUpstream, make_ca_and_cert
from proxy.mitm.server import BackgroundProxy, RunOptions

__all__ = ["main", "PROMPT_2KB"]

_PARAGRAPH = (
    "王老师您好，我是三年级二班刘一鸣的家长。孩子这学期数学进步很大，但语文阅读理解还比较薄弱，"
    "老师布置的古诗文背诵他常常记不住。请帮我制定一个每天二十分钟的阅读计划，包括李白和杜甫的几首诗，"
    "以及适合九岁孩子的课外书推荐。我的电话是13912345678，周末都可以联系。"
)
PROMPT_2KB = (_PARAGRAPH * 30)[:2048]
_CLEAN = ("请帮我制定一个每天二十分钟的阅读计划，包括李白和杜甫的几首诗，以及适合九岁孩子的课外书推荐。" * 50)[:2048]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _measure(client: httpx.Client, url: str, prompt: str, n: int) -> list[float]:
    body = {"model": "m", "messages": [{"role": "user", "content": prompt}]}
    times: list[float] = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.post(url, json=body)
        r.raise_for_status()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench latency", description=__doc__)
    ap.add_argument("--requests", type=int, default=200, help="requests per series (default 200)")
    args = ap.parse_args(argv)
    if args.requests < 10:
        ap.error("--requests must be at least 10")
    tmp = Path(tempfile.mkdtemp(prefix="pg-latency-"))
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    port = upstream.start()
    root = Path(__file__).resolve().parent.parent / "config"
    cfg = tmp / "guard.yaml"
    cfg.write_text(
        f"services_file: {root / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n"
        "services:\n  - {id: bench-ai, name: Bench AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n",
        encoding="utf-8",
    )
    proxy = BackgroundProxy(RunOptions(config=cfg, listen_port=0, help_port=0, upstream_trust=ca))
    server = proxy.__enter__()
    url = f"https://localhost:{port}/v1/chat/completions"
    proxy_ca = server.runtime.data_dir / "mitmproxy-ca-cert.pem"
    results: dict[str, dict[str, float]] = {}
    try:
        with httpx.Client(verify=str(ca), timeout=30) as direct, httpx.Client(
            proxy=f"http://127.0.0.1:{server.port}", verify=str(proxy_ca), timeout=30
        ) as proxied:
            for name, prompt in (("2KB prompt with personal data", PROMPT_2KB), ("2KB clean prompt", _CLEAN)):
                _measure(direct, url, prompt, 5)
                _measure(proxied, url, prompt, 5)  # warm-up: TLS, connection, scanner caches
                d = _measure(direct, url, prompt, args.requests)
                p = _measure(proxied, url, prompt, args.requests)
                results[name] = {
                    "direct_median_ms": statistics.median(d), "proxy_median_ms": statistics.median(p),
                    "added_median_ms": statistics.median(p) - statistics.median(d),
                    "direct_p95_ms": _percentile(d, 95), "proxy_p95_ms": _percentile(p, 95),
                    "added_p95_ms": _percentile(p, 95) - _percentile(d, 95),
                }
        sent = json.loads(upstream.received[-1]["body"])["messages"][0]["content"]
    finally:
        proxy.__exit__(None, None, None)
        upstream.stop()
    print(f"python -m bench latency: {args.requests} sequential requests per series, keep-alive, HTTPS, 127.0.0.1")
    print(f"  prompt: {len(PROMPT_2KB)} characters ({len(PROMPT_2KB.encode())} bytes UTF-8)")
    print(f"  {'series':<32} {'direct p50':>10} {'proxy p50':>10} {'added p50':>10} {'direct p95':>10} {'proxy p95':>10} {'added p95':>10}")
    for name, r in results.items():
        print(f"  {name:<32} {r['direct_median_ms']:>9.2f}ms {r['proxy_median_ms']:>9.2f}ms {r['added_median_ms']:>9.2f}ms "
              f"{r['direct_p95_ms']:>9.2f}ms {r['proxy_p95_ms']:>9.2f}ms {r['added_p95_ms']:>9.2f}ms")
    print(f"  check: upstream received placeholders, not the phone number: {'13912345678' not in sent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
