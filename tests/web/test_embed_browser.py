"""The widget on a publisher's page, in a real browser: Playwright drives Debian's Chromium
(headless). The publisher's pages come from a plain server on http://127.0.0.2:PORT (registered)
and http://127.0.0.3:PORT (a copy, not registered); newsbrief is the real app under uvicorn on
http://127.0.0.1:PORT, once per database.

Set ``NEWSBRIEF_EMBED_SCREENSHOTS=docs`` to refresh docs/embed-light.png and docs/embed-dark.png.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Locator, Page, Request, Response, sync_playwright
from publisher_site import (
    HOSTILE_CSS,
    STORY,
    PublisherSite,
    article_page,
    empty_tables,
    serving,
    wait_for,
)
from publisher_site import (
    Page as Served,
)

from newsbrief.config import Settings
from newsbrief.storage import Store
from newsbrief.storage.sites import Publishers
from newsbrief.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
WIDGET = "newsbrief-summary"
# Recorded before the widget's script runs: the boxes the page laid out without it.
BOXES_BEFORE = (
    "<script>window.__before = Array.from(document.querySelectorAll("
    "'newsbrief-summary, #story-body p')).map(function (e) {"
    "var r = e.getBoundingClientRect(); return [r.top, r.height]; });</script>"
)
# Installed before any page script: every write to cookies or storage, and every layout shift.
WATCH = """
window.__writes = [];
(function () {
  var note = function (what) { return function () { window.__writes.push(what); }; };
  var cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', {
    get: function () { return cookie.get.call(document); },
    set: function (v) { window.__writes.push('cookie'); cookie.set.call(document, v); }
  });
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function () {
    note('storage')();
    return setItem.apply(this, arguments);
  };
  var open = indexedDB.open.bind(indexedDB);
  indexedDB.open = function () { note('indexedDB')(); return open.apply(null, arguments); };
  if (window.caches) {
    var co = caches.open.bind(caches);
    caches.open = function () { note('caches')(); return co.apply(null, arguments); };
  }
  navigator.sendBeacon = note('beacon');
})();
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__shifts.push(e.value); });
}).observe({type: 'layout-shift', buffered: true});
"""


@dataclass
class Scene:
    newsbrief: str
    publisher: PublisherSite
    copycat: PublisherSite
    server: uvicorn.Server
    thread: threading.Thread

    def stop_newsbrief(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


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


def _serve(site: PublisherSite, service: str, key: str, canonical_origin: str) -> None:
    story = canonical_origin + "/story.html"
    site.pages["/story.html"] = Served(article_page(service=service, key=key, canonical=story))
    site.pages["/measured.html"] = Served(
        article_page(service=service, key=key, canonical=story, tail=BOXES_BEFORE)
    )
    site.pages["/hostile.html"] = Served(
        article_page(service=service, key=key, canonical=story, css=HOSTILE_CSS)
    )
    site.pages["/fr.html"] = Served(article_page(service=service, key=key, lang="fr"))
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    site.pages["/menu.html"] = Served(
        f'<!doctype html><html><head><script src="{service}/embed.js" data-site="{key}" defer>'
        f"</script></head><body><ul>{menu}</ul><{WIDGET}></{WIDGET}></body></html>".encode()
    )


@pytest.fixture
def scene(store: Store) -> Iterator[Scene]:
    """The publisher (registered), its copycat (not), and newsbrief under uvicorn."""
    empty_tables(store)
    with serving("127.0.0.2") as publisher, serving("127.0.0.3") as copycat:
        site = Publishers(store.engine).add(["127.0.0.2"], [publisher.origin], allow_private=True)
        app = create_app(Settings(database_url="unused://"), store=store)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        wait_for(lambda: server.started or not thread.is_alive(), 20, "uvicorn to start")
        newsbrief = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        _serve(publisher, newsbrief, site.key, publisher.origin)
        _serve(copycat, newsbrief, site.key, publisher.origin)
        made = Scene(newsbrief, publisher, copycat, server, thread)
        try:
            yield made
        finally:
            made.stop_newsbrief()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 900, "height": 700})
    context.add_init_script(WATCH)
    opened = context.new_page()
    yield opened
    context.close()


def button(page: Page, index: int = 0) -> Locator:
    return page.locator(WIDGET).nth(index).get_by_role("button")


def panel(page: Page, index: int = 0) -> Locator:
    return page.locator(WIDGET).nth(index).locator(".out")


def story_html(page: Page) -> str:
    html: str = page.locator("#story-body").inner_html()
    return html


def test_the_button_appears_twice_and_the_summary_opens_in_place(page: Page, scene: Scene) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    story = scene.publisher.url("/story.html")
    page.goto(story)
    buttons = page.get_by_role("button", name="No time to read? Get a summary")
    buttons.first.wait_for()
    assert buttons.count() == 2
    before = story_html(page)
    assert button(page).get_attribute("aria-expanded") == "false"
    button(page).click()
    text = panel(page).locator(".text")
    text.wait_for()
    assert page.url == story  # in place: no navigation
    assert button(page).get_attribute("aria-expanded") == "true"
    assert page.get_by_role("region", name="Summary").count() == 1  # the open one
    shown = text.inner_text()
    assert shown and all(s.inner_text() in " ".join(STORY) for s in text.locator("a").all())
    # Key points by default: every point found in the story, every one a jump to it.
    assert text.locator("a").count() == 5
    assert panel(page).locator(".note").inner_text() == "5 sentences picked from this article"
    assert panel(page, 1).inner_text() == ""  # the other button stays closed
    assert story_html(page) == before
    button(page).click()
    assert button(page).get_attribute("aria-expanded") == "false" and panel(page).inner_text() == ""
    # Only the publisher's own page and newsbrief (the script, one summary) were asked.
    foreign = [u for u in requests if not u.startswith(scene.publisher.origin)]
    assert foreign and all(u.startswith(scene.newsbrief + "/") for u in foreign)
    assert sorted(u.split("?")[0].rsplit("/", 1)[1] for u in foreign) == ["embed.js", "summary"]


def test_the_keyboard_opens_and_closes_it_and_follows_a_sentence(
    browser: Browser, scene: Scene
) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 500})
    try:
        page = context.new_page()
        page.goto(scene.publisher.url("/story.html"))
        button(page, 1).wait_for()
        page.keyboard.press("Tab")  # the masthead link
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.localName + '/' + "
            "document.activeElement.shadowRoot.activeElement.localName"
        )
        assert focused == "newsbrief-summary/button"
        outline = button(page).evaluate("b => getComputedStyle(b).outlineStyle")
        assert outline == "solid"  # visible focus
        page.keyboard.press("Enter")
        panel(page).locator(".text").wait_for()
        assert button(page).get_attribute("aria-expanded") == "true"
        page.keyboard.press("Space")
        assert button(page).get_attribute("aria-expanded") == "false"
        # The bottom button's first sentence leads back up to the story's first paragraph.
        button(page, 1).focus()
        page.keyboard.press("Space")
        first = panel(page, 1).locator(".text a").first
        first.wait_for()
        first.focus()
        page.keyboard.press("Enter")
        wait_for(
            lambda: page.evaluate(
                "(() => { var r = document.querySelector('#story-body p').getBoundingClientRect();"
                " return r.top >= 0 && r.bottom <= innerHeight; })()"
            ),
            message="the first paragraph to scroll into view",
        )
        assert page.evaluate("CSS.highlights.has('newsbrief')")
        assert page.locator("#story-body mark").count() == 0  # painted, not rewritten
    finally:
        context.close()


def test_a_hostile_stylesheet_does_not_break_it(page: Page, scene: Scene) -> None:
    page.goto(scene.publisher.url("/hostile.html"))
    top = button(page)
    top.wait_for()
    style = top.evaluate(
        "b => { var s = getComputedStyle(b);"
        " return [s.display, s.color, s.fontSize, s.visibility]; }"
    )
    assert style[0] == "flex" and style[1] != "rgb(255, 0, 0)" and style[2] == "16px"
    assert style[3] == "visible"
    box = top.bounding_box()
    assert box is not None and 44 <= box["height"] <= 48
    top.click()
    text = panel(page).locator(".text")
    text.wait_for()
    region = panel(page).bounding_box()
    assert region is not None and region["height"] > 40 and region["y"] > box["y"]
    assert text.evaluate("t => getComputedStyle(t).color") != "rgb(255, 0, 0)"


def test_an_unregistered_origin_gets_a_refusal_and_no_summary(page: Page, scene: Scene) -> None:
    answers: list[tuple[str, int]] = []

    def seen(response: Response) -> None:
        if "/api/v1/summary" in response.url:
            answers.append((response.url, response.status))

    failed: list[Request] = []
    page.on("response", seen)
    page.on("requestfailed", lambda request: failed.append(request))
    page.goto(scene.copycat.url("/story.html"))
    button(page).click()
    message = panel(page).locator(".msg")
    wait_for(lambda: message.inner_text() != "Summarizing…", message="the answer")
    assert message.inner_text() == "The summary is unavailable right now."
    assert panel(page).locator(".text").count() == 0
    # What the browser was refused: a 403 without CORS headers (so the page cannot read it).
    direct = httpx.get(
        f"{scene.newsbrief}/api/v1/summary",
        params={"url": scene.publisher.url("/story.html"), "site": _key(page)},
        headers={"Origin": scene.copycat.origin},
    )
    assert direct.status_code == 403 and direct.json()["error"]["code"] == "origin_refused"
    assert "access-control-allow-origin" not in direct.headers
    assert answers or failed  # the request was made, and refused
    assert scene.publisher.fetches("/story.html") == []


def _key(page: Page) -> str:
    key: str = page.evaluate("document.querySelector('script[data-site]').dataset.site")
    return key


def test_newsbrief_down_leaves_the_page_intact(browser: Browser, page: Page, scene: Scene) -> None:
    errors: list[Any] = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(scene.publisher.url("/story.html"))
    button(page).wait_for()
    before = story_html(page)
    scene.stop_newsbrief()
    button(page).click()
    wait_for(
        lambda: panel(page).inner_text() == "The summary is unavailable right now.",
        message="the one-line failure",
    )
    assert story_html(page) == before and errors == []
    # Down before the page loads (and no copy of the script in the browser's cache): no
    # button, and the same story.
    fresh = browser.new_context()
    try:
        cold = fresh.new_page()
        cold.on("pageerror", lambda error: errors.append(error))
        cold.goto(scene.publisher.url("/story.html"))
        assert cold.locator(WIDGET).count() == 2
        assert cold.evaluate("customElements.get('newsbrief-summary') === undefined")
        assert story_html(cold) == before and errors == []
    finally:
        fresh.close()


def test_nothing_moves_before_it_opens_and_it_opens_below(page: Page, scene: Scene) -> None:
    page.goto(scene.publisher.url("/measured.html"))
    button(page, 1).wait_for()
    after = page.evaluate(
        "Array.from(document.querySelectorAll('newsbrief-summary, #story-body p'))"
        ".map(function (e) { var r = e.getBoundingClientRect(); return [r.top, r.height]; })"
    )
    before = page.evaluate("window.__before")
    assert len(before) == len(STORY) + 2 and after == before
    assert page.evaluate("window.__shifts") == []
    top = button(page).bounding_box()
    button(page).click()
    panel(page).locator(".text").wait_for()
    assert button(page).bounding_box() == top  # the button stays put...
    region = panel(page).bounding_box()
    assert top is not None and region is not None and region["y"] >= top["y"] + top["height"]


def test_no_cookie_no_storage(page: Page, scene: Scene) -> None:
    set_cookies: list[str] = []
    page.on(
        "response",
        lambda response: set_cookies.extend(
            v for k, v in response.headers.items() if k.lower() == "set-cookie"
        ),
    )
    page.goto(scene.publisher.url("/story.html"))
    for index in (0, 1):
        button(page, index).click()
        panel(page, index).locator(".text a").first.click()
    button(page).click()
    assert page.evaluate("window.__writes") == []
    assert page.context.cookies() == [] and set_cookies == []
    assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [
        0,
        0,
        "",
    ]
    assert page.evaluate("indexedDB.databases().then(d => d.length)") == 0


def test_the_labels_follow_the_page_language(page: Page, scene: Scene) -> None:
    page.goto(scene.publisher.url("/fr.html"))
    top = page.get_by_role("button", name="Pas le temps de lire ? Obtenir un résumé").first
    top.click()
    note = panel(page).locator(".note")
    note.wait_for()
    assert note.inner_text() == "5 phrases tirées de cet article"


def test_a_page_without_an_article_says_so(page: Page, scene: Scene) -> None:
    page.goto(scene.publisher.url("/menu.html"))
    button(page).click()
    message = panel(page).locator(".msg")
    wait_for(lambda: message.inner_text() != "Summarizing…", message="the answer")
    assert message.inner_text() == "This page has no article to summarize."


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(
    browser: Browser, scene: Scene, scheme: Literal["light", "dark"], tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 760, "height": 640}, color_scheme=scheme, device_scale_factor=1
    )
    try:
        page = context.new_page()
        page.goto(scene.publisher.url("/story.html"))
        button(page).click()
        panel(page).locator(".text").wait_for()
        background = button(page).evaluate("b => getComputedStyle(b).backgroundColor")
        assert background == ("rgb(138, 180, 248)" if scheme == "dark" else "rgb(11, 87, 208)")
        shot = tmp_path / f"embed-{scheme}.png"
        page.screenshot(path=str(shot))
        target = os.environ.get("NEWSBRIEF_EMBED_SCREENSHOTS")
        if target:
            shutil.copyfile(shot, Path(target) / shot.name)
    finally:
        context.close()
