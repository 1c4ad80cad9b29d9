"""newsbrief: extract news articles and summarize them offline, fast and faithfully.

>>> from newsbrief import summarize
>>> summary = summarize(open("page.html", "rb").read(), sentences=3)  # doctest: +SKIP
>>> [(s.start, s.end) for s in summary.sentences]  # doctest: +SKIP
"""

from newsbrief.errors import InputError, NewsbriefError, NotFound, UpstreamError
from newsbrief.models import Article, Sentence, Summary, SummaryOptions
from newsbrief.pipeline import extract, summarize

__all__ = [
    "Article",
    "InputError",
    "NewsbriefError",
    "NotFound",
    "Sentence",
    "Summary",
    "SummaryOptions",
    "UpstreamError",
    "extract",
    "summarize",
]
__version__ = "0.1.0"
