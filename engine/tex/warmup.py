"""TeX work that need not wait for the documents: while Python solves and renders on one core,
the preamble's format (engine/tex/preamble.py) is made on the other, and then the pictures of
each document already rendered are typeset (engine/tex/pictures.py). `ready` waits for it all and
fills whatever the background could not know about; it never fails a build on its own
account (those steps fall back to plain compiling).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from engine.store.cache import Store
from engine.tex import pictures, preamble
from engine.tex.document import Metadata, assemble
from engine.tex.latex import tex_environment


class Warmup:
    def __init__(self, store: Store, progress: Callable[[str], None] = lambda _: None):
        self.store, self.progress = store, progress
        self.environment = tex_environment()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="warmup")
        empty, _ = assemble("", [], Metadata("", ""))  # the preamble is the same for every document
        self._part = preamble.dumped_part(empty)
        self._format: Future = self._pool.submit(preamble.ensure, empty, store, self.environment)
        self._pictures: list[Future] = []
        self._lock = threading.Lock()
        self._waiting: list[tuple[str, str]] = []  # pictures no drain has taken yet
        self._drain_pending = False

    def pictures_in(self, text: str) -> None:
        """Typeset the pictures of a rendered part in the background, gathered: one TeX
        process at a time takes all that arrived meanwhile (the other core renders on)."""
        drawn = [(self._part, picture) for picture in pictures.drawn_in(text)]
        if not drawn or self._part is None:
            return
        with self._lock:
            self._waiting += drawn
            if self._drain_pending:
                return
            self._drain_pending = True
        self._pictures.append(self._pool.submit(self._drain))

    def _drain(self) -> None:
        self._format.result()  # made once, before the pictures that use it
        with self._lock:
            drawn, self._waiting = self._waiting, []
            self._drain_pending = False
        pictures.prepare_drawn(drawn, self.store, self.environment, processes=1)

    def ready(self, texs: list[str]) -> None:
        """Wait for the background work; make what it did not (pictures of parts it was not
        shown, a preamble other than the usual one)."""
        try:
            for job in [self._format, *self._pictures]:
                job.result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._prepare(texs)

    def abandon(self) -> None:
        """Drop the queued work (the running TeX process finishes on its own)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _prepare(self, texs: list[str]) -> None:
        preamble.ensure(texs[0], self.store, self.environment)
        pictures.prepare(texs, self.store, self.environment, self.progress)
