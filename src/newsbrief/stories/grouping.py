"""Online story grouping: each new article joins the story it fits best or starts a new one.

After Miranda et al. (2018): an article is compared with every story's centroid in several
TF-IDF views (:mod:`newsbrief.stories.features`), the similarity is damped by how far the article's
date lies from the story's, and a separate decision says whether the best story is close enough
to join or the article starts a story of its own. The decision is stricter for small stories:
two unrelated articles easily share a few words, while a story of many articles has a centroid
that only its own articles come close to. A story's keywords (its centroid's heaviest terms)
add a containment signal: an article that names them joins even when the rest of it is about
something else (a live page, a transcript).

Nothing is ever re-clustered: a story keeps its id as it grows, and the state is plain values
(:class:`StoryState` per story and the :class:`~newsbrief.stories.vectors.Vocabulary`) that an
edge stores and loads back. :class:`StoryIndex` holds them with inverted indexes, so comparing an
article with every story costs in proportion to the stories that share its heaviest terms.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from newsbrief.stories.features import VIEWS, ArticleTerms
from newsbrief.stories.postings import Postings
from newsbrief.stories.vectors import Vector, Vocabulary, added, dot, norm, top_terms
from newsbrief.summarizers.statistics.arrays import Matrix

_FREE = -1


@dataclass(frozen=True, slots=True)
class GroupingSettings:
    """The grouping's constants (docs/benchmarks-stories.md shows how the results move with
    each of them)."""

    # How much each view's cosine counts.
    body: float = 0.4
    entities: float = 0.4
    lead: float = 0.2
    # The share of a story's keywords the article holds, for stories of two or more articles.
    keywords_weight: float = 0.2
    keywords: int = 10
    # The similarity needed to join a story of one article, and of very many (between them it
    # falls as 1 / size).
    join_single: float = 0.2
    join_large: float = 0.1
    # Days after which a story's pull on an article has halved (then a third, a quarter...).
    decay_days: float = 30.0
    # The damping when the article or the story has no date: as if they were ``decay_days``
    # apart, so only text evidence stronger than dated articles need can join them.
    undated: float = 0.5
    # A story's centroid keeps this many terms per view. Lookup pairs an article's
    # ``query_terms`` heaviest terms with each story's ``index_terms`` heaviest; the
    # ``candidates`` stories that share most weight there are compared in full.
    centroid_terms: int = 400
    query_terms: int = 80
    index_terms: int = 60
    candidates: int = 10

    def weight(self, view: str) -> float:
        value: float = getattr(self, view)
        return value


@dataclass(frozen=True, slots=True)
class StoryState:
    """One story as the grouping needs it: what an edge stores per story."""

    id: int
    articles: int
    first: date | None
    last: date | None
    centroids: Mapping[str, Mapping[str, float]]

    def to_record(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "centroids": {view: dict(self.centroids.get(view, {})) for view in VIEWS},
        }

    @classmethod
    def from_record(cls, story_id: int, record: Mapping[str, object]) -> StoryState:
        centroids = record.get("centroids")
        first, last = record.get("first"), record.get("last")
        return cls(
            id=story_id,
            articles=int(str(record.get("articles", 1))),
            first=date.fromisoformat(first) if isinstance(first, str) else None,
            last=date.fromisoformat(last) if isinstance(last, str) else None,
            centroids={
                view: {str(t): float(w) for t, w in dict(centroids.get(view, {})).items()}
                for view in VIEWS
            }
            if isinstance(centroids, dict)
            else {view: {} for view in VIEWS},
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """Where an article goes (``story`` None: a new story), and what joining it will add."""

    story: int | None
    score: float
    terms: ArticleTerms
    vectors: Mapping[str, Vector]
    published: date | None


@dataclass(frozen=True, slots=True)
class Assignment:
    story: int
    created: bool
    score: float


@dataclass(slots=True)
class _Live:
    """A story's state with what scoring needs derived from it once."""

    state: StoryState
    slot: int  # its row in the lookup arrays
    norms: dict[str, float]
    keywords: dict[str, float]
    keyword_total: float
    indexed: dict[str, dict[str, float]]  # per view, the terms the story is looked up by


