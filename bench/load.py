"""Load benchmark of the reader site: `python -m bench.load` (needs `wrk`: apt-get install wrk).

Starts `newsbrief serve` on a free 127.0.0.1 port with a fresh SQLite database, loads the dev
articles (or the bundled samples), then drives it with wrk for a bounded time:

- cached: one article's summary, already computed, requested over and over;
- uncached: every request asks for a length never asked before (article id and word budget vary),
  so each one segments, scores and stores a new summary.

Traffic goes to the loopback address only, and each run stops after ``--duration`` seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from newsbrief.samples import ARTICLES

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
DEV_FILES = ["sample_article_page.txt", "cnndm_dev.jsonl", "xsum_dev.jsonl", "newsroom_dev.jsonl"]

# Each request a new (article, words) pair: the article cycles fastest, the budget grows after
# every full cycle, so no key repeats within 9,990 cycles. Threads interleave their counters.
UNCACHED_LUA = """
local counter = 0
local step = 1
local offset = 0
local articles = %(articles)d
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  step = %(threads)d
end
function request()
  local i = offset + counter * step
  counter = counter + 1
  local id = (i %% articles) + 1
  local words = 10 + (math.floor(i / articles) %% 9990)
  local path = "/api/v1/articles/" .. id .. "/summary?method=%(method)s&words=" .. words
  return wrk.format("GET", path)
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def parse_wrk(output: str) -> dict[str, float]:
    def latency_ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if match is None:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "requests": float(total.group(1)) if total else 0.0,
        "p50_ms": latency_ms("50"),
        "p90_ms": latency_ms("90"),
        "p99_ms": latency_ms("99"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if sockets else 0.0,
    }


def run_wrk(url: str, args: argparse.Namespace, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    print(done.stdout, flush=True)
    return parse_wrk(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=15, help="seconds per run (max 120)")
    parser.add_argument("--method", default="news", help="summarization method to request")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 120))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    newsbrief = str(Path(sys.executable).with_name("newsbrief"))
    workdir = Path(tempfile.mkdtemp(prefix="newsbrief-load-"))
    env = {
        **os.environ,
        "NEWSBRIEF_DATABASE_URL": f"sqlite:///{workdir / 'load.db'}",
        # wrk's connections all come from one address: lift the per-client and total limits
        # on computing requests so the run measures computing, not refusals (bench.abuse
        # measures the limits).
        "NEWSBRIEF_BUSY_PER_CLIENT": str(args.connections),
        "NEWSBRIEF_MAX_COMPUTING": str(args.connections),
    }
    sources = [str(args.data / f) for f in DEV_FILES if (args.data / f).exists()] or [str(ARTICLES)]
    subprocess.run([newsbrief, "ingest", "--quiet", *sources], env=env, check=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    serve = [newsbrief, "serve", "--host", HOST, "--port", str(port), "--workers"]
    # No access log: printing a line per request would measure the terminal.
    serve += [str(args.workers), "--log-level", "warning"]
    server = subprocess.Popen(
        serve,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(f"{base}/api/v1/health")
        with urllib.request.urlopen(f"{base}/api/v1/health") as response:
            articles = int(__import__("json").load(response)["articles"])
        cached_url = f"{base}/api/v1/articles/1/summary?method={args.method}"
        urllib.request.urlopen(cached_url).read()  # compute it once: the cache is warm
        cached = run_wrk(cached_url, args)
        script = workdir / "uncached.lua"
        values = {"articles": articles, "threads": args.threads, "method": args.method}
        script.write_text(UNCACHED_LUA % values)
        uncached = run_wrk(base, args, script)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{articles} articles, {args.workers} workers, {args.connections} connections")
    print("| summary | requests/s | p50 ms | p90 ms | p99 ms | requests | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in (("cached", cached), ("uncached", uncached)):
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p90_ms']:.1f} "
            f"| {result['p99_ms']:.1f} | {result['requests']:.0f} | {result['non_2xx']:.0f} |"
        )


if __name__ == "__main__":
    main()
