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

from qa.answering.answer import Answer, Related
from qa.answering.bridge import find_bridge
from qa.answering.citations import attach, says_not_found
from qa.answering.conversation import Turn, asks_for_more
from qa.answering.errors import QuestionError
from qa.index.embedding import shared_embedder
from qa.index.analyses import AnalysisStore, analyses_path
from qa.answering.evidence import SentenceVectors, select_evidence, warm, without_attribution
from qa.answering.generators import Generator, create
from qa.answering.grounding import MIN_COVERAGE, Decision, answering_sentences, decide
from qa.language.lexical import related_name
from qa.language.verbsenses import same_act
from qa.answering.question import read_question, with_corpus_labels
from qa.answering.questionparts import QuestionPart, combine, naming, points_to_the_event, question_parts
from qa.index.retrieval import Filters, Hit, Retriever
from qa.settings import Settings
from qa.answering.shortanswer import join, short_answer_items
from qa.answering.strangers import never_mentioned
from qa.index.store import Store, open_ingested
from qa.answering.widening import question_hits

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# Below this evidence score the articles are taken not to answer; calibrated on the
# calibration split of evals/gold.jsonl by `qa eval --calibrate`, never per question.
ABSTAIN_BELOW = 0.35
NOT_FOUND = "The articles do not contain an answer to this question."