class StoryIndex:
    """The stories seen so far and the document frequencies, with lookup indexes. Not shared
    between threads; an edge keeps one per process and feeds it what others stored."""

    def __init__(
        self,
        settings: GroupingSettings | None = None,
        vocabulary: Vocabulary | None = None,
        stories: Iterable[StoryState] = (),
    ) -> None:
        self.settings = settings or GroupingSettings()
        self.vocabulary = vocabulary or Vocabulary()
        self._stories: dict[int, _Live] = {}
        self._ids: list[int] = []  # story id by slot (_FREE: a forgotten story's slot)
        self._free: list[int] = []  # slots of forgotten stories, reused before new ones
        self._last_id = 0  # the largest id ever held, so a forgotten story's id is not reused
        self._postings = {view: Postings() for view in VIEWS}
        # Per view, 1 / the norm of each slot's centroid (0 for an empty one).
        self._inverse_norms = {view: np.zeros(64) for view in VIEWS}
        for state in stories:
            self.put(state)

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._stories

    def story(self, story_id: int) -> StoryState:
        return self._stories[story_id].state

    def stories(self) -> list[StoryState]:
        return [live.state for live in self._stories.values()]

    def next_id(self) -> int:
        return self._last_id + 1

    # ------------------------------------------------------------------ deciding

    def decide(self, terms: ArticleTerms, published: date | None = None) -> Decision:
        """Which story the article joins (None: it starts one); changes nothing."""
        vectors = self.vocabulary.weights(terms)
        best: int | None = None
        best_margin = 0.0
        best_score = 0.0
        for story_id, similarity in sorted(self._similarities(vectors).items()):
            live = self._stories[story_id]
            score = similarity * self._closeness(live.state, published)
            margin = score - self._threshold(live.state.articles)
            if margin >= best_margin and (best is None or margin > best_margin):
                best, best_margin, best_score = story_id, margin, score
        return Decision(best, best_score, terms, vectors, published)

    def _threshold(self, articles: int) -> float:
        s = self.settings
        return s.join_large + (s.join_single - s.join_large) / max(1, articles)

    def _closeness(self, story: StoryState, published: date | None) -> float:
        """The time-decay term: 1 for an article inside the story's span, falling as
        1 / (1 + days / decay_days) outside it."""
        if published is None or story.first is None or story.last is None:
            return self.settings.undated
        gap = max(0, (story.first - published).days, (published - story.last).days)
        return 1.0 / (1.0 + gap / self.settings.decay_days)

    def _similarities(self, vectors: Mapping[str, Vector]) -> dict[int, float]:
        """The full similarity of the article with its candidate stories: those whose
        heaviest terms carry most of the weight of the article's heaviest terms."""
        s = self.settings
        size = len(self._ids)
        if size == 0:
            return {}
        rough = np.zeros(size)
        for view in VIEWS:
            weight, query = s.weight(view), vectors[view]
            if weight and query:
                pairs = ((t, query[t]) for t in top_terms(query, s.query_terms))
                dots = self._postings[view].gather(pairs, size)
                rough += weight * dots * self._inverse_norms[view][:size]
        return {i: self._similarity(i, vectors) for i in self._candidates(rough)}

    def _candidates(self, rough: Matrix) -> list[int]:
        """The ids of the ``candidates`` stories with the largest positive rough score, ties at
        the cut broken by id: which slot a story holds (forgetting and reuse move them) must not
        change the choice."""
        count = max(0, self.settings.candidates)
        positive = np.flatnonzero(rough > 0)
        if len(positive) > count:
            scores = rough[positive]
            cut = np.partition(scores, len(scores) - count)[len(scores) - count]
            above = positive[scores > cut].tolist()
            tied = sorted(self._ids[slot] for slot in positive[scores == cut].tolist())
            return [self._ids[slot] for slot in above] + tied[: max(0, count - len(above))]
        return [self._ids[slot] for slot in positive.tolist()]

    def _similarity(self, story_id: int, vectors: Mapping[str, Vector]) -> float:
        """The weighted cosines of the views, plus the weighted share of the story's keywords
        the article holds (none for a story of one article: its heaviest terms are only that
        article's)."""
        live = self._stories[story_id]
        s = self.settings
        total = 0.0
        for view in VIEWS:
            weight, length = s.weight(view), live.norms[view]
            if weight and length > 0:
                total += weight * dot(vectors[view], live.state.centroids[view]) / length
        size = live.state.articles
        if s.keywords_weight and size > 1:
            body = vectors["body"]
            held = sum(w for t, w in live.keywords.items() if t in body)
            total += s.keywords_weight * (1.0 - 1.0 / size) * held / live.keyword_total
        return total

    # ------------------------------------------------------------------ applying

    def apply(self, decision: Decision, story_id: int | None = None) -> StoryState:
        """Take the decided article in: it joins ``decision.story``, or starts the story
        ``story_id`` (default: the next free id). Returns the story's new state."""
        self.vocabulary.count(decision.terms)
        limit = self.settings.centroid_terms
        if decision.story is None:
            state = started(decision, story_id if story_id is not None else self.next_id(), limit)
        else:
            state = joined(self._stories[decision.story].state, decision, limit)
        self.put(state)
        return state

    def add(self, terms: ArticleTerms, published: date | None = None) -> Assignment:
        """Decide and apply in one step (ids are given in order: 1, 2, ...)."""
        decision = self.decide(terms, published)
        state = self.apply(decision)
        return Assignment(state.id, decision.story is None, decision.score)

    def put(self, state: StoryState) -> None:
        """Store or replace a story (as an edge loads it, or after another process changed it).
        Only the index entries that changed are touched: a join changes the article's terms."""
        old = self._stories.get(state.id)
        slot = old.slot if old else self._new_slot(state.id)
        norms = {view: norm(state.centroids.get(view, {}).values()) for view in VIEWS}
        body = state.centroids.get("body", {})
        keywords = {t: body[t] for t in top_terms(body, self.settings.keywords)}
        indexed = {}
        for view in VIEWS:
            centroid = state.centroids.get(view, {})
            indexed[view] = {t: centroid[t] for t in top_terms(centroid, self.settings.index_terms)}
            before = old.indexed[view] if old else {}
            _reindex(self._postings[view], slot, before, indexed[view])
            self._inverse_norms[view][slot] = 1.0 / norms[view] if norms[view] > 0 else 0.0
        total = sum(keywords.values()) or 1.0
        self._stories[state.id] = _Live(state, slot, norms, keywords, total, indexed)
        self._last_id = max(self._last_id, state.id)

    def forget(self, story_id: int) -> None:
        """Drop a story from memory (an edge bounding what it keeps live; the story itself lives
        on where the edge stored it). It is never a candidate again unless put back; its id is
        not given to a new story."""
        live = self._stories.pop(story_id, None)
        if live is None:
            return
        for view in VIEWS:
            _reindex(self._postings[view], live.slot, live.indexed[view], {})
            self._inverse_norms[view][live.slot] = 0.0
        self._ids[live.slot] = _FREE
        self._free.append(live.slot)

    def _new_slot(self, story_id: int) -> int:
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = story_id
            return slot
        slot = len(self._ids)
        self._ids.append(story_id)
        for view in VIEWS:
            norms = self._inverse_norms[view]
            if slot >= len(norms):
                self._inverse_norms[view] = np.concatenate([norms, np.zeros(len(norms))])
        return slot


