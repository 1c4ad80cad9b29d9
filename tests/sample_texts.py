"""What the summarizer, reading and pipeline tests share: a story written for them (never copied
from the dev data), a helper that summarizes it, and where the shared dev data lives."""

from __future__ import annotations

from pathlib import Path

from newsbrief import summarizers
from newsbrief.models import Article
from newsbrief.summarizers.base import Summary, SummaryOptions

# The shared development data, beside the repository (absent on most machines but CI's).
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SAMPLE_PAGE = DATA / "sample_article_page.txt"

METHODS = summarizers.available()
# With no LLM server configured the abstractive method answers with a noted fallback.
EXTRACTIVE = [m for m in METHODS if m not in summarizers.ABSTRACTIVE]

# Eight sentences of a made-up local story.
STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast. "
    "Residents of the harbour district packed the public gallery during the debate.\n\n"
    "Work on the flood walls is due to start in the spring. "
    "The ferry terminal will follow once a contractor has been chosen. "
    "A public consultation on the two schools opens next month."
)


def summary_of(text: str = STORY, **options: object) -> tuple[Article, Summary]:
    """The article of ``text`` and its summary with ``options``, through the core only."""
    article = Article(text=text)
    chosen = SummaryOptions(**options)  # type: ignore[arg-type]
    return article, summarizers.summarize_document(summarizers.segment(article), chosen)


# Three paragraphs of a made-up council story, for the extraction tests.
PARAGRAPHS = [
    "The city council approved the annual budget on Tuesday after a long debate about road "
    "repairs and school funding.",
    "Members voted nine to two in favour, and several said they would share the details with "
    "residents who subscribe to the council's newsletter.",
    "The mayor said the plan would keep taxes flat while expanding bus services across the "
    "northern districts next year.",
]
