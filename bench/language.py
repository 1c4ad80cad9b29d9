"""Language identification: the shipped identifier against py3langid (the one it replaced).

    python -m bench.language --data ../shared/data

For the dev articles (CNN/DM, XSum, Newsroom) and the extraction sets' true texts, on the same
1,000-character samples extraction reads: how often the two name the same language, where they
differ, the milliseconds per sample, and the resident memory each adds to a process (each
measured in a fresh process, after importing newsbrief's extraction, so the figures do not mix).
py3langid must be installed for the comparison (``pip install py3langid``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

_SETS = ("cnndm_dev", "xsum_dev", "newsroom_dev")
_SAMPLE = 1000
# Run in a fresh process per identifier: loads it, times it over the samples, prints JSON.
_PROBE = """
import json, sys, time
import newsbrief.reading.extraction
def rss():
    with open('/proc/self/status') as f:
        return int(f.read().split('VmRSS:')[1].split()[0]) / 1024
samples = json.load(open(sys.argv[2]))
before = rss()
if sys.argv[1] == 'py3langid':
    import py3langid
    name = lambda t: str(py3langid.classify(t)[0])
else:
    from newsbrief.reading.language import detect_language
    name = lambda t: detect_language(t)
first = time.perf_counter(); name(samples[0]); first = time.perf_counter() - first
started = time.perf_counter()
found = [name(t) for t in samples]
took = time.perf_counter() - started
print(json.dumps({"codes": found, "ms": 1000 * took / len(samples), "first_s": first,
                  "mb": rss() - before}))
"""


def samples(data: Path) -> list[str]:
    texts = []
    for name in _SETS:
        for line in (data / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append(str(record.get("text") or record.get("article") or ""))
    for folder in ("extraction", "extraction-more"):
        truth = data / folder / "ground_truth.jsonl"
        for line in truth.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append(str(record.get("text") or record.get("article") or ""))
    return [t[:_SAMPLE] for t in texts if t.strip()]


def probe(identifier: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, identifier, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsbrief-language.json"))
    args = parser.parse_args(argv)
    texts = samples(args.data)
    args.out.write_text(json.dumps(texts), encoding="utf-8")
    shipped = probe("shipped", args.out)
    old = probe("py3langid", args.out)
    ours, theirs = list(shipped["codes"]), list(old["codes"])  # type: ignore[call-overload]
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    print(f"samples: {len(texts)} ({_SAMPLE} characters each)")
    print(f"same language: {same} / {len(texts)} ({100 * same / len(texts):.1f} %)")
    print("py3langid's languages:", dict(Counter(theirs).most_common()))
    differ = Counter((b, a) for a, b in zip(ours, theirs, strict=True) if a != b)
    print("differ (py3langid -> shipped):", dict(differ))
    for label, result in (("shipped (fastText lid.176.ftz)", shipped), ("py3langid", old)):
        print(
            f"{label}: {result['ms']:.3f} ms per sample, first call {result['first_s']:.2f} s, "
            f"+{result['mb']:.0f} MB resident"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
