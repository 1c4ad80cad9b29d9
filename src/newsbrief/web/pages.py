"""The reader's pages: the latest articles, an article with its summary button, a summary page.

Everything an article supplies reaches the page through Jinja's autoescaping as text; the body is
never rendered as HTML, so markup inside a stored article shows as characters and runs nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from newsbrief import summarizers
from newsbrief.render import display_paragraphs
from newsbrief.storage import StoredArticle, StoryInfo
from newsbrief.stories.timeline import TimelineEntry
from newsbrief.web import stories
from newsbrief.web.limits import client_of
from newsbrief.web.panel import Position, offered_lengths, one_button, paragraph_span, shown
from newsbrief.web.state import Site, parse_id, parse_story_id, site_of
from newsbrief.web.summaries import (
    DEFAULT_LENGTH,
    UNAVAILABLE,
    length_named,
    reader_message,
    summary_of,
)

router = APIRouter(include_in_schema=False)
SiteDep = Annotated[Site, Depends(site_of)]
_SNIPPET_WORDS = 36
HOME_STORIES = 5
PAGE_DATES = 10


def safe_link(url: str | None) -> str | None:
    """Only http(s) URLs become links: a ``javascript:`` or ``data:`` URL is shown as nothing."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in {"http", "https"} else None


def paragraphs(text: str) -> list[str]:
    """The body as the page shows it: long paragraphs in pieces of a few sentences."""
    return display_paragraphs(text)


def snippet(text: str) -> str:
    words = text.split()
    return " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")


def display_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def card(stored: StoredArticle) -> dict[str, Any]:
    # Only a publication date is shown: when the article was stored is not when it was news.
    date = stored.published_at
    return {
        "id": stored.id,
        "title": stored.title,
        "date": display_date(date),
        "datetime": date.isoformat() if date else "",
        "source": stored.source,
        "minutes": stored.reading_minutes,
        "snippet": snippet(stored.article.text),
    }


def story_card(story: StoryInfo) -> dict[str, Any]:
    first, last = story.first_day, story.last_day
    span = display_date(first) if first == last else f"{display_date(first)} – {display_date(last)}"
    return {"id": story.id, "title": story.title, "articles": story.articles, "span": span}


def timeline_row(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": display_date(entry.day),
        "datetime": entry.day.isoformat(),
        "sentences": entry.sentences,
    }


async def _summary_context(
    request: Request, article_id: str, length: str | None, ai: bool, at: Position | None = None
) -> dict[str, Any]:
    """What the summary page and panel show. ``ai``: the abstractive summary (it falls back to
    the extractive one with a note), offered only while the LLM server answers its health
    check; computing it counts against the client's limits. ``at``: the button the panel opens
    under, whose neighbouring paragraph the panel does not repeat."""
    site = site_of(request)
    chosen = length_named(length)
    stored = await run_in_threadpool(site.store.articles.get, parse_id(article_id))
    offer_ai = await run_in_threadpool(site.llm_health.answered)
    options = chosen.options("llm" if ai and offer_ai else "news")
    payload = await summary_of(site, client_of(request), stored, options)
    count, span = await run_in_threadpool(_layout, stored, at)
    visible = shown(payload["sentences"], span, at)
    notes = [str(n) for n in payload["notes"]] if options.method == "llm" else []
    llm = payload.get("llm")
    if isinstance(llm, dict) and llm.get("status") == "fallback":
        notes = [f"AI rewrite unavailable: {reader_message(llm['code'], llm['message'])}."]
    elif ai and not offer_ai:
        notes = [f"AI rewrite unavailable: {UNAVAILABLE}."]
    return {
        "article": card(stored),
        "length": chosen,
        "lengths": offered_lengths(count, chosen),
        "sentences": visible.sentences,
        "seen": visible.seen,
        "seen_where": visible.where,
        "summary_words": payload["words"],
        "method": payload["method"],
        "ai": payload["method"] == "llm",
        "offer_ai": offer_ai,
        "notes": notes,
    }


