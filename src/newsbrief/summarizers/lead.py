"""Lead-N: the article's opening sentences, the baseline every news summarizer must beat."""

from __future__ import annotations

from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.selection import select


class LeadSummarizer:
    name = "lead"

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        count = len(document.sentences)
        return select(document, [float(count - i) for i in range(count)], options, self.name)