def _reindex(
    postings: Postings, slot: int, before: Mapping[str, float], after: Mapping[str, float]
) -> None:
    """Make ``postings`` hold ``after`` instead of ``before`` for ``slot``."""
    for term in before.keys() - after.keys():
        postings.remove(term, slot)
    for term, weight in after.items():
        if before.get(term) != weight:
            postings.set(term, slot, weight)


def group(
    articles: Sequence[tuple[ArticleTerms, date | None]], settings: GroupingSettings | None = None
) -> list[int]:
    """The story of each article, grouping them online in publication order (undated ones after
    the dated, in the order given): what ``newsbrief stories cluster`` does."""
    index = StoryIndex(settings)
    order = sorted(
        range(len(articles)),
        key=lambda i: (articles[i][1] is None, articles[i][1] or date.min, i),
    )
    stories = [0] * len(articles)
    for i in order:
        terms, published = articles[i]
        stories[i] = index.add(terms, published).story
    return stories


def started(decision: Decision, story_id: int, limit: int) -> StoryState:
    """A story of the decided article alone."""
    day = decision.published
    centroids = {view: added({}, decision.vectors[view], limit) for view in VIEWS}
    return StoryState(story_id, 1, day, day, centroids)


def joined(story: StoryState, decision: Decision, limit: int) -> StoryState:
    """``story`` with the decided article added: one more article, its dates, its vectors."""
    published = decision.published
    first, last = story.first, story.last
    if published is not None:
        first = published if first is None else min(first, published)
        last = published if last is None else max(last, published)
    return dataclasses.replace(
        story,
        articles=story.articles + 1,
        first=first,
        last=last,
        centroids={
            view: added(story.centroids.get(view, {}), decision.vectors[view], limit)
            for view in VIEWS
        },
    )


__all__ = [
    "Assignment",
    "Decision",
    "GroupingSettings",
    "StoryIndex",
    "StoryState",
    "group",
    "joined",
    "started",
]
