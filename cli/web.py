"""`--html`: the web edition of each document a build publishes (engine/web/edition.py)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path


def with_web_edition(out: Path):
    """A publisher that adds the web page of each document it is given (html/<name>.html and
    what it shows) to the files it publishes, all together: the pages are made from the same
    proven LaTeX, after the proof."""
    from engine.builds import pipeline
    from engine.store.publish import publish
    from engine.web.edition import editions

    def published(files: dict) -> None:
        with ExitStack() as stack:
            store = pipeline.usable_store(pipeline.cache_dir(out), stack)
            publish(files | editions(files, out, store))

    return published
