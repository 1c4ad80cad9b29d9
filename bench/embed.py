"""Load benchmark of the widget's summaries by URL: `python -m bench.embed` (needs `wrk`).

Serves the 92 real news pages of the extraction benchmark from a publisher server on
http://127.0.0.2:PORT (in this process; it counts what it is asked), registers that origin with
`newsbrief sites add --allow-private`, starts `newsbrief serve --workers 2` on 127.0.0.1 with a
fresh SQLite database, then measures:

- first-time summaries: each page asked once, one after the other (fetch, extract, summarize,
  store), and the same for articles pushed ahead through `POST /api/v1/articles` (summarize only);
- a burst: 50 concurrent first requests for one page whose server takes ``--burst-delay`` seconds
  to answer; the publisher server counts the page's fetches and `newsbrief sites list` the
  summaries computed (served minus cache hits);
- cached: wrk on one page's summary, with the publisher's Origin, for ``--duration`` seconds.

Traffic stays on loopback addresses; every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.load import free_port, parse_wrk, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
PUBLISHER_HOST = "127.0.0.2"
TOKEN = "bench-token-0123456789"


class Publisher:
    """The publisher's pages by path, served on 127.0.0.2; ``fetches`` counts requests per path."""

    def __init__(self, pages: dict[str, bytes], slow: dict[str, float]) -> None:
        self.fetches: Counter[str] = Counter()
        lock = threading.Lock()
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with lock:
                    publisher.fetches[self.path] += 1
                body = pages.get(self.path)
                time.sleep(slow.get(self.path, 0.0))
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((PUBLISHER_HOST, 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://{PUBLISHER_HOST}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def summary_url(base: str, key: str, page: str) -> str:
    return f"{base}/api/v1/summary?" + urllib.parse.urlencode({"url": page, "site": key})


def ask(url: str, origin: str) -> tuple[int, float, bytes]:
    """(status, seconds, body) of one GET with the publisher's Origin."""
    request = urllib.request.Request(url, headers={"Origin": origin})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, time.perf_counter() - started, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()


@dataclass(frozen=True)
class FirstTimes:
    ok: int
    codes: dict[str, int]
    p50_ms: float
    p90_ms: float
    max_ms: float


def first_times(base: str, key: str, origin: str, pages: list[str]) -> FirstTimes:
    """Each page asked once, in turn: latency percentiles of the ones answered, and failures."""
    seconds: list[float] = []
    codes: Counter[str] = Counter()
    for page in pages:
        status, took, body = ask(summary_url(base, key, page), origin)
        if status == 200:
            seconds.append(took)
        else:
            codes[json.loads(body)["error"]["code"]] += 1
    ordered = sorted(seconds)
    return FirstTimes(
        ok=len(ordered),
        codes=dict(codes),
        p50_ms=statistics.median(ordered) * 1000,
        p90_ms=ordered[int(0.9 * (len(ordered) - 1))] * 1000,
        max_ms=ordered[-1] * 1000,
    )


def push(base: str, pages: dict[str, bytes], origin: str) -> None:
    """Store each page through the write API under its URL, as a publisher's CMS would."""
    for path, html in pages.items():
        body = json.dumps({"html": html.decode("utf-8", "replace"), "url": origin + path})
        request = urllib.request.Request(
            f"{base}/api/v1/articles",
            data=body.encode(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        # A page without an article is not stored; its first request then fails too.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=60).read()


def usage(newsbrief: str, env: dict[str, str]) -> tuple[int, int]:
    """(served, cache hits) of the one site, as `newsbrief sites list` shows it."""
    listed = subprocess.run(
        [newsbrief, "sites", "list"], env=env, capture_output=True, text=True, check=True
    ).stdout.split("\t")
    return int(listed[4].split()[0]), int(listed[5].split()[0])


def settled_usage(newsbrief: str, env: dict[str, str], served: int) -> tuple[int, int]:
    """The usage once ``served`` answers are written (workers flush every 10 s)."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        counted = usage(newsbrief, env)
        if counted[0] >= served:
            return counted
        time.sleep(1)
    raise SystemExit(f"usage did not reach {served} served: {usage(newsbrief, env)}")


def burst(base: str, key: str, origin: str, page: str, clients: int) -> set[bytes]:
    """``clients`` concurrent first requests for ``page``; the distinct bodies they got."""
    barrier = threading.Barrier(clients)
    bodies: list[bytes] = []

    def one() -> None:
        barrier.wait()
        status, _took, body = ask(summary_url(base, key, page), origin)
        bodies.append(body if status == 200 else b"error %d" % status)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return set(bodies)


def group_cpu_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in process group ``group``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def wrk(url: str, origin: str, args: argparse.Namespace, server: int) -> dict[str, float]:
    """wrk's figures, plus the CPU the server and wrk spent per request (milliseconds) and the
    load average before and after: wall-clock figures on a shared machine need both."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s", "-H", f"Origin: {origin}", url]
    print("$", " ".join(command), flush=True)
    load_before = os.getloadavg()[0]
    server_before = group_cpu_seconds(server)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = group_cpu_seconds(server) - server_before
    wrk_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    print(done.stdout, flush=True)
    result = parse_wrk(done.stdout)
    requests = max(1.0, result["requests"])
    result.update(
        server_cpu_ms=server_cpu * 1000 / requests,
        wrk_cpu_ms=wrk_cpu * 1000 / requests,
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )
    return result


def wrk_row(name: str, result: dict[str, float]) -> str:
    per_request = result["server_cpu_ms"] + result["wrk_cpu_ms"]
    capacity = 2000 / per_request if per_request else float("nan")
    return (
        f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p90_ms']:.1f} "
        f"| {result['p99_ms']:.1f} | {result['non_2xx']:.0f} | {result['server_cpu_ms']:.3f} "
        f"| {result['wrk_cpu_ms']:.3f} | {capacity:.0f} "
        f"| {result['load_before']:.1f} / {result['load_after']:.1f} |"
    )


def load_pages(data: Path) -> dict[str, bytes]:
    folder = data / "extraction" / "html"
    if not folder.is_dir():
        raise SystemExit(f"{folder} is absent: give --data (the shared development data)")
    return {f"/news/{p.stem[:16]}.html": p.read_bytes() for p in sorted(folder.glob("*.html"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk (max 120)")
    parser.add_argument("--burst", type=int, default=50, help="concurrent first requests")
    parser.add_argument("--burst-delay", type=float, default=0.5)
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 120))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    items = list(load_pages(args.data).items())
    # The burst's page is one no other phase asks for, so its summary is computed in the burst.
    burst_page = items.pop()[1]
    fetched = dict(items[: len(items) // 2])
    pushed = {"/pushed" + path: html for path, html in items[len(items) // 2 :]}
    slow = {"/burst.html": args.burst_delay}
    publisher = Publisher({**fetched, "/burst.html": burst_page}, slow)

    newsbrief = str(Path(sys.executable).with_name("newsbrief"))
    workdir = Path(tempfile.mkdtemp(prefix="newsbrief-embed-"))
    env = {
        **os.environ,
        "NEWSBRIEF_DATABASE_URL": f"sqlite:///{workdir / 'embed.db'}",
        "NEWSBRIEF_API_TOKEN": TOKEN,
        # The benchmark is one client asking for many new pages: no limit should stop it.
        "NEWSBRIEF_EMBED_PER_MINUTE": "1000000",
        "NEWSBRIEF_EMBED_SITE_PER_MINUTE": "1000000",
    }
    added = subprocess.run(
        [newsbrief, "sites", "add", PUBLISHER_HOST, "--origin", publisher.origin,
         "--allow-private"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    key = added.stdout.splitlines()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [newsbrief, "serve", "--host", "127.0.0.1", "--port", str(port)]
    serve += ["--workers", str(args.workers), "--log-level", "warning"]
    server = subprocess.Popen(serve, env=env, start_new_session=True)
    try:
        wait_until_up(f"{base}/api/v1/health")
        fetch_urls = [publisher.origin + path for path in fetched]
        first = first_times(base, key, publisher.origin, fetch_urls)
        push(base, pushed, publisher.origin)
        ahead = first_times(base, key, publisher.origin, [publisher.origin + p for p in pushed])
        before = settled_usage(newsbrief, env, first.ok + ahead.ok)
        bodies = burst(base, key, publisher.origin, publisher.origin + "/burst.html", args.burst)
        after = settled_usage(newsbrief, env, before[0] + args.burst)
        computed = (after[0] - before[0]) - (after[1] - before[1])
        cached = wrk(summary_url(base, key, fetch_urls[0]), publisher.origin, args, server.pid)
        # The control: the reader site's cached article summary, same server, same minute.
        article = f"{base}/api/v1/articles/1/summary"
        ask(article, publisher.origin)
        control = wrk(article, publisher.origin, args, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    pushed_fetches = sum(publisher.fetches[p] for p in pushed)
    print(f"{args.workers} workers; publisher {publisher.origin}; newsbrief {base}")
    print("| first-time summary | pages | p50 ms | p90 ms | max ms | failed (codes) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, result in (("fetched from loopback", first), ("pushed ahead", ahead)):
        failed = sum(result.codes.values())
        print(
            f"| {name} | {result.ok} | {result.p50_ms:.0f} | {result.p90_ms:.0f} "
            f"| {result.max_ms:.0f} | {failed} {result.codes or ''} |"
        )
    print(f"pushed pages fetched from the publisher: {pushed_fetches}")
    print(
        f"burst: {args.burst} concurrent first requests, page answering after "
        f"{args.burst_delay:g} s: {publisher.fetches['/burst.html']} page fetch(es), "
        f"{computed} summary computed, {len(bodies)} distinct answer(s)"
    )
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; CPU per request from "
        "/proc (the server's process group) and getrusage (wrk); capacity: 2 cores / (server + "
        "wrk CPU per request)"
    )
    print(
        "| cached | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | server CPU ms/req "
        "| wrk CPU ms/req | 2-core capacity req/s | load before / after |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    print(wrk_row("summary by URL", cached))
    print(wrk_row("article summary (control)", control))


if __name__ == "__main__":
    main()