def _layout(stored: StoredArticle, at: Position | None) -> tuple[int, tuple[int, int] | None]:
    """The article's sentence count, and where the paragraph beside the panel at ``at`` is."""
    text = stored.article.text
    count = len(summarizers.segment(stored.article).sentences)
    shown_paragraphs = paragraphs(text)
    if at is None or not shown_paragraphs:
        return count, None
    beside = shown_paragraphs[0] if at == "top" else shown_paragraphs[-1]
    return count, paragraph_span(text, beside)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    site: SiteDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    per_page = site.settings.page_size
    query = (q or "").strip()
    found = (
        site.store.articles.search(query, page, per_page)
        if query
        else site.store.articles.latest(page, per_page)
    )
    stories = (
        site.store.stories.latest(1, HOME_STORIES, min_articles=2).items
        if not query and page == 1
        else ()
    )
    return site.templates.TemplateResponse(
        request,
        "index.html",
        {
            "query": query,
            "found": found,
            "cards": [card(a) for a in found.items],
            "stories": [story_card(s) for s in stories],
        },
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, site: SiteDep, article_id: str) -> HTMLResponse:
    stored = site.store.articles.get(parse_id(article_id))
    neighbours = site.store.articles.neighbours(stored.id)
    story = site.store.stories.story_of(stored.id)
    a = stored.article
    return site.templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": card(stored),
            "byline": a.byline,
            # The article's own language, so screen readers and hyphenation follow it (the
            # site around it stays English).
            "lang": a.language,
            "source_url": safe_link(a.url),
            "paragraphs": paragraphs(a.text),
            "previous": neighbours.previous,
            "next": neighbours.next,
            "default_length": DEFAULT_LENGTH,
            # A short article fits one screen: one button, not one above and one below it.
            "one_button": one_button(stored.word_count),
            # A story of one article is just the article: no line for it.
            "story": story_card(story) if story and story.articles > 1 else None,
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, site: SiteDep, story_id: str) -> HTMLResponse:
    """A story: its timeline, the "Catch me up" button and its articles in reading order."""
    info, articles = stories.load(site, parse_story_id(story_id))
    entries = stories.story_timeline(site, info.id, PAGE_DATES, 1)
    return site.templates.TemplateResponse(
        request,
        "story.html",
        {
            "story": story_card(info),
            "timeline": [timeline_row(e) for e in entries],
            "cards": [card(a) for a in articles],
            "titles": {a.id: a.title for a in articles},
        },
    )


@router.get("/stories/{story_id}/catchup", response_class=HTMLResponse)
def catch_up_page(
    request: Request, site: SiteDep, story_id: str, since: str | None = None
) -> HTMLResponse:
    """ "Catch me up" as a page of its own: what the button links to when JavaScript is off."""
    return _catch_up(request, site, story_id, since, "catchup.html")


@router.get("/stories/{story_id}/catchup/fragment", response_class=HTMLResponse)
def catch_up_fragment(
    request: Request, site: SiteDep, story_id: str, since: str | None = None
) -> HTMLResponse:
    """The catch-up panel alone, which the button's script puts in place."""
    return _catch_up(request, site, story_id, since, "_catchup.html")


def _catch_up(
    request: Request, site: Site, story_id: str, since: str | None, template: str
) -> HTMLResponse:
    info, articles = stories.load(site, parse_story_id(story_id))
    result = stories.story_catch_up(
        site, info.id, stories.parse_since(since), stories.DEFAULT_SENTENCES
    )
    return site.templates.TemplateResponse(
        request,
        template,
        {
            "story": story_card(info),
            "catchup": result,
            "since": display_date(result.since),
            "titles": {a.id: a.title for a in articles},
        },
    )


@router.get("/articles/{article_id}/summary", response_class=HTMLResponse)
async def summary_page(
    request: Request, site: SiteDep, article_id: str, length: str | None = None, ai: bool = False
) -> HTMLResponse:
    """The summary as a page of its own: what the button links to when JavaScript is off."""
    context = await _summary_context(request, article_id, length, ai)
    return site.templates.TemplateResponse(request, "summary.html", context)


@router.get("/articles/{article_id}/summary/fragment", response_class=HTMLResponse)
async def summary_fragment(
    request: Request,
    site: SiteDep,
    article_id: str,
    length: str | None = None,
    ai: bool = False,
    at: Position | None = None,
) -> HTMLResponse:
    """The summary panel alone, which the button's script puts in place under the button
    (``at``: which one, top or bottom)."""
    context = await _summary_context(request, article_id, length, ai, at)
    return site.templates.TemplateResponse(request, "_summary.html", context)


__all__ = ["paragraphs", "router", "safe_link"]
