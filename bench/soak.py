"""`python -m bench soak [--minutes 30]`: mixed hostile and ordinary traffic through a
real proxy (its own process) to a local fake upstream, for a long time; prints the
proxy's memory over time and checks that every answered request has an audit record.

Traffic (per worker, in a loop): chat requests with personal data (pseudonymised),
a secret (blocked), a brotli decompression bomb, 1,000 headers, a JSON body of
25,000 strings (scan budget), a .txt upload, and every ~30 s a costly .docx
(extraction budget). Beside them, `--slow` slowloris connections trickle header
bytes and reconnect when the proxy closes them. Targets (issue 11): RSS growth
after warm-up <= 10 %, no request answered without an audit record, no canary
value at the upstream.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import httpx

from bench.fakeupstream import FakeUpstream, make_ca_and_cert

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
CANARY = "13912345678"


@dataclass
class Counters:
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered: dict[str, int] = field(default_factory=dict)  # kind -> answered requests
    statuses: dict[int, int] = field(default_factory=dict)
    client_errors: int = 0
    slow_closed: int = 0
    leaks: int = 0

    def answer(self, kind: str, status: int) -> None:
        with self.lock:
            self.answered[kind] = self.answered.get(kind, 0) + 1
            self.statuses[status] = self.statuses.get(status, 0) + 1


def _config(tmp: Path, ca: Path) -> Path:
    cfg = tmp / "soak.yaml"
    cfg.write_text(
        f"services_file: {ROOT / 'config' / 'services.yaml'}\n"
        f"data_dir: {tmp / 'data'}\n"
        f"upstream_trust: {ca}\n"
        "reload_interval: 0\n"
        "services:\n"
        "  - {id: fake-ai, name: Fake AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"
        "hardening:\n  request_header_timeout_seconds: 5\n  extraction_cpu_seconds: 2\n  extraction_wall_seconds: 10\n",
        encoding="utf-8")
    return cfg


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(the proxy's RSS, the proxy's plus its extraction workers'), in KiB, from /proc.

    The proxy is `pid` and its direct children: with worker processes (the default,
    one per core) `pid` is the supervisor and its children are the proxy workers.
    Extraction workers are the workers' children (a forkserver pool): in the total only,
    since one killed by its CPU limit is replaced and their RSS comes and goes."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss(p)
        stack.extend(children.get(p, []))
    return rss(pid) + sum(rss(c) for c in children.get(pid, [])), total


def _costly_docx(paragraphs: int = 300_000) -> bytes:
    buf = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                   'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                   'org/wordprocessingml/2006/main"><w:body>' + "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * paragraphs
                   + "</w:body></w:document>")
    return buf.getvalue()


def _chat(text: str) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": text}]}


def _worker(stop: threading.Event, url: str, proxy: str, ca: Path, c: Counters, costly: bytes, index: int) -> None:
    bomb = brotli.compress(json.dumps(_chat("x" * (64 * 1024 * 1024))).encode(), quality=11)
    many = json.dumps({"messages": [{"role": "user", "content": "x"}] * 25_000}).encode()
    flood = {f"x-h{i}": "1" for i in range(1000)}
    last_costly = time.monotonic() - 25 * index
    n = 0
    with httpx.Client(proxy=proxy, verify=str(ca), timeout=60) as client:
        while not stop.is_set():
            n += 1
            kind = ("chat", "chat", "chat", "secret", "bomb", "flood", "many", "upload")[n % 8]
            if time.monotonic() - last_costly > 30:
                kind, last_costly = "costly", time.monotonic()
            try:
                if kind == "chat":
                    r = client.post(f"{url}/v1/chat/completions", json=_chat(f"学生王小明的电话是{CANARY}，请写评语{n}。"))
                elif kind == "secret":
                    r = client.post(f"{url}/v1/chat/completions", json=_chat("我的密码是 password: Hunter2024!x"))
                elif kind == "bomb":
                    r = client.post(f"{url}/v1/chat/completions", content=bomb,
                                    headers={"content-type": "application/json", "content-encoding": "br"})
                elif kind == "flood":
                    r = client.post(f"{url}/v1/chat/completions", json=_chat("你好"), headers=flood)
                elif kind == "many":
                    r = client.post(f"{url}/v1/chat/completions", content=many,
                                    headers={"content-type": "application/json"})
                elif kind == "upload":
                    r = client.post(f"{url}/v1/files", data={"purpose": "assistants"},
                                    files={"file": ("notes.txt", f"电话{CANARY}，谢谢".encode(), "text/plain")})
                else:
                    r = client.post(f"{url}/v1/files", files={"file": ("report.docx", costly, "application/"
                                    "vnd.openxmlformats-officedocument.wordprocessingml.document")})
                c.answer(kind, r.status_code)
            except httpx.HTTPError:
                with c.lock:
                    c.client_errors += 1


def _slowloris(stop: threading.Event, port: int, count: int, c: Counters) -> None:
    socks: list[socket.socket | None] = [None] * count
    while not stop.is_set():
        for i in range(count):
            s = socks[i]
            if s is None:
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=2)
                    s.sendall(b"GET http://example.invalid/ HTTP/1.1\r\nHost: example.invalid\r\n")
                    s.setblocking(False)
                    socks[i] = s
                except OSError:
                    continue
            try:
                s.sendall(b"X")
                if s.recv(1024) == b"":
                    raise ConnectionResetError
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                socks[i] = None
                with c.lock:
                    c.slow_closed += 1
        stop.wait(1.0)
    for s in socks:
        if s is not None:
            s.close()


def _audit_count(data_dir: Path) -> int:
    con = sqlite3.connect(data_dir / "audit.sqlite")
    try:
        return int(con.execute("SELECT count(*) FROM guard_audit_records").fetchone()[0])
    finally:
        con.close()


def figures() -> int:
    """One figure per issue-11 finding, in this process (`--figures`): time and peak memory of each refusal."""
    import asyncio
    import resource

    from mitmproxy.test import taddons, tflow, tutils

    from proxy.mitm.guard_addon import METADATA_KEY, PrivacyGuard

    def peak_mib() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    tmp = Path(tempfile.mkdtemp(prefix="figures-"))
    addon = PrivacyGuard()
    with taddons.context(addon) as tctx:  # type: ignore[no-untyped-call]
        tctx.configure(addon, guard_config=str(ROOT / "config" / "default.yaml"), guard_data_dir=str(tmp))
        cases: list[tuple[str, bytes, list[tuple[bytes, bytes]]]] = [
            ("10,000 tiny headers", json.dumps(_chat("你好")).encode(), [(b"x-h%d" % i, b"1") for i in range(10_000)]),
            ("20,000 tiny headers", json.dumps(_chat("你好")).encode(), [(b"x-h%d" % i, b"1") for i in range(20_000)]),
            ("brotli bomb (64 MiB inside)", brotli.compress(b'{"messages":[{"role":"user","content":"'
                                                            + b"a" * (64 * 1024 * 1024) + b'"}]}', quality=11),
             [(b"content-encoding", b"br")]),
            ("JSON with a million strings", json.dumps({"messages": [{"role": "user", "content": ["a"] * 1_000_000}]}).encode(), []),
            ("30 MB text body", ("电话13912345678 " * 1_100_000).encode()[:30_000_000], [(b"content-type", b"text/plain")]),
            ("costly 100 KB .docx upload", b"", []),
        ]
        print(f"{'case':34} {'answer':>6} {'rule':28} {'seconds':>8} {'peak RSS MiB':>12}")
        for name, body, headers in cases:
            path = b"/v1/chat/completions"
            if name.startswith("costly"):
                boundary = b"B0UNDARY"
                body = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="r.docx"\r\n\r\n'
                        + _costly_docx(1_000_000) + b"\r\n--" + boundary + b"--\r\n")
                headers = [(b"content-type", b"multipart/form-data; boundary=" + boundary)]
                path = b"/v1/files"
            f = tflow.tflow()
            f.request = tutils.treq(host="api.openai.com", port=443, scheme=b"https", path=path, method=b"POST",
                                    headers=[(b"content-type", b"application/json"), *headers], content=b"")
            for k, v in headers:
                f.request.headers[k.decode()] = v.decode()
            f.request.raw_content = body
            t0 = time.perf_counter()

            async def hooks() -> None:
                await addon.requestheaders(f)
                await addon.request(f)

            asyncio.run(hooks())
            took = time.perf_counter() - t0
            decision = f.metadata.get(METADATA_KEY)
            rule = next((r for r in getattr(decision, "rule_ids", ()) if r != "access.open"), "-")
            status = f.response.status_code if f.response is not None else 0
            print(f"{name:34} {status:>6} {rule:28} {took:8.2f} {peak_mib():12.0f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=3,
                    help="client threads looping the traffic mix (the proxy runs its default worker processes)")
    ap.add_argument("--slow", type=int, default=50, help="slowloris connections kept open")
    ap.add_argument("--warmup", type=float, default=0.1, help="fraction of the run before the RSS baseline")
    ap.add_argument("--figures", action="store_true", help="one figure per issue-11 finding instead of the soak")
    args = ap.parse_args(argv)
    if args.figures:
        return figures()

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    ca, cert, key = make_ca_and_cert(tmp)
    upstream = FakeUpstream(cert=cert, key=key)
    up_port = upstream.start()
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from proxy.cli.main import main; sys.exit(main(sys.argv[1:]))", "run", "--config", str(_config(tmp, ca)), "--listen-port", str(port),
         "--help-port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "proxy on" not in line:
        print(f"proxy did not start: {line}{proc.stdout.read()}", file=sys.stderr)
        return 1
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain its output
    data_ca = tmp / "data" / "mitmproxy-ca-cert.pem"
    c = Counters()
    stop = threading.Event()
    costly = _costly_docx()
    threads = [threading.Thread(target=_worker, args=(stop, f"https://localhost:{up_port}", f"http://127.0.0.1:{port}",
                                                       data_ca, c, costly, i), daemon=True)
               for i in range(args.workers)]
    threads.append(threading.Thread(target=_slowloris, args=(stop, port, args.slow, c), daemon=True))
    for t in threads:
        t.start()

    t0 = time.monotonic()
    end = t0 + args.minutes * 60
    samples: list[tuple[float, int, int]] = []
    print(f"soak: {args.minutes} min, {args.workers} client threads, {args.slow} slow clients; proxy pid {proc.pid}")
    while time.monotonic() < end:
        time.sleep(min(10.0, max(0.0, end - time.monotonic())))
        own, tree = _tree_rss_kb(proc.pid)
        samples.append((time.monotonic() - t0, own, tree))
        received, upstream.received[:] = list(upstream.received), []
        c.leaks += sum(1 for r in received if CANARY.encode() in r["body"])
        if len(samples) % 6 == 0:
            print(f"  {samples[-1][0]:6.0f} s  proxy RSS {own / 1024:7.1f} MiB  with workers {tree / 1024:7.1f} MiB  "
                  f"answered {sum(c.answered.values())}", flush=True)
    stop.set()
    for t in threads:
        t.join(90)
    time.sleep(2)
    proc.terminate()
    t_stop = time.monotonic()
    try:
        proc.wait(30)
        shutdown = f"exit {proc.returncode} {time.monotonic() - t_stop:.1f} s after SIGTERM"
        clean = proc.returncode == 0
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        shutdown, clean = "still running 30 s after SIGTERM (killed)", False
    upstream.stop()

    records = _audit_count(tmp / "data")
    answered = sum(c.answered.values())
    base = next(s for s in samples if s[0] >= args.warmup * args.minutes * 60)
    final = samples[-1]
    growth = (final[1] - base[1]) / base[1] * 100
    growth_tree = (final[2] - base[2]) / base[2] * 100
    peak = max(s[1] for s in samples)
    print(f"answered by kind: {dict(sorted(c.answered.items()))}")
    print(f"statuses: {dict(sorted(c.statuses.items()))}; client errors: {c.client_errors}")
    print(f"slow clients closed by the proxy: {c.slow_closed}")
    print(f"RSS after warm-up {base[1] / 1024:.1f} MiB -> end {final[1] / 1024:.1f} MiB: {growth:+.1f} % "
          f"(target <= 10 %); peak {peak / 1024:.1f} MiB; with workers {growth_tree:+.1f} %")
    print(f"audit records {records}, answered requests {answered}, client errors {c.client_errors}: "
          f"{'every answered request recorded' if answered <= records <= answered + c.client_errors else 'MISMATCH'}")
    print(f"canary values at the upstream: {c.leaks}")
    print(f"shutdown: {shutdown}")
    ok = growth <= 10 and answered <= records <= answered + c.client_errors and c.leaks == 0 and clean
    return 0 if ok else 1
