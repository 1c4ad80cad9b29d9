"""Stories: articles about one developing event, grouped as they arrive; their timeline; and a
"catch me up" summary of what is new since a moment.

Pure core: values in, values out. The edges store the grouping's state (:class:`StoryState` per
story and the :class:`Vocabulary`) and feed it back.
"""

from __future__ import annotations

from newsbrief.stories.features import ArticleTerms, article_terms
from newsbrief.stories.grouping import (
    Assignment,
    Decision,
    GroupingSettings,
    StoryIndex,
    StoryState,
)
from newsbrief.stories.vectors import Vocabulary

__all__ = [
    "ArticleTerms",
    "Assignment",
    "Decision",
    "GroupingSettings",
    "StoryIndex",
    "StoryState",
    "Vocabulary",
    "article_terms",
]
