"""Batch throughput: the local engine with 1 and 2 workers against the Dask engine with 2 workers,
on the same 2,000 articles (the dev articles repeated), then a Dask run killed halfway and resumed.

    python -m bench.scaling --data ../shared/data               # table + resume check
    python -m bench.scaling --data ../shared/data --repeats 3 --no-resume

Every engine reads the same JSONL file and writes every result to a file. The local figures
include starting the process pool (forked: it inherits the loaded summarizer). The Dask figure
is a run on a LocalCluster that is already up with the summarizer loaded in each worker (what
the worker plugin does once per worker); the cluster's start-up is reported on its own line,
as is the end-to-end time with it. Each configuration runs ``repeats`` times; the best is kept.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from distributed import Client, LocalCluster

from newsbrief import records
from newsbrief.batch import cluster as batch_dask
from newsbrief.batch import local as batch
from newsbrief.batch.parts import PartFiles
from newsbrief.batch.tasks import read_tasks
from newsbrief.summarizers.base import SummaryOptions

FILES = ("cnndm_dev.jsonl", "xsum_dev.jsonl", "newsroom_dev.jsonl")
# The figure; with the compiled statistics each engine needs only about a second for
# them, so start-up swings the ratio by a few percent: --items 10000 gives a steadier one.
ITEMS = 2000
OPTIONS = SummaryOptions(method="news", sentences=3)
MIN_RATIO = 0.8


def write_items(data: Path, target: Path, count: int) -> None:
    articles: list[str] = []
    for name in FILES:
        with (data / name).open(encoding="utf-8") as lines:
            articles.extend(json.loads(line)["article"] for line in lines if line.strip())
    with target.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = {"id": f"a{number}", "article": articles[number % len(articles)]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def best(repeats: int, once: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return min(times)


def local(source: Path, out: Path, workers: int) -> None:
    with source.open("rb") as stream, out.open("wb") as sink:
        for result in batch.run(records.read_items(stream), OPTIONS, workers=workers):
            sink.write(json.dumps(result, ensure_ascii=False).encode() + b"\n")


def dask_run(client: Client, source: Path, out: Path) -> batch_dask.Report:
    parts = PartFiles(out)
    parts.prepare(restart=True)
    return batch_dask.run(client, read_tasks([source], OPTIONS), parts, OPTIONS)


def resume_check(source: Path, folder: Path, count: int) -> str:
    """Run the CLI, SIGKILL it (driver and workers) once half the items are committed, rerun it,
    and count the output's ids."""
    out = folder / "resumed.jsonl"
    command = [
        sys.executable, "-c", "from newsbrief.cli import run; run()", "batch", str(source),
        "-o", str(out), "--engine", "dask", "--workers", "2", "--part-size", "100",
        "--method", OPTIONS.method, "--sentences", str(OPTIONS.sentences), "--restart",
    ]  # fmt: skip
    parts = out.with_name(out.name + ".parts")

    def committed() -> int:
        return sum(
            len(part.read_text(encoding="utf-8").splitlines()) for part in parts.glob("part-*")
        )

    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    # Rows, not part files: a part holds a whole task's rows (CHUNK_ITEMS), more than --part-size.
    while committed() < count // 2 and process.poll() is None:
        time.sleep(0.01)
    if process.poll() is not None:
        return (
            "the run ended before half its items were committed: not killed -> FAIL "
            f"(try --items {2 * count})"
        )
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = committed()
    rerun = subprocess.run(command[:-1], capture_output=True, text=True, check=False)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    missing = count - len(set(ids))
    duplicates = len(ids) - len(set(ids))
    note = rerun.stderr.strip().splitlines()[-1] if rerun.stderr.strip() else ""
    return (
        f"killed after {done_before} of {count} items were committed; rerun: {note!r}\n"
        f"output: {len(ids)} rows, {len(set(ids))} distinct ids, {missing} missing, "
        f"{duplicates} duplicates -> {'PASS' if not missing and not duplicates else 'FAIL'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-resume", action="store_true", help="skip the kill-and-resume run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsbrief-scaling-") as temporary:
        folder = Path(temporary)
        source = folder / "items.jsonl"
        write_items(args.data, source, args.items)
        # Load the summarizer before forking, as the CLI process has by the time it forks.
        local(source, folder / "warm.jsonl", 1)
        begin = time.perf_counter()
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            client.register_plugin(batch_dask.Warmup(OPTIONS.method))
            started = time.perf_counter() - begin
            runs: dict[str, Callable[[], object]] = {
                "local --workers 1": lambda: local(source, folder / "l1.jsonl", 1),
                "local --workers 2": lambda: local(source, folder / "l2.jsonl", 2),
                "dask, 2 workers (LocalCluster)": lambda: dask_run(
                    client, source, folder / "d.jsonl"
                ),
            }
            # Interleaved rounds, so a busy moment on a shared machine hits every engine alike.
            times: dict[str, list[float]] = {name: [] for name in runs}
            for _round in range(args.repeats):
                for name, once in runs.items():
                    times[name].append(best(1, once))
        rows = [(name, min(seconds)) for name, seconds in times.items()]
        count = args.items
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{count} articles, method {OPTIONS.method}, {os.cpu_count()} CPUs, best of "
              f"{args.repeats} interleaved rounds; load average now {load}\n")  # fmt: skip
        print("| engine | seconds | articles/s | vs local 2 workers |")
        print("| --- | ---: | ---: | ---: |")
        local2 = count / rows[1][1]
        for name, secs in rows:
            rate = count / secs
            print(f"| {name} | {secs:.2f} | {rate:.0f} | {rate / local2:.0%} |")
        ratio = (count / rows[2][1]) / local2
        verdict = "PASS" if ratio >= MIN_RATIO else "FAIL"
        print(f"\ndask keeps {ratio:.0%} of local 2-worker throughput (target >= 80%): {verdict}")
        print(f"LocalCluster start-up with the summarizer loaded: {started:.2f} s "
              f"(end to end with it: {count / (rows[2][1] + started):.0f} articles/s)")  # fmt: skip
        if not args.no_resume:
            print("\nresume: " + resume_check(source, folder, count))
    return 0 if ratio >= MIN_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