def validate_question(question: str) -> str:
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, not {type(question).__name__}")
    if not question.strip():
        raise QuestionError("the question is empty")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 ("\udcff" from a terminal in another encoding)
        raise QuestionError("the question holds bytes that are not valid UTF-8 text; type it again") from None
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
        self.analyses = AnalysisStore(analyses_path(settings))
        self.sentence_vectors = sentence_vectors or SentenceVectors(self.embedder)
        self.sentence_vectors.stored = self.analyses  # shared across reopenings: read the newest store
        self.abstain_below = abstain_below
        self.min_coverage = MIN_COVERAGE
        self.top_k = top_k
        self._stop_warming = threading.Event()
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Load what answering needs, then embed the store's sentences, in the background, so that
        first questions are fast too. Worth it for long-lived sessions (chat, web); a one-shot
        `qa ask` skips it."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._warm, name="qa-warm", daemon=True)
            self._warming.start()
            atexit.register(self._finish_warming)  # ONNX must not be mid-run at interpreter exit

    def _warm(self) -> None:
        try:
            self.prepare()
        except Exception:  # the question that needs the part will load it, and report what fails
            log.debug("warm-up of the answering parts failed", exc_info=True)
        try:
            warm(self.sentence_vectors, self.store, self.analyses, stop=self._stop_warming)
        except Exception:  # warming is an optimisation; questions embed what they need anyway
            log.debug("sentence warm-up failed", exc_info=True)

    def prepare(self) -> None:
        """Load once what a first question would otherwise wait for (at 100k passages, 4-5 s of
        the first answer in the web app): spaCy's model and its first parse, the BM25 index of
        the store's generation, the embedder's first run, WordNet's verbs and its adjectives of names. A question asked
        meanwhile waits for the same loads instead of doing them twice. Stops early once the
        assistant is closing (an ingest elsewhere retired it)."""
        steps = (lambda: read_question("When did the council approve the new budget?"),
                 lambda: self.retriever.retrieve("council budget"),
                 lambda: same_act("approve", "pass"),
                 lambda: related_name("canada", frozenset({"canadian"})))
        for step in steps:
            if self._stop_warming.is_set():
                return
            step()

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
        self.analyses.close()

    def wait_until_warm(self, timeout: float | None = None) -> None:
        """Block until the store's sentences are embedded (benchmarks call this first)."""
        if self._warming is not None:
            self._warming.join(timeout)

    @classmethod
    def open(cls, store: str | Path | None = None, generator: str | Generator | None = None,
             settings: Settings | None = None, top_k: int | None = None, warm: bool = False,
             sentence_vectors: SentenceVectors | None = None, opened: Store | None = None,
             **generator_options) -> "Assistant":
        """Open the store (it must be ingested) with a generator by name or instance; `opened`:
        the store already opened (and found not empty) with these settings."""
        settings = (settings or Settings.from_env()).with_(store_dir=Path(store) if store else None)
        chosen = generator or settings.generator
        if isinstance(chosen, str):
            chosen = create(chosen, **generator_options)
        if opened is None:
            opened = open_ingested(settings)
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
            hits = question_hits(self.retriever, standalone, filters, top_k or self.top_k, question_vector)
        base = Answer(question=question, text="", generator=self.generator.name,
                      standalone_question=standalone, timings=timings)
        weights = self.retriever.term_weights()
        plain = without_attribution(standalone)
        asked = self._read(plain)
        strangers = never_mentioned(standalone, asked, weights.df)
        if strangers:  # the question is about something the articles never mention
            yield self._abstain(base, hits, clock, reason=f"They never mention {' or '.join(strangers)}.")
            return
        with clock("evidence"):
            avoid = frozenset(history[-1].cited) if history and asks_for_more(question) else frozenset()
            parts = question_parts(plain, self._read)
            answered_parts = self._answer_parts(parts, hits, filters, top_k or self.top_k, avoid, weights)
            bridged = None if answered_parts else self._answer_bridge(plain, asked, hits, filters, top_k or self.top_k,
                                                                      avoid, weights)
            answered_parts = answered_parts or bridged
            if answered_parts:
                decision = combine(answered_parts)
            else:  # one question, or a part the articles do not answer: the question as a whole
                evidence = select_evidence(asked, hits, self.sentence_vectors, question_vector, self.analyses, avoid,
                                           weights=weights)
                decision = decide(asked, evidence, self.abstain_below, self.min_coverage)
        if not decision.answers:
            reason = decision.reason
            if not hits and filters is not None and not filters.empty:
                reason = f"No ingested article matches the filters ({filters.describe()})."
            yield self._abstain(base, hits, clock, reason=reason)
            return
        given = decision.given[: self.generator.evidence_limit]
        produced: list[str] = []
        started = time.perf_counter()
        with clock("generation"):
            for piece in self.generator.compose(standalone, given, asked):
                if not produced:
                    timings["first_token"] = (time.perf_counter() - started) * 1000
                produced.append(piece)
                yield piece
        raw = "".join(produced)
        with clock("citations"):
            claimed = getattr(self.generator, "claimed_answer", lambda text: ("", text))(raw)
            text, citations, sentences, dropped = attach(claimed[1], given, self.sentence_vectors)
            holder = _holding(claimed[0], given) if claimed[0] and not sentences else None
            if holder is not None:  # a model that named the answer but quoted nothing: its source is the support
                text, citations, sentences, dropped = attach(holder.text, given, self.sentence_vectors)
        if not sentences or says_not_found(raw):
            yield self._abstain(base, hits, clock, reason=decision.reason)
            return
        if answered_parts and not claimed[0]:
            # A description resolved first ("the winner of the runoff" → Ana Costa) is not what was asked.
            items = self._parts_short_answer(answered_parts[-1:] if bridged else answered_parts, citations)
        else:
            # Sentences that answer only together ("A or B?") are the answer, read side by side.
            items = [] if decision.read_together else self._short_answer(asked, given, citations, claimed[0])
        timings["total"] = clock.total()
        yield replace(base, text=text, citations=citations, sentences=sentences, dropped=dropped,
                      short_answer=join(items), short_answer_items=items)

    def _read(self, text: str):
        """The question read, with the labels this archive gives the noun it asks about."""
        return with_corpus_labels(read_question(text), self.analyses.labels_for)

    def _answer_parts(self, parts: list[QuestionPart], hits: list[Hit], filters: Filters | None, k: int,
                      avoid: frozenset, weights, alone: bool = False) -> list[tuple[QuestionPart, Decision]] | None:
        """Each part of a question that asks two things (or one step of a bridge, `alone`), decided
        on its own over the passages found for the whole question and for the part; None unless
        every part is answered."""
        if len(parts) < 2 and not alone:
            return None
        seen = {h.passage_id for h in hits}
        answered = []
        for part in parts:
            same_articles = None
            readings = [part]
            if part.refers_back:
                before, before_decision = answered[-1]
                if points_to_the_event(part, before.question):  # "when was it reported?"
                    same_articles = {e.article_id for e in answering_sentences(before_decision)}
                else:  # "who coached it?": "it" is what the part before found …
                    found_before = short_answer_items(before.question,
                                                      list(enumerate(answering_sentences(before_decision), 1)))
                    # … or what the part before named ("who was X's rival in the final, and in which
                    # set did she win it": "she" is X), whose names the part has taken; where the part
                    # before found no value ("what share … and what had it risen to"), only that.
                    if found_before and found_before[0].text:
                        readings = [naming(part, found_before[0].text), part]
            # Of the readings, the one whose answering sentence scores best.
            decided = [(reading, self._decide_part(reading, hits, seen, filters, k, avoid, weights, same_articles))
                       for reading in readings]
            decided = [(reading, decision) for reading, decision in decided if decision.answers]
            if not decided:
                return None
            answered.append(max(decided, key=lambda pair: pair[1].given[0].score))
        return answered

    def _decide_part(self, part: QuestionPart, hits: list[Hit], seen: set, filters: Filters | None, k: int,
                     avoid: frozenset, weights, same_articles: set | None) -> Decision:
        vector = self.embedder.embed([part.search])[0]
        found = self.retriever.retrieve(part.search, filters, k, query_vector=vector)
        evidence = select_evidence(part.question, hits + [h for h in found if h.passage_id not in seen],
                                   self.sentence_vectors, vector, self.analyses, avoid, weights=weights)
        if same_articles is not None:
            evidence = [e for e in evidence if e.article_id in same_articles]
        return decide(part.question, evidence, self.abstain_below, self.min_coverage)

    def _answer_bridge(self, plain: str, asked, hits: list[Hit], filters: Filters | None, k: int,
                       avoid: frozenset, weights) -> list[tuple[QuestionPart, Decision]] | None:
        """"What share did the winner of the runoff receive?": who the winner is, then the
        question with that name; None unless both steps are answered."""
        bridge = find_bridge(plain, asked.wh_tokens)
        if bridge is None:
            return None
        who = QuestionPart(text=bridge.first, question=self._read(bridge.first), search=bridge.first)
        first = self._answer_parts([who], hits, filters, k, avoid, weights, alone=True)
        if not first:
            return None
        found = short_answer_items(who.question, list(enumerate(answering_sentences(first[0][1]), 1)))
        if not found or not found[0].text:
            return None
        then = bridge.then(found[0].text)
        second = self._answer_parts([QuestionPart(text=then, question=self._read(then), search=then)],
                                    hits, filters, k, avoid, weights, alone=True)
        return first + second if second else None

    def _parts_short_answer(self, answered: list[tuple[QuestionPart, Decision]], citations) -> list:
        """One value per part, from the part's own cited sentence; none at all when a part that
        asks for a value gives none (a short answer must not look complete when it is not)."""
        items = []
        for part, decision in answered:
            if decision.read_together:
                return []  # that part's answer is two sentences read side by side
            found = self._short_answer(part.question, answering_sentences(decision), citations, "")
            if not found and part.question.typed:
                return []
            items += [item for item in found if all(item.said.lower() != other.said.lower() for other in items)]
        return items

    @staticmethod
    def _short_answer(asked, given, citations, claimed: str) -> list:
        """The value from the cited sentences: the one a model named, if a cited sentence holds it
        verbatim; else the value the analysis finds next to what is asked."""
        by_span = {(e.article_id, e.start): e for e in given}
        cited = [(c.n, by_span[(c.article_id, c.start)]) for c in citations if (c.article_id, c.start) in by_span]
        items = short_answer_items(asked, cited)
        if claimed:
            from qa.answering.shortanswer import AnswerItem

            for number, evidence in cited:
                at = evidence.text.lower().find(claimed.lower())
                if at != -1 and claimed.strip():
                    start = evidence.start + at
                    return [AnswerItem(text=evidence.text[at:at + len(claimed)], citation=number, start=start,
                                       end=start + len(claimed), said=evidence.text[at:at + len(claimed)])]
        return items

    def _abstain(self, base: Answer, hits: list[Hit], clock: "_Clock", reason: str = "") -> Answer:
        base.timings["total"] = clock.total()
        text = f"{NOT_FOUND} {reason}" if reason else NOT_FOUND
        return replace(base, text=text, abstained=True, related=_related(hits))

    @staticmethod
    def turn(answer: Answer) -> Turn:
        """The history entry for an answer, to pass back with the next question."""
        return Turn(question=answer.question, answer=answer.text, standalone=answer.standalone_question,
                    cited=tuple((c.article_id, c.start) for c in answer.citations), abstained=answer.abstained)


def _holding(value: str, given: list) -> object | None:
    """The first evidence sentence that holds `value` verbatim (case aside)."""
    needle = value.strip().lower()
    return next((e for e in given if needle and needle in e.text.lower()), None)


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
