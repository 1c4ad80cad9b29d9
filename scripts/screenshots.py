"""The screenshots in docs/: `make run`'s demo, shot with Playwright and Debian's Chromium.

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py [--data ../shared/data] [--out docs]

Starts `make run` (setup skipped: run it from a set-up checkout) on a free port with a database
in a temporary folder, waits for the health check, shoots the home page and an article with its
key points open, on a desktop (1280x900) and a phone (390x844) viewport, and the API docs page
(desktop), stops the demo and writes
palette PNGs (Pillow) so the images stay small in the repository.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
# Ingesting the whole demo data set takes minutes on a busy machine.
STARTUP_SECONDS = 1200
SUMMARY_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as response:
            return response.status == 200 and bool(json.load(response))
    except OSError:
        return False


@contextmanager
def demo(data: Path, venv: Path) -> Iterator[str]:
    """`make run` on a free port with a fresh database; its base URL once it answers."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="newsbrief-shots-") as folder:
        env = {
            **os.environ,
            "NEWSBRIEF_DATABASE_URL": f"sqlite:///{Path(folder) / 'demo.db'}",
            "PYTHONPATH": str(ROOT / "src"),
        }
        log = (Path(folder) / "demo.log").open("wb")
        command = ["make", "-o", "setup", "run", f"VENV={venv}", f"DATA={data}", f"PORT={port}"]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not healthy(base):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (Path(folder) / "demo.log").read_text(errors="replace")[-2000:]
                    raise SystemExit(f"the demo did not start:\n{tail}")
                time.sleep(0.5)
            yield base
        finally:
            # The whole group: make, and the server it started.
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()


def save(png: bytes, path: Path) -> None:
    """``png`` as a 256-colour palette PNG: screenshots of text and flat colour lose nothing
    visible and shrink several times."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def article_url(page: Page, base: str, query: str | None) -> str:
    """The first article on the home page, or the first one a search finds."""
    page.goto(f"{base}/?q={urllib.parse.quote(query)}" if query else base)
    href = page.locator(".article-card h2 a").first.get_attribute("href")
    if not href:
        raise SystemExit("no article to shoot")
    return base + href


def _settled(page: Page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('#summary-panel-top[aria-busy]')",
        timeout=SUMMARY_SECONDS * 1000,
    )


def shoot(base: str, out: Path, query: str | None) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        try:
            for name, (width, height) in VIEWPORTS.items():
                page = browser.new_page(
                    viewport={"width": width, "height": height}, device_scale_factor=1
                )
                page.goto(base)
                save(page.screenshot(), out / f"screenshot-home-{name}.png")
                page.goto(article_url(page, base, query))
                page.click("#summary-button-top")
                panel = page.locator("#summary-panel-top")
                panel.wait_for(state="visible", timeout=SUMMARY_SECONDS * 1000)
                _settled(page)
                # The key points, as a reader in a hurry picks them.
                panel.locator('[data-length="points"]').click()
                _settled(page)
                panel.locator("li").first.wait_for(timeout=SUMMARY_SECONDS * 1000)
                save(page.screenshot(), out / f"screenshot-article-{name}.png")
                if name == "desktop":
                    page.goto(f"{base}/docs")
                    operation = page.locator(".opblock-get .opblock-summary-path")
                    operation.first.wait_for(timeout=SUMMARY_SECONDS * 1000)
                    save(page.screenshot(), out / "screenshot-docs.png")
                page.close()
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--venv", type=Path, default=Path(sys.prefix), help="its bin/newsbrief")
    parser.add_argument("--article", help="search words picking the article (default: the first)")
    arguments = parser.parse_args()
    with demo(arguments.data.resolve(), arguments.venv) as base:
        shoot(base, arguments.out.resolve(), arguments.article)


if __name__ == "__main__":
    main()
