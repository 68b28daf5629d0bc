"""`python -m bench load`: the proxy under concurrent load, side by side in one run
with plain mitmproxy (the same version, no addon: the floor of this design on
this machine) and with going direct, all against the local fake upstream.

Every process is its own: the fake upstream, the proxy (`privacy-guard run`,
optionally `--workers N`), plain `mitmdump` and the client processes, so the
proxy's CPU time and peak RSS are read from /proc for its processes alone.
Every request carries a distinct 2 KB prompt with personal data, so no cache
flatters a figure. Phases per target: sequential buffered requests (added
latency), sequential streamed requests (time to first byte), N keep-alive
clients for T seconds (req/s, CPU-seconds per request); `--conversation K`
adds K-turn conversations (added latency at turn K versus turn 1).

Only 127.0.0.1 is contacted; every loop is bounded by a deadline.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import itertools
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["main"]

_PARAGRAPH = (
    "王老师您好，我是三年级二班刘一鸣的家长。孩子这学期数学进步很大，但语文阅读理解还比较薄弱，"
    "老师布置的古诗文背诵他常常记不住。请帮我制定一个每天二十分钟的阅读计划，包括李白和杜甫的几首诗，"
    "以及适合九岁孩子的课外书推荐。我的电话是13912345678，周末都可以联系。"
)
_ROOT = Path(__file__).resolve().parent.parent


def prompt(n: int, salt: int) -> str:
    """A distinct ~2 KB prompt with personal data (a name, a phone number) per request."""
    phone = f"139{(n * 7919 + salt) % 100_000_000:08d}"
    head = f"（第{salt}-{n}号）"
    return (head + (_PARAGRAPH * 30).replace("13912345678", phone))[:2048]


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- processes -----------------------------------------------------------------


def _serve_upstream(cert: str, key: str, port_queue: Any) -> None:
    """Child process: the fake upstream, streaming one chunk per event as AI services do;
    forgets what it received (bounded memory)."""
    from bench.fakeupstream import FakeUpstream

    upstream = FakeUpstream(cert=Path(cert), key=Path(key), stream_chunk=0)  # one chunk per event
    port_queue.put(upstream.start())
    while True:
        time.sleep(0.5)
        upstream.received.clear()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _cpu_seconds(*roots: int) -> float:
    """utime + stime of the `roots` and every living descendant (workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in {d for root in roots for d in _descendants(root)}:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / tick


def _peak_rss_mb(*roots: int) -> tuple[float, float]:
    """(largest VmHWM of one process, sum of VmHWM) over the `roots` and their descendants, in MB."""
    peaks = []
    for p in {d for root in roots for d in _descendants(root)}:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return (max(peaks) if peaks else float("nan"), sum(peaks))


@dataclass
class Target:
    """One way to reach the upstream: direct, plain mitmproxy or this proxy."""

    name: str
    proxy_url: str | None = None
    ca: str | None = None
    proc: subprocess.Popen[bytes] | None = None
    #: More processes of this target (further nodes, HAProxy): counted in its CPU time and RSS.
    others: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    @property
    def pids(self) -> list[int]:
        return ([self.proc.pid] if self.proc is not None else []) + [p.pid for p in self.others]


def _wait_ready(port: int, ca: Path, proc: subprocess.Popen[bytes], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before it listened")
        if ca.exists():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen within {timeout:.0f} s")


def _start_plain(tmp: Path, upstream_ca: Path) -> Target:
    confdir = tmp / "plain"
    confdir.mkdir()
    port = _free_port()
    mitmdump = shutil.which("mitmdump", path=str(Path(sys.executable).parent)) or "mitmdump"
    proc = subprocess.Popen(
        [mitmdump, "-q", "--listen-host", "127.0.0.1", "-p", str(port), "--set", f"confdir={confdir}",
         "--set", f"ssl_verify_upstream_trusted_ca={upstream_ca}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    ca = confdir / "mitmproxy-ca-cert.pem"
    _wait_ready(port, ca, proc, "mitmdump")
    return Target("plain mitmproxy", f"http://127.0.0.1:{port}", str(ca), proc)


def _guard_config(tmp: Path, extra_yaml: str) -> Path:
    cfg = tmp / "guard.yaml"
    cfg.write_text(
        f"services_file: {_ROOT / 'config' / 'services.yaml'}\ndata_dir: {tmp / 'data'}\n"
        "services:\n  - {id: bench-ai, name: Bench AI, hosts: [localhost], endpoints: [{path: '*/chat/completions', format: openai_chat}]}\n"
        + extra_yaml,
        encoding="utf-8",
    )
    return cfg


def _spawn_guard(tmp: Path, cfg: Path, upstream_ca: Path, workers: int | None, port: int, log_name: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "proxy", "run", "--config", str(cfg), "--listen-host", "127.0.0.1",
           "--listen-port", str(port), "--help-port", "0", "--upstream-trust", str(upstream_ca)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    log = open(tmp / log_name, "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    _wait_ready(port, tmp / "data" / "mitmproxy-ca-cert.pem", proc, "privacy-guard run")
    return proc


def _start_guard(tmp: Path, upstream_ca: Path, workers: int | None, extra_yaml: str) -> Target:
    cfg = _guard_config(tmp, extra_yaml)
    port = _free_port()
    proc = _spawn_guard(tmp, cfg, upstream_ca, workers, port, "guard.log")
    return Target("this proxy" + (f" ({workers} workers)" if workers and workers > 1 else ""),
                  f"http://127.0.0.1:{port}", str(tmp / "data" / "mitmproxy-ca-cert.pem"), proc)


def _start_nodes(tmp: Path, upstream_ca: Path, nodes: int, workers: int | None, extra_yaml: str) -> Target:
    """`nodes` proxy nodes (one data directory, Redis on 127.0.0.1:6379 for the shared
    state, each its own audit chain) behind HAProxy with config/examples/haproxy.cfg."""
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if haproxy is None:
        raise SystemExit("--nodes needs HAProxy (apt-get install haproxy)")
    prefix = f"pg-bench-{os.getpid()}"
    procs: list[subprocess.Popen[bytes]] = []
    ports: list[int] = []
    try:
        _start_node_processes(tmp, upstream_ca, nodes, workers, extra_yaml, prefix, procs, ports)
    except BaseException:
        for proc in procs:  # no node left running when another fails to start
            proc.terminate()
            proc.wait(30)
        raise
    return _behind_haproxy(tmp, haproxy, nodes, workers, procs, ports)


def _start_node_processes(tmp: Path, upstream_ca: Path, nodes: int, workers: int | None, extra_yaml: str, prefix: str,
                          procs: list[subprocess.Popen[bytes]], ports: list[int]) -> None:
    for i in range(nodes):
        cfg = _guard_config(tmp, extra_yaml + f"audit: {{node_id: bench-node{i}, path: audit-node{i}.sqlite}}\n"
                            f"cluster: {{redis_url: 'redis://127.0.0.1:6379/0', redis_prefix: {prefix}}}\n")
        node_cfg = cfg.rename(tmp / f"node{i}.yaml")
        ports.append(_free_port())
        procs.append(_spawn_guard(tmp, node_cfg, upstream_ca, workers, ports[-1], f"node{i}.log"))


def _behind_haproxy(tmp: Path, haproxy: str, nodes: int, workers: int | None, procs: list[subprocess.Popen[bytes]],
                    ports: list[int]) -> Target:
    shipped = (_ROOT / "config" / "examples" / "haproxy.cfg").read_text(encoding="utf-8")
    front = _free_port()
    head, _, _ = shipped.partition("# The help page")
    head = head.replace("0.0.0.0:8080", f"127.0.0.1:{front}")
    head = re.sub(r"    server node\d .*\n", "", head)
    head += "".join(f"    server node{i} 127.0.0.1:{p}\n" for i, p in enumerate(ports))
    (tmp / "haproxy.cfg").write_text(head, encoding="utf-8")
    procs.append(subprocess.Popen([haproxy, "-db", "-f", str(tmp / "haproxy.cfg")], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    time.sleep(2.5)  # first health checks
    return Target(f"this proxy ({nodes} nodes" + (f" x {workers} workers)" if workers else ")"),
                  f"http://127.0.0.1:{front}", str(tmp / "data" / "mitmproxy-ca-cert.pem"), procs[0], procs[1:])


def _stop(target: Target) -> None:
    for other in target.others:
        if other.poll() is None:
            other.terminate()
            other.wait(30)
    if target.proc is None or target.proc.poll() is not None:
        return
    try:
        os.killpg(target.proc.pid, signal.SIGTERM) if target.name.startswith("this") else target.proc.terminate()
    except ProcessLookupError:
        return
    try:
        target.proc.wait(20)
    except subprocess.TimeoutExpired:
        target.proc.kill()
        target.proc.wait(5)


# -- clients (run in their own processes) -----------------------------------------


@dataclass
class Load:
    latencies_ms: list[float] = field(default_factory=list)
    ttfb_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    sent_bytes: list[int] = field(default_factory=list)

    def merge(self, other: Load) -> None:
        self.latencies_ms += other.latencies_ms
        self.ttfb_ms += other.ttfb_ms
        self.errors.update(other.errors)
        self.sent_bytes += other.sent_bytes


@dataclass(frozen=True, slots=True)
class Via:
    """How a client reaches the upstream (picklable, for the client processes)."""

    proxy_url: str | None
    ca: str | None


def _client(target: Via, upstream_ca: str) -> Any:
    import httpx

    if target.proxy_url is None:
        return httpx.Client(verify=upstream_ca, timeout=60)
    return httpx.Client(proxy=target.proxy_url, verify=target.ca or True, timeout=60)


def drive(target: Via, upstream_ca: str, url: str, clients: int, seconds: float, *, stream: bool,
          salt: int, max_requests: int = 0) -> Load:
    """`clients` keep-alive clients (threads) for `seconds`, each request a distinct prompt."""
    out = Load()
    lock = threading.Lock()
    numbers = itertools.count()
    deadline = time.monotonic() + seconds

    def one_client() -> None:
        mine = Load()
        with _client(target, upstream_ca) as http:
            while time.monotonic() < deadline:
                n = next(numbers)
                if max_requests and n >= max_requests:
                    break
                body = {"model": "m", "stream": stream, "messages": [{"role": "user", "content": prompt(n, salt)}]}
                t0 = time.perf_counter()
                try:
                    if stream:
                        with http.stream("POST", url, json=body) as r:
                            first = None
                            for chunk in r.iter_raw():
                                if first is None and chunk:
                                    first = time.perf_counter()
                            if r.status_code != 200:
                                mine.errors[f"HTTP {r.status_code}"] += 1
                                continue
                        mine.ttfb_ms.append(((first or time.perf_counter()) - t0) * 1000)
                    else:
                        r = http.post(url, json=body)
                        if r.status_code != 200:
                            mine.errors[f"HTTP {r.status_code}"] += 1
                            continue
                except Exception as exc:  # a benchmark counts failures, it does not stop on them
                    mine.errors[type(exc).__name__] += 1
                    time.sleep(0.05)
                    continue
                mine.latencies_ms.append((time.perf_counter() - t0) * 1000)
        with lock:
            out.merge(mine)

    threads = [threading.Thread(target=one_client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def converse(target: Via, upstream_ca: str, url: str, turns: int, salt: int, think: float = 0.0) -> Load:
    """One conversation of `turns` turns: each turn resends the whole history (the answers
    as the client received them) plus a new distinct prompt, `think` seconds after the
    answer (a person reads it); latency per turn, in order."""
    out = Load()
    messages: list[dict[str, str]] = []
    with _client(target, upstream_ca) as http:
        # Connection set-up (CONNECT, two TLS handshakes) belongs to no turn.
        http.post(url, json={"model": "m", "messages": [{"role": "user", "content": f"你好{salt}"}]})
        for turn in range(turns):
            messages.append({"role": "user", "content": prompt(turn, salt)})
            body = {"model": "m", "messages": messages}
            data = json.dumps(body, ensure_ascii=False).encode()
            t0 = time.perf_counter()
            r = http.post(url, content=data, headers={"content-type": "application/json"})
            out.latencies_ms.append((time.perf_counter() - t0) * 1000)
            out.sent_bytes.append(len(data))
            if r.status_code != 200:
                out.errors[f"HTTP {r.status_code}"] += 1
                break
            messages.append({"role": "assistant", "content": r.json()["choices"][0]["message"]["content"]})
            time.sleep(think)
    return out


# -- the run --------------------------------------------------------------------------


def _parallel(pool: cf.ProcessPoolExecutor, procs: int, fn: Any, *args: Any, **kw: Any) -> Load:
    total = Load()
    futures = [pool.submit(fn, *args, **{**kw, "salt": kw["salt"] * 100 + i}) for i in range(procs)]
    for f in futures:
        total.merge(f.result())
    return total


def _profile(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    pyspy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if pyspy is None:
        print("  (py-spy not installed: pip install py-spy; no profile taken)", file=sys.stderr)
        return None
    return subprocess.Popen([pyspy, "record", "--pid", str(pid), "--subprocesses", "--duration", str(max(1, int(seconds))),
                             "--rate", "200", "--gil", "--format", "raw", "--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def summarise_profile(path: Path, top: int = 18) -> list[str]:
    """Where the CPU time goes (py-spy --gil: only the thread holding the interpreter lock is
    sampled, so waiting on the lock, on fsync or on the network is not counted), from its collapsed stacks: share of samples per frame
    (inclusive), for our own frames and the main library frames."""
    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].rsplit("/", 1)[-1] + ")" if " (" in f else f
                  for f in stack.split(";")]
        for f in set(frames):
            inclusive[f] += n
        leaf[frames[-1]] += n
    if not total:
        return ["(no samples)"]
    lines = [f"{total} samples; inclusive share of the interesting frames:"]
    keep = ("proxy/", "detectors/", "guard", "scan", "restore", "audit", "append", "_commit", "inspect", "judge",
            "tls", "ssl", "read", "write", "handle", "server_event", "_apply", "json", "select", "epoll")
    shown = 0
    for frame, n in inclusive.most_common():
        if shown >= top:
            break
        if any(k in frame for k in keep):
            lines.append(f"  {100 * n / total:5.1f}%  {frame}")
            shown += 1
    lines.append("top self time:")
    for frame, n in leaf.most_common(10):
        lines.append(f"  {100 * n / total:5.1f}%  {frame}")
    return lines


def _uptime() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench load", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients (default 8)")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of the throughput phase per target (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="throughput rounds, targets taking turns; medians (default 3)")
    ap.add_argument("--latency-seconds", type=float, default=6.0, help="sequential buffered and streamed phases (default 6 each)")
    ap.add_argument("--client-processes", type=int, default=2, help="client processes the clients are spread over (default 2)")
    ap.add_argument("--workers", type=int, default=None, help="`privacy-guard run --workers N` (default: the proxy's default)")
    ap.add_argument("--nodes", type=int, default=1, help="N proxy nodes behind HAProxy sharing Redis (default 1: no HAProxy)")
    ap.add_argument("--conversation", type=int, default=0, metavar="TURNS", help="also run conversations of TURNS turns")
    ap.add_argument("--think", type=float, default=0.5, metavar="SECONDS",
                    help="pause between an answer and the next turn, as a person reads (default 0.5)")
    ap.add_argument("--conversations", type=int, default=3, help="how many conversations per target (default 3)")
    ap.add_argument("--targets", default="direct,plain,guard", help="comma list of direct, plain, guard")
    ap.add_argument("--profile", metavar="FILE", help="py-spy profile of the proxy during its throughput phase (collapsed stacks)")
    ap.add_argument("--config-extra", default="", help="YAML lines appended to the proxy's configuration")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--in-process", type=int, metavar="N", default=0,
                    help="instead: N distinct prompts (x --rounds) through the addon hooks in this process, no "
                         "sockets: the proxy's own CPU per request (and --conversation TURNS per turn; --profile: cProfile)")
    args = ap.parse_args(argv)
    if args.in_process:
        from bench.inprocess import run

        return run(requests=args.in_process, rounds=args.rounds, turns=args.conversation, think=args.think,
                   profile=args.profile)
    if args.clients < 1 or args.seconds <= 0 or args.client_processes < 1 or args.rounds < 1:
        ap.error("--clients, --seconds, --client-processes and --rounds must be positive")
    wanted = [t.strip() for t in args.targets.split(",") if t.strip()]

    from bench.fakeupstream import make_ca_and_cert

    tmp = Path(tempfile.mkdtemp(prefix="pg-load-"))
    ca, cert, key = make_ca_and_cert(tmp)
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    upstream = ctx.Process(target=_serve_upstream, args=(str(cert), str(key), q), daemon=True)
    upstream.start()
    up_port = q.get(timeout=30)
    url = f"https://localhost:{up_port}/v1/chat/completions"
    targets: list[Target] = []
    results: dict[str, dict[str, Any]] = {}
    profile_lines: list[str] = []
    print(f"python -m bench load: {args.clients} clients x {args.seconds:.0f} s per target, 2 KB distinct prompts, "
          f"keep-alive HTTPS, 127.0.0.1; load average before: {_uptime()}", flush=True)
    try:
        if "direct" in wanted:
            targets.append(Target("direct"))
        if "plain" in wanted:
            targets.append(_start_plain(tmp, ca))
        if "guard" in wanted and args.nodes > 1:
            targets.append(_start_nodes(tmp, ca, args.nodes, args.workers, args.config_extra))
        elif "guard" in wanted:
            targets.append(_start_guard(tmp, ca, args.workers, args.config_extra))
        with cf.ProcessPoolExecutor(max_workers=args.client_processes, mp_context=ctx) as pool:
            for i, target in enumerate(targets):
                salt = 1000 * (i + 1)
                via = Via(target.proxy_url, target.ca)
                # warm-up: connections, certificates, scanner caches of the first texts
                _parallel(pool, 1, drive, via, str(ca), url, 2, 2.0, stream=False, salt=salt + 1, max_requests=20)
                seq = _parallel(pool, 1, drive, via, str(ca), url, 1, args.latency_seconds, stream=False, salt=salt + 2)
                streamed = _parallel(pool, 1, drive, via, str(ca), url, 1, args.latency_seconds, stream=True, salt=salt + 3)
                conv: list[Load] = []
                for c in range(args.conversation and args.conversations):
                    conv.append(_parallel(pool, 1, converse, via, str(ca), url, args.conversation,
                                           salt=salt + 10 + c, think=args.think))
                results[target.name] = {
                    "seq_p50": statistics.median(seq.latencies_ms) if seq.latencies_ms else float("nan"),
                    "seq_p95": _percentile(seq.latencies_ms, 95), "seq_p99": _percentile(seq.latencies_ms, 99),
                    "seq_n": len(seq.latencies_ms),
                    "ttfb_p50": statistics.median(streamed.ttfb_ms) if streamed.ttfb_ms else float("nan"),
                    "ttfb_p95": _percentile(streamed.ttfb_ms, 95),
                    "errors": dict(seq.errors + streamed.errors),
                    "turns": [statistics.median(c.latencies_ms[t] for c in conv) for t in range(args.conversation)]
                    if conv and all(len(c.latencies_ms) == args.conversation for c in conv) else [],
                    "turn_bytes": conv[0].sent_bytes if conv else [],
                    "load_average": _uptime(),
                }
                print(f"  done: {target.name} (load average {_uptime()})", flush=True)
            # Throughput: the targets take turns, round after round, so a change in the
            # machine's load touches them alike; each figure is the median over the rounds.
            for rnd in range(args.rounds):
                for i, target in enumerate(targets):
                    via = Via(target.proxy_url, target.ca)
                    cpu0 = _cpu_seconds(*target.pids) if target.pid else 0.0
                    prof = None
                    if args.profile and rnd == 0 and target.name.startswith("this") and target.pid:
                        prof = _profile(target.pid, args.seconds, Path(args.profile))
                    per_proc = max(1, args.clients // args.client_processes)
                    procs = min(args.client_processes, args.clients)
                    t0 = time.perf_counter()
                    load = _parallel(pool, procs, drive, via, str(ca), url, per_proc, args.seconds, stream=False,
                                     salt=1000 * (i + 1) + 50 + rnd)
                    elapsed = time.perf_counter() - t0
                    cpu = (_cpu_seconds(*target.pids) - cpu0) if target.pid else float("nan")
                    if prof is not None:
                        _, err = prof.communicate(timeout=60)
                        if prof.returncode == 0 and Path(args.profile).exists():
                            profile_lines = summarise_profile(Path(args.profile))
                        else:
                            profile_lines = [f"(py-spy failed: {err.decode(errors='replace').strip()[:300]})"]
                    n = len(load.latencies_ms)
                    r = results[target.name]
                    r.setdefault("rounds", []).append({
                        "rps": n / elapsed, "p50": _percentile(load.latencies_ms, 50), "p99": _percentile(load.latencies_ms, 99),
                        "cpu_ms_per_request": 1000 * cpu / n if n else float("nan"), "load_average": _uptime(),
                    })
                    r["errors"] = {k: r["errors"].get(k, 0) + v for k, v in load.errors.items()} | {
                        k: v for k, v in r["errors"].items() if k not in load.errors}
                print(f"  throughput round {rnd + 1}/{args.rounds} done (load average {_uptime()})", flush=True)
            for r in results.values():
                rounds = r["rounds"]
                r["rps"] = statistics.median(x["rps"] for x in rounds)
                r["load_p50"] = statistics.median(x["p50"] for x in rounds)
                r["load_p99"] = statistics.median(x["p99"] for x in rounds)
                r["cpu_ms_per_request"] = statistics.median(x["cpu_ms_per_request"] for x in rounds)
        for target in targets:
            if target.pid:
                results[target.name]["rss_max_mb"], results[target.name]["rss_sum_mb"] = _peak_rss_mb(*target.pids)
    finally:
        for target in targets:
            _stop(target)
        upstream.terminate()
    _report(results, args, profile_lines)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _report(results: dict[str, dict[str, Any]], args: argparse.Namespace, profile_lines: list[str]) -> None:
    direct = results.get("direct")

    def added(r: dict[str, Any], key: str) -> str:
        return f"{r[key] - direct[key]:7.2f}" if direct is not None else "    n/a"

    print(f"\n  sequential, buffered (added = target - direct, ms) and streamed time to first byte; load average {_uptime()}")
    print(f"  {'target':<26} {'p50':>7} {'p95':>7} {'p99':>7} {'+p50':>7} {'+p95':>7} {'+p99':>7} {'TTFB p50':>9} {'+TTFB':>7} {'n':>5}")
    for name, r in results.items():
        print(f"  {name:<26} {r['seq_p50']:7.2f} {r['seq_p95']:7.2f} {r['seq_p99']:7.2f} {added(r, 'seq_p50')} "
              f"{added(r, 'seq_p95')} {added(r, 'seq_p99')} {r['ttfb_p50']:9.2f} {added(r, 'ttfb_p50')} {r['seq_n']:5d}")
    print(f"\n  {args.clients} concurrent keep-alive clients, {args.seconds:.0f} s, median of {args.rounds} rounds "
          f"(req/s per round: " + "; ".join(f"{n} " + "/".join(f"{x['rps']:.0f}" for x in r["rounds"])
                                            for n, r in results.items()) + ")")
    print(f"  {'target':<26} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/req':>10} {'peak RSS/proc':>13} {'RSS sum':>8}  errors")
    for name, r in results.items():
        rss = f"{r['rss_max_mb']:10.0f} MB {r['rss_sum_mb']:5.0f} MB" if "rss_max_mb" in r else f"{'-':>13} {'-':>8}"
        cpu = f"{r['cpu_ms_per_request']:10.2f}" if name != "direct" else f"{'-':>10}"
        print(f"  {name:<26} {r['rps']:7.1f} {r['load_p50']:7.2f} {r['load_p99']:7.2f} {cpu} {rss}  {r['errors'] or ''}")
    if args.conversation:
        print(f"\n  {args.conversation}-turn conversations (median of {args.conversations}, {args.think:g} s between an answer "
              "and the next turn); added latency per turn, ms")
        for name, r in results.items():
            if not r["turns"] or direct is None or not direct["turns"]:
                continue
            add = [t - d for t, d in zip(r["turns"], direct["turns"])]
            if name == "direct":
                print(f"  {name:<26} turn 1 {r['turns'][0]:7.2f}  turn {args.conversation} {r['turns'][-1]:7.2f} "
                      f"(body at turn {args.conversation}: {r['turn_bytes'][-1] / 1024:.0f} KB)")
                continue
            print(f"  {name:<26} +turn 1 {add[0]:7.2f}  +turn {args.conversation} {add[-1]:7.2f}  ratio x{add[-1] / add[0]:.2f}")
    if profile_lines:
        print(f"\n  profile of this proxy during its throughput phase ({args.profile}):")
        for line in profile_lines:
            print("  " + line)


if __name__ == "__main__":
    raise SystemExit(main())
