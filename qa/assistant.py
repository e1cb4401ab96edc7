"""The public `Assistant`: ask, stream, follow-ups, filters. Front ends only call this."""

from __future__ import annotations

import atexit
import logging
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from qa.answer import Answer, Related
from qa.citations import attach, says_not_found
from qa.conversation import Turn, asks_for_more
from qa.embedding import shared_embedder
from qa.evidence import SentenceVectors, expected_type, select_evidence, warm
from qa.generators import Generator, create
from qa.lexical import unknown_names
from qa.retrieval import Filters, Hit, Retriever
from qa.settings import Settings
from qa.slots import KINDS as SLOT_KINDS
from qa.slots import UNBOUND
from qa.store import Store

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# Below this evidence score the articles are taken not to answer; calibrated on the
# calibration split of evals/gold.jsonl by `qa eval --calibrate`, never per question.
ABSTAIN_BELOW = 0.30
NOT_FOUND = "The articles do not contain an answer to this question."
SLOT_CANDIDATES = 5
SLOT_MARGIN = 0.15


class QuestionError(ValueError):
    """The question cannot be asked as it is; the message says why."""


def validate_question(question: str) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in question):
        raise QuestionError("the question contains control characters; type it as plain text")
    return " ".join(question.split())


class Assistant:
    """Grounded answers over one store. Thread-safe for concurrent questions."""

    def __init__(self, store: Store, generator: Generator, settings: Settings, top_k: int = 8,
                 abstain_below: float = ABSTAIN_BELOW, sentence_vectors: SentenceVectors | None = None) -> None:
        self.settings = settings
        self.store = store
        self.generator = generator
        self.embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
        self.retriever = Retriever(store, self.embedder, top_k=top_k)
        # Keyed by sentence text, so valid across stores: a reopened assistant reuses it.
        self.sentence_vectors = sentence_vectors or SentenceVectors(self.embedder)
        self.abstain_below = abstain_below
        self.require_slot = True
        self.top_k = top_k
        self._stop_warming = threading.Event()
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Embed the store's sentences in the background so that first questions are fast too.
        Worth it for long-lived sessions (chat, web); a one-shot `qa ask` skips it."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._warm, name="qa-warm", daemon=True)
            self._warming.start()
            atexit.register(self._finish_warming)  # ONNX must not be mid-run at interpreter exit

    def _warm(self) -> None:
        try:
            warm(self.sentence_vectors, self.store, stop=self._stop_warming)
        except Exception:  # warming is an optimisation; questions embed what they need anyway
            log.debug("sentence warm-up failed", exc_info=True)

    def _finish_warming(self) -> None:
        self._stop_warming.set()
        if self._warming is not None:
            self._warming.join(timeout=30)

    def close(self) -> None:
        """Stop the warm-up and release the store; the assistant cannot answer afterwards."""
        self._finish_warming()
        if self._warming is not None:
            atexit.unregister(self._finish_warming)
        self.store.close()

    def wait_until_warm(self, timeout: float | None = None) -> None:
        """Block until the store's sentences are embedded (benchmarks call this first)."""
        if self._warming is not None:
            self._warming.join(timeout)

    @classmethod
    def open(cls, store: str | Path | None = None, generator: str | Generator | None = None,
             settings: Settings | None = None, top_k: int | None = None, warm: bool = False,
             sentence_vectors: SentenceVectors | None = None, **generator_options) -> "Assistant":
        """Open the store (it must be ingested) with a generator by name or instance."""
        settings = (settings or Settings.from_env()).with_(store_dir=Path(store) if store else None)
        chosen = generator or settings.generator
        if isinstance(chosen, str):
            chosen = create(chosen, **generator_options)
        opened = Store(settings, create=False)
        if opened.count() == 0:
            from qa.store import StoreError

            raise StoreError(f"the store at {opened.location} has no passages yet: run `qa ingest` first")
        assistant = cls(opened, chosen, settings, top_k=top_k or settings.top_k, sentence_vectors=sentence_vectors)
        if warm:
            assistant.warm_up()
        return assistant

    def ask(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
            top_k: int | None = None) -> Answer:
        answer = None
        for piece in self.stream(question, history, filters, top_k):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    def stream(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               top_k: int | None = None) -> Iterator[str | Answer]:
        """Yield text pieces as they are produced, then the verified `Answer` last."""
        timings: dict[str, float] = {}
        clock = _Clock(timings)
        question = validate_question(question)
        history = list(history or [])
        with clock("condense"):
            standalone = self.generator.condense(question, history) if history else question
        with clock("retrieval"):
            question_vector = self.embedder.embed([standalone])[0]
            hits = self.retriever.retrieve(standalone, filters, top_k or self.top_k, query_vector=question_vector)
        base = Answer(question=question, text="", generator=self.generator.name,
                      standalone_question=standalone, timings=timings)
        weights = self.retriever.term_weights()
        strangers = unknown_names(standalone, lambda term: weights.df.get(term, 0) > 0)
        if strangers:  # the question is about someone the articles never mention
            yield self._abstain(base, hits, clock, reason=f"They never mention {' or '.join(strangers)}.")
            return
        with clock("evidence"):
            avoid = frozenset(history[-1].cited) if history and asks_for_more(question) else frozenset()
            evidence = select_evidence(standalone, hits, self.sentence_vectors, question_vector, avoid,
                                       weights=weights)
        if not evidence or evidence[0].score < self.abstain_below or not self._slot_filled(standalone, evidence):
            yield self._abstain(base, hits, clock)
            return
        given = evidence[: self.generator.evidence_limit]
        produced: list[str] = []
        started = time.perf_counter()
        with clock("generation"):
            for piece in self.generator.compose(standalone, given):
                if not produced:
                    timings["first_token"] = (time.perf_counter() - started) * 1000
                produced.append(piece)
                yield piece
        raw = "".join(produced)
        with clock("citations"):
            text, citations, sentences, dropped = attach(raw, given, self.sentence_vectors)
        if not sentences or says_not_found(raw):
            yield self._abstain(base, hits, clock)
            return
        timings["total"] = clock.total()
        yield replace(base, text=text, citations=citations, sentences=sentences, dropped=dropped)

    def _slot_filled(self, question: str, evidence: list) -> bool:
        """A typed question ("how many", "when", "who") needs a value of that kind next to what it
        asks about in one of the strongest sentences; otherwise the articles do not say."""
        if not self.require_slot or expected_type(question) not in SLOT_KINDS:
            return True
        strong = [e for e in evidence[:SLOT_CANDIDATES] if e.score >= evidence[0].score - SLOT_MARGIN]
        return any(e.slot and (e is evidence[0] or e.slot_distance < UNBOUND) for e in strong)

    def _abstain(self, base: Answer, hits: list[Hit], clock: "_Clock", reason: str = "") -> Answer:
        base.timings["total"] = clock.total()
        text = f"{NOT_FOUND} {reason}" if reason else NOT_FOUND
        return replace(base, text=text, abstained=True, related=_related(hits))

    @staticmethod
    def turn(answer: Answer) -> Turn:
        """The history entry for an answer, to pass back with the next question."""
        return Turn(question=answer.question, answer=answer.text, standalone=answer.standalone_question,
                    cited=tuple((c.article_id, c.start) for c in answer.citations))


def _related(hits: list[Hit], limit: int = 3) -> list[Related]:
    related, seen = [], set()
    for hit in hits:
        if hit.article_id in seen:
            continue
        seen.add(hit.article_id)
        related.append(Related(title=hit.title, date=hit.date, source=hit.source, text=hit.text,
                               start=hit.start, end=hit.end))
        if len(related) == limit:
            break
    return related


class _Clock:
    """`with clock("stage"):` adds the stage's milliseconds to `timings`."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.began = time.perf_counter()

    def __call__(self, stage: str) -> "_Clock":
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc) -> None:
        self.timings[self._stage] = self.timings.get(self._stage, 0.0) + (time.perf_counter() - self._start) * 1000

    def total(self) -> float:
        return (time.perf_counter() - self.began) * 1000
