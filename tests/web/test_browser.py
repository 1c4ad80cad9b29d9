"""The reader in a real browser: Playwright drives Debian's Chromium (headless) against uvicorn on
a free loopback port, once per database.

Set ``NEWSBRIEF_SCREENSHOT=docs/screenshot-article.png`` to refresh the screenshot in the docs.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Dialog, Page, sync_playwright
from scripted_llm import Step, scripted

from newsbrief.config import LlmSettings, Settings
from newsbrief.models import Article
from newsbrief.storage import Store
from newsbrief.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]

STORIES = [
    (
        "Harbour Ferry Returns After Winter Overhaul",
        "The harbour ferry between Eastport and Skerrow returned to service on Monday after three "
        "months in dry dock. Engineers replaced both engines with a hybrid system that cuts fuel "
        "use by a third.\n\nCommuters said the detour round the estuary had added forty minutes "
        "each way. The operator froze fares until the end of the summer.\n\nA later evening "
        "sailing will be added on Fridays and Saturdays from May. Councillors asked for a reserve "
        "vessel so that future repairs do not cut the service entirely.\n\nThe overhaul cost 4.2 "
        "million, half of it paid by the regional transport fund.",
    ),
    (
        "Central Library to Open Until Ten at Night",
        "Eastport's central library will stay open until 10pm on weekdays from April. A survey "
        "found late opening was the change readers wanted most.\n\nA three-year grant from the "
        "county arts fund pays for the hours and six new part-time posts. Most of the new staff "
        "will run homework clubs in the evenings.\n\nOpposition councillors asked what happens "
        "when the grant ends. The council will review usage after the first year.",
    ),
    (
        "River Wend Bursts Banks After Two Days of Rain",
        "The River Wend burst its banks in three places overnight, flooding roads in the lower "
        "town. About forty homes were evacuated as a precaution.\n\nThe river peaked at 3.1 metres "
        "just after 2am, the highest level since 2012. Flood warnings remain in force.\n\nNo one "
        "was hurt. Engineers will inspect the south bank wall next week.",
    ),
]
HOSTILE_TITLE = "<script>window.__pwned = 1</script>Council <img src=x onerror=alert(1)> vote"
HOSTILE_BODY = (
    "The council voted on Tuesday. <script>window.__pwned = 2; alert('body')</script> "
    'Members <img src=x onerror="window.__pwned = 3"> agreed. Read '
    '<a href="javascript:window.__pwned=4">more</a> here.\n\n'
    "The decision takes effect next month, officials said. Residents may appeal."
)


@dataclass
class Live:
    url: str
    ids: list[int]
    hostile: int


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def live(store: Store, database_url: str) -> Iterator[Live]:
    """The site on a real uvicorn server, on a free 127.0.0.1 port, with three stories and one
    hostile article."""
    base = datetime(2025, 3, 10, 8, tzinfo=UTC)
    ids = [
        store.articles.add(
            Article(
                body,
                title=title,
                byline="Mara Quill",
                published=(base + timedelta(days=n)).isoformat(),
                url=f"https://eastport-gazette.example/{n}",
            )
        ).id
        for n, (title, body) in enumerate(STORIES)
    ]
    hostile = store.articles.add(
        Article(HOSTILE_BODY, title=HOSTILE_TITLE, url="javascript:window.__pwned=5")
    ).id
    with serving(create_app(Settings(database_url=database_url), store=store)) as url:
        yield Live(url, ids, hostile)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` on uvicorn on a free loopback port; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def test_summary_appears_in_place(page: Page, live: Live, tmp_path: Path) -> None:
    article = f"{live.url}/articles/{live.ids[0]}"
    page.goto(article)
    button = page.locator("#summary-button-top")
    assert button.get_attribute("aria-expanded") == "false"
    panel = page.locator("#summary-panel-top")
    assert panel.is_hidden()
    button.click()
    panel.locator(".summary-note").wait_for()
    assert page.url == article  # in place: no navigation
    assert button.get_attribute("aria-expanded") == "true"
    # What the short summary would repeat of the opening paragraph just below, it points at.
    short = panel.locator(".summary-text").inner_text()
    body = " ".join(page.locator(".story-body").inner_text().split())
    assert all(part.strip() in body for part in short.split(". ") if part.strip())
    assert short or panel.locator(".summary-seen").is_visible()
    panel.locator('[data-length="points"]').click()
    panel.locator("ul.summary-text li").first.wait_for()
    assert panel.locator("ul.summary-text li").count() >= 2
    assert page.url == article
    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=False)
    target = os.environ.get("NEWSBRIEF_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)
    button.click()
    assert panel.is_hidden()


def test_button_works_from_the_keyboard(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/articles/{live.ids[1]}")
    page.locator("#summary-button-bottom").focus()
    page.keyboard.press("Enter")
    page.locator("#summary-panel-bottom .summary-note").wait_for()
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('summary-panel-bottom').hidden === true")


def test_next_and_previous_article(page: Page, live: Live) -> None:
    first, second, third = live.ids
    page.goto(f"{live.url}/articles/{second}")
    page.get_by_role("link", name="Next article").click()
    page.wait_for_url(f"{live.url}/articles/{third}")
    assert page.locator("h1").inner_text() == STORIES[2][0]
    page.get_by_role("link", name="Previous article").click()
    page.wait_for_url(f"{live.url}/articles/{second}")
    page.get_by_role("link", name="Previous article").click()
    page.wait_for_url(f"{live.url}/articles/{first}")
    assert page.locator("h1").inner_text() == STORIES[0][0]


def test_button_without_javascript_opens_the_summary_page(browser: Browser, live: Live) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live.url}/articles/{live.ids[0]}")
        page.locator("#summary-button-top").click()
        page.wait_for_url(f"{live.url}/articles/{live.ids[0]}/summary")
        assert page.locator(".summary-text").inner_text().strip()
        page.locator('[data-length="medium"]').click()
        page.wait_for_url("**/summary?length=medium")
        page.get_by_role("link", name="Read the full article →").click()
        page.wait_for_url(f"{live.url}/articles/{live.ids[0]}")
    finally:
        context.close()


def test_hostile_article_runs_nothing(page: Page, live: Live) -> None:
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.goto(f"{live.url}/articles/{live.hostile}")
    page.locator("#summary-button-top").click()
    page.locator("#summary-panel-top .summary-note").wait_for()
    page.goto(f"{live.url}/?q=council")
    page.goto(f"{live.url}/articles/{live.hostile}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    assert page.locator(".story-body img, .story-body script, .story-body a").count() == 0


def test_phone_width_has_no_sideways_scroll(browser: Browser, live: Live) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{live.url}/articles/{live.ids[0]}")
        page.locator("#summary-button-top").click()
        page.locator("#summary-panel-top .summary-note").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        box = page.locator("#summary-button-top").bounding_box()
        assert box is not None and box["height"] >= 44  # a comfortable tap target
    finally:
        context.close()


def test_ai_rewrite_is_not_offered_when_no_llm_answers(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/articles/{live.ids[0]}")
    page.locator("#summary-button-top").click()
    panel = page.locator("#summary-panel-top")
    panel.locator(".summary-note").wait_for()
    assert panel.locator("[data-ai-stream]").count() == 0
    assert "AI rewrite" not in panel.inner_text()


def test_ai_rewrite_falls_back_to_the_extractive_summary(
    page: Page, live: Live, store: Store, database_url: str
) -> None:
    # The server answers its health check, then fails the summary: the reader keeps the
    # extractive summary and is told the rewrite is unavailable, not how the site is set up.
    with scripted(Step(status=503)) as (url, _):
        llm = LlmSettings(url=url, retries=0, timeout=5)
        app = create_app(Settings(database_url=database_url, llm=llm), store=store)
        with serving(app) as base:
            article = f"{base}/articles/{live.ids[0]}"
            page.goto(article)
            page.locator("#summary-button-top").click()
            panel = page.locator("#summary-panel-top")
            panel.locator("[data-ai-stream]").wait_for()
            extractive = panel.locator(".summary-text").inner_text()
            panel.locator("[data-ai-stream]").click()
            panel.locator('[data-llm-fallback="true"]').wait_for(timeout=15_000)
    assert page.url == article
    assert panel.locator(".summary-text").inner_text() == extractive
    note = panel.locator(".summary-note").first.inner_text()
    assert "AI rewrite unavailable: the AI model is not available right now" in note


def _visible_sentences(page: Page, selector: str) -> list[str]:
    texts: list[str] = page.locator(selector).evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.innerText)"
    )
    return [s.strip(" .") for t in texts for s in t.replace("\n", " ").split(". ") if s.strip()]


@pytest.mark.parametrize("length", ["short", "medium", "points"])
def test_no_sentence_is_on_screen_twice(page: Page, live: Live, length: str) -> None:
    page.goto(f"{live.url}/articles/{live.ids[0]}")
    page.locator("#summary-button-top").click()
    panel = page.locator("#summary-panel-top")
    panel.locator(".summary-note").wait_for()
    if length != "short":
        panel.locator(f'[data-length="{length}"]').click()
        panel.locator(f'[data-length="{length}"][aria-pressed="true"]').wait_for()
    opening = _visible_sentences(page, ".story-body p:first-child")
    summary = _visible_sentences(page, "#summary-panel-top .summary-text")
    assert opening and not set(summary) & set(opening), (summary, opening)
    # What the panel leaves out, it points at.
    if length == "short":
        assert "opening paragraph, just below" in panel.inner_text()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_api_docs_render_their_operations(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/docs")
    listing = page.locator(".opblock-get .opblock-summary-path", has_text="/api/v1/articles")
    listing.first.wait_for(timeout=15_000)
    summary = page.locator('.opblock-get [data-path="/api/v1/articles/{article_id}/summary"]')
    assert summary.count() == 1
    assert page.get_by_text("Unable to render this definition").count() == 0
