"""Assistants shared by the web app's visitors: one per generator, reopened when the store's
generation changes (only an ingest changes it), leased per question so that a reopen never
closes a client a question is still using."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qa.settings import Settings

if TYPE_CHECKING:
    from qa.answering.assistant import Assistant
    from qa.index.store import Store

log = logging.getLogger(__name__)


class AssistantPool:
    """One `Assistant` per generator over one store, shared by every visitor.

    A Chroma client that is open does not see vectors another process wrote, so the pool opens
    fresh ones when an ingest elsewhere has changed the store: it compares the store's generation
    (a marker only an ingest changes), never file times (Chroma rewrites its database file just by
    being opened). Questions hold a lease on the assistant they use; an assistant replaced while
    questions are in flight is closed when the last of them ends."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._assistants: dict[str, Assistant] = {}
        self._generation: str | None = None
        self._leases: dict[int, int] = {}  # id(assistant) → questions using it
        self._retired: list[Assistant] = []
        self._own_writes = 0
        self._lock = threading.Lock()
        self._warm = False  # set by `warm_up`: assistants opened from then on warm up at once
        self._checked: Store | None = None  # opened by `check_store`, handed to the first assistant
        self._closed = False  # set by `close`: a background open that comes later opens nothing
        self.reopened = 0  # how often the store was reopened (tests and logs read it)

    def check_store(self) -> None:
        """Open the store now, so that one that cannot be read fails the start with its own
        message. The first assistant takes it over; the answering parts themselves (llama-index,
        the retriever: 1-1.5 s) load in `warm_up`, once the server is ready."""
        from qa.index.store import open_ingested

        with self._lock:
            if self._assistants or self._checked is not None:
                return
            opened = open_ingested(self.settings)
            self._checked = opened
            self._generation = opened.generation  # what this client sees: an ingest after it reopens

    def warm_up(self) -> None:
        """Open the default assistant if none is open yet, and warm it and every one opened later,
        in the background. The server calls it once it is ready: warming earlier only slowed the
        start (one interpreter runs its threads' Python one at a time)."""
        with self._lock:
            self._warm = True
            for assistant in self._assistants.values():
                assistant.warm_up()
            opened = bool(self._assistants)
        if not opened:
            threading.Thread(target=self._open_default, name="qa-open-assistant", daemon=True).start()

    def _open_default(self) -> None:
        try:
            with self.lease():
                pass
        except Exception:  # noqa: BLE001 - the first question meets the same failure and reports it
            if not self._closed:
                log.warning("opening the answering parts in the background failed", exc_info=True)

    @contextmanager
    def lease(self, generator: str | None = None) -> Iterator[Assistant]:
        assistant = self._acquire(generator)
        try:
            yield assistant
        finally:
            self._release(assistant)

    def _acquire(self, generator: str | None) -> Assistant:
        name = generator or self.settings.generator
        with self._lock:
            if self._closed:
                from qa.index.store import StoreError

                raise StoreError("the web app is shutting down")
            if self._assistants and not self._own_writes and not self.settings.chroma_url:
                current = next(iter(self._assistants.values())).store.generation
                if current != self._generation:
                    self._retire_locked()
                    self._generation = current
            if name not in self._assistants:
                vectors = next((a.sentence_vectors for a in [*self._assistants.values(), *self._retired]), None)
                from qa.answering.assistant import Assistant

                checked, self._checked = self._checked, None
                try:
                    opened = Assistant.open(settings=self.settings, generator=name, warm=self._warm,
                                            sentence_vectors=vectors, opened=checked)
                except BaseException:
                    if checked is not None:
                        checked.close()
                    raise
                if self._generation is None:
                    self._generation = opened.store.generation
                self._assistants[name] = opened
            assistant = self._assistants[name]
            self._leases[id(assistant)] = self._leases.get(id(assistant), 0) + 1
            return assistant

    def _release(self, assistant: Assistant) -> None:
        with self._lock:
            left = self._leases.get(id(assistant), 1) - 1
            if left > 0:
                self._leases[id(assistant)] = left
                return
            self._leases.pop(id(assistant), None)
            if assistant in self._retired:
                self._retired.remove(assistant)
                _close_aside(assistant)

    def _retire_locked(self) -> None:
        log.info("the store changed on disk (another process ingested): reopening it")
        self.reopened += 1
        for assistant in self._assistants.values():
            assistant.store.detach()  # the next client opens a Chroma system of its own
            if self._leases.get(id(assistant)):
                self._retired.append(assistant)
            else:
                _close_aside(assistant)
        self._assistants = {}

    @contextmanager
    def own_write(self) -> Iterator[None]:
        """An ingest in this process: the open client shares the writer's Chroma system and sees
        its vectors at once, so the generation it sets is taken as seen, without a reopen."""
        with self._lock:
            self._own_writes += 1
        try:
            yield
        finally:
            with self._lock:
                self._own_writes -= 1
                if self._assistants and not self._own_writes:
                    self._generation = next(iter(self._assistants.values())).store.generation

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for assistant in [*self._assistants.values(), *self._retired]:
                assistant.close()
            self._assistants, self._retired = {}, []
            if self._checked is not None:
                self._checked.close()
                self._checked = None


def _close_aside(assistant: Assistant) -> None:
    """Close a retired assistant on a thread of its own: closing waits for its warm-up (up to 30 s
    while it builds an index), and the pool's lock, held here, would stall every visitor."""
    threading.Thread(target=assistant.close, name="qa-close-retired", daemon=True).start()
