"""Grouping with a bounded number of live stories: what ``max_live`` costs on the dev stories.

    python -m bench.stories_bounded --data ../shared/data

The 871 Timeline17 articles (``stories/``) are stored in publication order through the real
:class:`~newsbrief.storage.stories.StoryStore` (a throwaway SQLite database) with each bound,
and the stories they land in are scored with B-cubed against the story labels, as
``bench.stories`` scores ``stories cluster``. Printed as JSON: per bound, precision, recall, F1,
the stories stored and the stories live at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.stories import bcubed, load
from newsbrief.models import Article
from newsbrief.storage import open_store

BOUNDS = (2000, 100, 30, 10, 3)


def grouped(data: Path, bound: int) -> dict[str, float]:
    dev = load(data)
    order = sorted(
        range(len(dev.articles)),
        key=lambda i: (dev.articles[i].published is None, dev.articles[i].published or date.min, i),
    )
    stories: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bounded.db", max_live_stories=bound)
        try:
            for i in order:
                a = dev.articles[i]
                day = a.published.isoformat() if a.published else None
                added = store.articles.add(Article(a.text, title=a.title, published=day))
                story = store.stories.story_of(added.id)
                stories[i] = story.id if story else 0
            count, live = store.stories.count(), store.stories.live()
        finally:
            store.close()
    p, r, f = bcubed([stories[i] for i in range(len(dev.articles))], dev.labels)
    return {"precision": p, "recall": r, "f1": f, "stories": count, "live": live}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grouping with a bounded number of live stories.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--bounds", type=int, nargs="+", default=list(BOUNDS))
    args = parser.parse_args(argv)
    figures = {str(bound): grouped(args.data, bound) for bound in args.bounds}
    json.dump(figures, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
