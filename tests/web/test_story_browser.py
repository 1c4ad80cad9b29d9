"""A story in a real browser: the timeline, and "Catch me up" remembering the last visit.

Set ``NEWSBRIEF_STORY_SCREENSHOT=docs/screenshot-story.png`` to refresh the screenshot in the
docs.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page
from stories.test_grouping import QUAKE
from web.test_browser import browser  # noqa: F401  (the shared Chromium fixture)

from newsbrief.config import Settings
from newsbrief.models import Article
from newsbrief.storage import Store
from newsbrief.web.app import create_app

TITLES = ["Earthquake devastates Haiti", "Aid reaches Port-au-Prince", "Survivors sleep outdoors"]


@pytest.fixture
def story_site(store: Store, database_url: str) -> Iterator[tuple[str, int]]:
    store.stories.clear()
    for n, (title, text) in enumerate(zip(TITLES, QUAKE, strict=True)):
        store.articles.add(Article(text, title=title, published=f"2010-01-{13 + n}T09:00:00Z"))
    story = store.stories.latest(min_articles=2).items[0].id
    app = create_app(Settings(database_url=database_url), store=store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", story
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811  (the fixture imported above)
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


def test_catch_me_up_remembers_the_last_visit(
    page: Page, story_site: tuple[str, int], tmp_path: Path
) -> None:
    url, story = story_site
    page.goto(f"{url}/stories/{story}")
    assert page.locator("h1").inner_text() == TITLES[0]
    assert page.locator(".timeline-entry").count() >= 2
    assert page.locator(".story-articles h3").all_inner_texts() == TITLES
    # The first visit: no earlier one, so the story so far.
    button = page.locator("#catchup-button")
    button.click()
    page.locator("[data-catchup-result]").wait_for()
    assert "The story so far" in page.locator("#catchup-panel").inner_text()
    today = datetime.now(UTC).date().isoformat()
    assert page.evaluate(f"localStorage.getItem('newsbrief.story.{story}.visit')") == today
    # As if the reader had last come on 15 January: only what was published since.
    page.evaluate(f"localStorage.setItem('newsbrief.story.{story}.visit', '2010-01-15')")
    page.reload()
    assert page.locator("[data-catchup-label]").inner_text() == "Last here 2010-01-15?"
    page.locator("#catchup-button").click()
    panel = page.locator("#catchup-panel")
    panel.locator("[data-catchup-result]").wait_for()
    text = panel.inner_text()
    assert "Since 15 January 2010 · 1 article" in text and TITLES[2] in text
    assert TITLES[0] not in text
    shot = tmp_path / "story.png"
    page.screenshot(path=str(shot), full_page=True)
    target = os.environ.get("NEWSBRIEF_STORY_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)
    # Back again today: the last visit was just now, and nothing came since.
    page.reload()
    page.locator("#catchup-button").click()
    page.locator("[data-catchup-result][data-nothing-new]").wait_for()
    assert "Nothing new since" in page.locator("#catchup-panel").inner_text()


def test_an_article_links_to_its_story(page: Page, story_site: tuple[str, int]) -> None:
    url, story = story_site
    page.goto(f"{url}/")
    page.get_by_role("link", name=TITLES[0]).first.click()
    page.wait_for_url(f"**/stories/{story}")
    page.locator(".story-articles a").nth(1).click()
    page.get_by_text("Part of the story:").wait_for()
    page.locator(".story-line a").click()
    page.wait_for_url(f"{url}/stories/{story}")


def test_without_javascript_the_button_opens_the_story_so_far(
    browser: Browser,  # noqa: F811
    story_site: tuple[str, int],
) -> None:
    url, story = story_site
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}/stories/{story}")
        page.locator("#catchup-button").click()
        page.wait_for_url(f"{url}/stories/{story}/catchup")
        assert "The story so far" in page.locator("[data-catchup-result]").inner_text()
    finally:
        context.close()
