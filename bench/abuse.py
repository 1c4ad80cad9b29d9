"""Hostile requests against the reader site: `python -m bench.abuse`.

Loopback only, bounded in count and time. Starts `newsbrief serve` (``--workers``, default 2) on
a free 127.0.0.1 port with a temporary SQLite database and a slow LLM server on another loopback
port (:mod:`bench.slow_llm`), stores the bundled sample articles and a few made-up ones, then:

1. sends each hostile case once and prints the server's answer (status, error code) and time;
2. keeps ``--clients`` hostile clients busy for ``--seconds`` (huge pages to summarize and LLM
   streams against the slow LLM, each client from its own loopback address 127.0.0.x, so the
   per-client limits see 50 clients, not one) while one more client measures ``GET
   /api/v1/health`` and a cached summary, and prints their p50 / p99 and whether both p99 are
   under 200 ms.

The hostile clients and the LLM server run in processes of their own, so the measuring client
shares its interpreter with nothing busy. The server's processes, the LLM server and the clients
are stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.load import HOST, free_port, wait_until_up
from bench.slow_llm import TRICKLE, slow_llm
from newsbrief.samples import ARTICLES

TOKEN = "abuse-bench-token-0123456789"
LLM_DELAY_SECONDS = 3.0
LLM_TIMEOUT_SECONDS = 5
CASE_TIMEOUT_SECONDS = 20.0
TARGET_P99_MS = 200.0
HUGE_HTML = {"html": "<p>a.</p>" * 220_000}
DEEP_JSON = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
THREE = "The ferry left at dawn. The sea was calm all morning. It reached the island by noon."
HOSTILE = (
    "Readers were told to [click here](javascript:alert(1)) for the result. "
    "The page then showed <script>alert(2)</script> in the middle. It ended there."
)
SLOW = f"The council met about the harbour, {TRICKLE}. It approved the plan. Work starts soon."


@dataclass
class Site:
    base: str
    ids: dict[str, int] = field(default_factory=dict)

    def client(self, address: str = HOST, timeout: float = CASE_TIMEOUT_SECONDS) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=self.base, transport=transport, timeout=timeout)

    def async_client(self, address: str, timeout: float) -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        return httpx.AsyncClient(base_url=self.base, transport=transport, timeout=timeout)


def answer(response: httpx.Response) -> str:
    """``status code``: the status and the error code, when the body has one."""
    try:
        code = response.json().get("error", {}).get("code", "")
    except (ValueError, AttributeError):
        code = ""
    return f"{response.status_code} {code}".strip()


def timed(work: Callable[[], str]) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        result = work()
    except httpx.TimeoutException:
        result = f"no answer within {CASE_TIMEOUT_SECONDS:g} s"
    return result, time.perf_counter() - started


# ---------------------------------------------------------------- the cases, once each


def case_list(site: Site) -> list[tuple[str, Callable[[], str]]]:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    typed = {"content-type": "application/json"}

    def get(path: str) -> str:
        with site.client() as client:
            return answer(client.get(path))

    def post(path: str, body: bytes, headers: dict[str, str] | None = None) -> str:
        with site.client() as client:
            return answer(client.post(path, content=body, headers={**typed, **(headers or {})}))

    def ratio_pair() -> str:
        path = f"/api/v1/articles/{site.ids['three']}/summary?ratio="
        with site.client() as client:
            counts = [len(client.get(path + r).json()["sentences"]) for r in ("0.4999999", "0.5")]
        return f"200 sentences {counts[0]} then {counts[1]} (expected 1 then 2)"

    def markdown() -> str:
        path = f"/api/v1/articles/{site.ids['hostile']}/summary?format=markdown&sentences=3"
        with site.client() as client:
            text = client.get(path).text
        raw = re.search(r"(?<!\\)[<>\[\]]", text) is not None  # an unescaped tag or link
        return f"200 {'raw markup passed through' if raw else 'escaped'}"

    def trickle() -> str:
        path = f"/api/v1/articles/{site.ids['slow']}/summary?method=llm&sentences=1"
        with site.client() as client:
            body = client.get(path).json()
        return f"200 llm {body.get('llm', {}).get('code', 'ok')}"

    article = json.dumps({"text": THREE, "id": "a\x00b"}).encode()
    dated = json.dumps({"text": THREE, "published": "9999-12-31T23:59:59-23:59"}).encode()
    return [
        ("huge HTML to /summarize (1.98 MB)", lambda: post("/api/v1/summarize", _json(HUGE_HTML))),
        ("JSON nested 100,000 deep to /summarize", lambda: post("/api/v1/summarize", DEEP_JSON)),
        (
            "JSON nested 100,000 deep, POST /articles",
            lambda: post("/api/v1/articles", DEEP_JSON, auth),
        ),
        ("45 anonymous LLM streams, slow LLM", lambda: _streams(site, 45)),
        ("one client, 6 LLM summaries at once", lambda: _same_client(site, 6)),
        (f"LLM trickling a byte every 2 s (timeout {LLM_TIMEOUT_SECONDS} s)", trickle),
        ("ratio 0.4999999 then 0.5, 3 sentences", ratio_pair),
        ("NUL in a search, /?q=a%00b", lambda: get("/?q=a%00b")),
        ("NUL in a search, API", lambda: get("/api/v1/articles?q=a%00b")),
        ("NUL in an article id, POST /articles", lambda: post("/api/v1/articles", article, auth)),
        ("published 9999-12-31T23:59:59-23:59", lambda: post("/api/v1/articles", dated, auth)),
        ("3 MB body to /summarize", lambda: post("/api/v1/summarize", b" " * 3_000_000)),
        ("Markdown of <script> and javascript: text", markdown),
        ("Swagger's oauth2-redirect.html", lambda: get("/docs-assets/oauth2-redirect.html")),
    ]


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


def _streams(site: Site, count: int) -> str:
    path = f"/api/v1/articles/{site.ids['story']}/summary/stream?sentences=2"

    async def one(n: int) -> int:
        async with site.async_client(f"127.0.1.{n + 1}", CASE_TIMEOUT_SECONDS) as client:
            return (await client.get(path)).status_code

    async def all_of() -> list[int]:
        return list(await asyncio.gather(*(one(n) for n in range(count))))

    return _counts(asyncio.run(all_of()))


def _same_client(site: Site, count: int) -> str:
    body = {"text": THREE, "method": "llm", "sentences": 1}

    async def all_of() -> list[int]:
        async with site.async_client("127.0.2.1", CASE_TIMEOUT_SECONDS) as client:
            calls = [client.post("/api/v1/summarize", json=body) for _ in range(count)]
            return [r.status_code for r in await asyncio.gather(*calls)]

    return _counts(asyncio.run(all_of()))


def _counts(statuses: list[int]) -> str:
    return ", ".join(f"{n} x {status}" for status, n in sorted(Counter(statuses).items()))


# ---------------------------------------------------------------- under load


@dataclass
class Latencies:
    health: list[float] = field(default_factory=list)
    cached: list[float] = field(default_factory=list)
    failures: int = 0


def measure(site: Site, stop: threading.Event, into: Latencies) -> None:
    """Health and a cached summary, one after the other, until ``stop``; from 127.0.0.1."""
    summary = f"/api/v1/articles/{site.ids['story']}/summary?sentences=2"
    with site.client(timeout=10) as client:
        while not stop.is_set():
            for path, times in (("/api/v1/health", into.health), (summary, into.cached)):
                started = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                times.append(time.perf_counter() - started)
                into.failures += not ok
            time.sleep(0.02)


def run_load(site: Site, clients: int, seconds: float, mix: str) -> Counter[int]:
    """:func:`hostile_load` in the process this runs in."""
    return asyncio.run(hostile_load(site, clients, seconds, mix))


async def hostile_load(site: Site, clients: int, seconds: float, mix: str) -> Counter[int]:
    """``clients`` clients, each from its own address, each sending one hostile request after
    another for ``seconds`` (``mix``: half huge pages and half LLM streams, or only one kind);
    the answers by status."""
    statuses: Counter[int] = Counter()
    stream = f"/api/v1/articles/{site.ids['story']}/summary/stream?sentences=2"
    huge = _json(HUGE_HTML)

    async def client_loop(n: int) -> None:
        async with site.async_client(f"127.0.3.{n + 1}", seconds + 30) as client:
            while True:
                if mix == "streams" or (mix == "both" and n % 2):
                    response = await client.get(stream)
                else:
                    headers = {"content-type": "application/json"}
                    response = await client.post("/api/v1/summarize", content=huge, headers=headers)
                statuses[response.status_code] += 1
                if response.status_code == 429:
                    await asyncio.sleep(0.25)

    tasks = [asyncio.create_task(client_loop(n)) for n in range(clients)]
    await asyncio.sleep(seconds)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return statuses


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


# ---------------------------------------------------------------- the run


def store_articles(site: Site) -> None:
    samples = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    named = {"three": {"text": THREE}, "hostile": {"text": HOSTILE}, "slow": {"text": SLOW}}
    named["story"] = samples[0]
    with site.client(timeout=60) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for record in samples[1:]:
            client.post("/api/v1/articles", json=record, headers=auth).raise_for_status()
        for name, record in named.items():
            response = client.post("/api/v1/articles", json=record, headers=auth)
            response.raise_for_status()
            site.ids[name] = int(response.json()["items"][0]["id"])
        # The summary the load phase measures, computed once so that it is cached.
        client.get(f"/api/v1/articles/{site.ids['story']}/summary?sentences=2").raise_for_status()


def start_server(workers: int, folder: Path, llm_url: str) -> tuple[subprocess.Popen[bytes], str]:
    """``newsbrief serve`` on a free port; its log (LLM fallbacks and the like) goes to a file in
    ``folder`` rather than between the results."""
    newsbrief = str(Path(sys.executable).with_name("newsbrief"))
    port = free_port()
    env = {
        **os.environ,
        "NEWSBRIEF_DATABASE_URL": f"sqlite:///{folder / 'abuse.db'}",
        "NEWSBRIEF_API_TOKEN": TOKEN,
        "NEWSBRIEF_LLM_URL": llm_url,
        "NEWSBRIEF_LLM_TIMEOUT": str(LLM_TIMEOUT_SECONDS),
        "NEWSBRIEF_LLM_RETRIES": "0",
    }
    command = [newsbrief, "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "critical"]
    # A session of its own: the whole process group (uvicorn's workers too) is stopped at the end.
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return server, f"http://{HOST}:{port}"


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's group, then SIGKILL: a worker inside a long extraction would
    otherwise keep a graceful shutdown waiting."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def report(args: argparse.Namespace, statuses: Counter[int], latencies: Latencies) -> None:
    answers = _counts(list(statuses.elements()))
    what = {"both": "huge pages and LLM streams", "pages": "huge pages", "streams": "LLM streams"}
    print(f"\n{args.clients} hostile clients ({what[args.load]}) for {args.seconds:g} s")
    print(f"their answers: {answers}")
    print("| under load | requests | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |")
    for name, values in (("GET /api/v1/health", latencies.health), ("cached", latencies.cached)):
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"| {name} | {len(values)} | {p50:.1f} | {p99:.1f} |")


def run(site: Site, args: argparse.Namespace) -> bool:
    store_articles(site)
    print("| hostile case | answer | seconds |\n| --- | --- | ---: |", flush=True)
    for name, work in case_list(site):
        result, seconds = timed(work)
        print(f"| {name} | {result} | {seconds:.2f} |", flush=True)
    latencies = Latencies()
    stop = threading.Event()
    measurer = threading.Thread(target=measure, args=(site, stop, latencies))
    measurer.start()
    try:
        # The hostile clients run in a process of their own: in this one they would compete with
        # the measuring thread for the interpreter and inflate what it measures.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            load = pool.submit(run_load, site, args.clients, args.seconds, args.load)
            statuses = load.result(timeout=args.seconds + 120)
    finally:
        stop.set()
        measurer.join()
    report(args, statuses, latencies)
    p99s = [percentile(latencies.health, 0.99), percentile(latencies.cached, 0.99)]
    met = max(p99s) < TARGET_P99_MS and latencies.failures == 0
    verdict = "yes" if met else "no"
    print(f"p99 < {TARGET_P99_MS:g} ms for both: {verdict} ({latencies.failures} failed)")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2))
    parser.add_argument("--clients", type=int, default=50, help="hostile clients (max 100)")
    parser.add_argument("--seconds", type=float, default=20.0, help="load phase (max 60)")
    parser.add_argument(
        "--load", choices=("both", "pages", "streams"), default="both", help="hostile requests"
    )
    args = parser.parse_args()
    args.clients = max(1, min(args.clients, 100))
    args.seconds = max(1.0, min(args.seconds, 60.0))
    with (
        tempfile.TemporaryDirectory(prefix="newsbrief-abuse-") as folder,
        slow_llm(LLM_DELAY_SECONDS) as llm_url,
    ):
        server, base = start_server(args.workers, Path(folder), llm_url)
        try:
            wait_until_up(f"{base}/api/v1/health")
            met = run(Site(base), args)
        finally:
            stop_server(server)
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
