"""newsbrief: extract news articles and summarize them offline, fast and faithfully.

>>> from newsbrief import summarize
>>> summary = summarize(open("page.html", "rb").read(), sentences=3)  # doctest: +SKIP
>>> [(s.start, s.end) for s in summary.sentences]  # doctest: +SKIP
"""

from newsbrief import config
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError, NotFound, UpstreamError
from newsbrief.models import Article, Sentence
from newsbrief.pipeline import extract, methods, summarize
from newsbrief.summarizers.base import Summary, SummaryOptions

__version__ = config.VERSION

__all__ = [
    "Article",
    "ErrorCode",
    "InputError",
    "LlmSettings",
    "NewsbriefError",
    "NotFound",
    "Sentence",
    "Summary",
    "SummaryOptions",
    "UpstreamError",
    "extract",
    "methods",
    "summarize",
]
