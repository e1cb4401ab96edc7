"""Retrieved passages → scored evidence sentences, the only text any generator sees.

Sentences come from the passages' stored spaCy analyses. A sentence's score mixes its embedder
similarity to the question, how much of the question's content (IDF-weighted) it and its article
context hold, whether it holds a value of the asked kind in relation to what is asked, and whether
a time the question names agrees with it. Each sentence also carries the judgement of
`qa.answering.constraints`: which of the question's constraints it meets. Sentences that address an AI
("ignore previous instructions") are data, never evidence: they are dropped here.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from qa.answering.constraints import Judgement, judge
from qa.language.lexical import content_terms, coverage
from qa.language.paraphrase import paraphrased_terms, sentence_stems
from qa.language.nlp import Analysis
from qa.answering.question import Question, read_question
from qa.index.analyses import passage_sentences
from qa.index.modelcard import SENTENCE_VECTORS_ID
from qa.index.retrieval import Hit
from qa.answering.sentenceview import SentenceView
from qa.answering.values import value_quality

# Weights of the score; calibrated on the calibration splits of both gold sets (qa eval --calibrate).
WEIGHT_SIMILARITY = 0.65
WEIGHT_OVERLAP = 0.25
WEIGHT_VALUE = 0.10  # a value of the asked kind in relation to what is asked
WEIGHT_TIME = 0.05  # a time the question names agrees (or not) with the sentence or its article

# Words that address the reader as an AI ("you are now", "respond only with"); a sentence that
# only speaks of AI ("OpenAI releases a large language model") is news, not an instruction.
_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b"
    r"|\b(you are now\b|new instructions\s*:|system prompt\s*:|as an ai\s*,|(reveal|print|repeat|show) (your|the) system prompt\b)"
    r"|\b(respond|reply|answer|say) (only )?with\b",
    re.IGNORECASE,
)
# "…, according to the agency?", "per the Costa article": where to look, not what to find.
_ATTRIBUTION = re.compile(
    r",?\s*\b(?:according to|per|as reported by)\s+(?:the\s+)?[^,?.;]{1,60}?(?=[?.,;]|$)", re.IGNORECASE,
)
_HEADING_MAX_WORDS = 12


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved passage, with its article span, its scores and its judgement."""

    text: str
    article_id: str
    passage_id: str
    title: str
    source: str
    date: str | None
    start: int  # in the article's clean text
    end: int
    passage: str
    passage_start: int
    score: float
    similarity: float
    overlap: float
    type_match: bool  # holds a value of the asked kind in relation to what is asked
    hit_rank: int
    headline: bool = False  # the article's title, not a sentence of its body
    joint: bool = False  # to be shown with the lead: it answers what the lead leaves out (a name, a part)
    view: SentenceView | None = field(default=None, compare=False, repr=False)
    judgement: Judgement | None = field(default=None, compare=False, repr=False)

    @property
    def met(self) -> bool:
        return self.judgement is None or self.judgement.met


def sentence_overlap(question: Question, view: SentenceView, measure=coverage,
                     said_otherwise: frozenset[str] | None = None) -> float:
    """How much of the question's words the sentence holds (twice) and its context (once); a
    word the sentence says otherwise (WordNet, `qa.language.paraphrase`) counts half: the
    embedder already sees some paraphrase. `said_otherwise`: those words, where the sentence's
    judgement has read them already."""
    if not question.terms:
        return 0.0
    literal = content_terms(view.text)
    if said_otherwise is None:
        said_otherwise = paraphrased_terms(question.paraphrases, sentence_stems(view.analysis, view.first, view.end))
    said = literal | said_otherwise
    own = (measure(question.terms, literal) + measure(question.terms, said)) / 2
    in_context = measure(question.terms, literal | content_terms(view.context))
    return (2 * own + in_context) / 3


def without_attribution(question: str) -> str:
    """The question without its "according to …" phrase ("What was the aim, according to the agency?")."""
    stripped = _ATTRIBUTION.sub("", question).strip().lstrip(",;: ").strip()
    return stripped if content_terms(stripped) else question


def looks_like_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))


def time_agreement(question: Question, judgement: Judgement) -> float:
    """+1 when the question names a time and the sentence or its article agrees, -1 when it
    disagrees, 0 when the question names none."""
    if not question.times:
        return 0.0
    return -1.0 if any(kind == "time" for kind, _ in judgement.unmet) else 1.0


class SentenceVectors:
    """Embeddings of sentences, kept in memory. `vectors` (choosing evidence) reads those the ingest
    stored — pooled in their passage's model run — and embeds alone only sentences that have none
    (a store from before stored vectors, a reader elsewhere). `vectors_alone` (judging whether a
    written claim is supported) always embeds the sentence by itself, as the claim is: both sides
    of that comparison, and its calibrated thresholds, stay of one kind."""

    def __init__(self, embedder, capacity: int = 100_000, stored=None) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self.stored = stored  # an AnalysisStore, or None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._alone: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, sentences: list[str]) -> np.ndarray:
        return self._vectors(self._cache, sentences, self.stored)

    def vectors_alone(self, sentences: list[str]) -> np.ndarray:
        return self._vectors(self._alone, sentences, None)

    def _vectors(self, cache: OrderedDict[str, np.ndarray], sentences: list[str], stored) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(s for s in sentences if s not in cache))
        if missing and stored is not None:
            found = stored.sentence_vectors(SENTENCE_VECTORS_ID, missing)
            self._keep(cache, found)
            missing = [s for s in missing if s not in found]
        if missing:
            self._keep(cache, {text: self._embed_alone(text) for text in missing})
        with self._lock:
            return np.stack([cache[s] for s in sentences]) if sentences else np.zeros((0, 384), np.float32)

    def _embed_alone(self, text: str) -> np.ndarray:
        # One text per run: the int8 model quantises activations per batch, so a vector would
        # otherwise depend on its batch-mates and answers would differ between runs.
        return self.embedder.embed([text])[0]

    def _keep(self, cache: OrderedDict[str, np.ndarray], vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            for text, vector in vectors.items():
                cache[text] = vector
            while len(cache) > self.capacity:
                cache.popitem(last=False)


def warm(sentence_vectors: SentenceVectors, store, analyses, limit: int = 20_000, stop=None) -> int:
    """Embed the store's sentences ahead of questions (run in a background thread); nothing to do
    when the ingest stored them."""
    if analyses.holds_sentence_vectors():
        return 0
    texts: list[str] = []
    for nodes in store.node_pages(64):  # a page at a time: every passage as a node is 36 KB each
        for passage, analysis in analyses.get([node.get_content() for node in nodes]).items():
            texts.extend(text for _, _, text in passage_sentences(analysis))
        if len(texts) >= limit or (stop is not None and stop.is_set()):
            break
    texts = list(dict.fromkeys(texts))[:limit]
    for begin in range(0, len(texts), 64):
        if stop is not None and stop.is_set():
            break
        sentence_vectors.vectors(texts[begin:begin + 64])
    return len(texts)


def _context(hit: Hit, analysis: Analysis, first: int, article_text: str) -> str:
    """What the article says around a sentence: its title and source ("reported by the Ostvale
    Post" names the publisher, which the text rarely does) and, for a digest item ("Gaza war; 2025
    Gaza war ceasefire: …"), the item itself — a digest page's other items are other news; for
    a sentence of a running article, whatever of that article was retrieved (`article_text`)."""
    title = "\n".join(part for part in (hit.title, hit.source) if part)
    text = analysis.text
    start = analysis.starts[first]
    paragraph_end = text.find("\n", start)
    item_start = _item_start(text, start)
    if item_start is not None:
        item = text[item_start:paragraph_end if paragraph_end != -1 else len(text)]
        return "\n".join(part for part in (title, item) if part)
    return "\n".join(part for part in (title, article_text) if part)


def _item_start(text: str, start: int) -> int | None:
    """Where the digest item holding character `start` begins: its own paragraph, when that opens
    with labels, else the nearest paragraph above that does (None outside any item). A sentence
    that opens an item belongs to that item, not to the one above it."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    while True:
        if _ITEM_LABEL.match(text, paragraph_start):
            return paragraph_start
        if paragraph_start == 0:
            return None
        paragraph_start = text.rfind("\n", 0, paragraph_start - 1) + 1


def _context_tokens(analysis: Analysis, first: int, end: int) -> tuple[int, int | None]:
    """The first token of a sentence's context (its digest item, or the passage) and, when the
    sentence opens a digest item, where the item's "labels:" end."""
    text = analysis.text
    start = analysis.starts[first]
    context_start = _item_start(text, start) or 0
    context_first = next((i for i in range(len(analysis)) if analysis.starts[i] >= context_start), first)
    label = _ITEM_LABEL.match(text, start)
    label_end = None
    if label and start == text.rfind("\n", 0, start) + 1:
        colon = label.end()  # match(text, pos) gives offsets in the whole text
        label_end = next((i for i in range(first, end) if analysis.starts[i] >= colon), None)
    return min(context_first, first), label_end


# A digest item opens with its story labels and a colon: "Kivu conflict; M23 offensive: …".
_ITEM_LABEL = re.compile(r"[^\n.!?]{3,160}?:\s")


def select_evidence(
    question: str | Question,
    hits: list[Hit],
    sentence_vectors: SentenceVectors,
    question_vector: np.ndarray,
    analyses,
    avoid: frozenset[tuple[str, int]] = frozenset(),
    weights=None,
) -> list[Evidence]:
    """Every distinct sentence of `hits`, best first. `avoid`: (article_id, start) already cited.
    `question`: its text, or the `Question` already read (with the archive's labels)."""
    passages = analyses.get([hit.text for hit in hits])
    candidates: list[tuple[Hit, Analysis, int, int, str, int]] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        analysis = passages[hit.text]
        for first, end, text in passage_sentences(analysis):
            start = analysis.starts[first]
            key = (hit.article_id, hit.start + start)
            if key in seen or key in avoid or looks_like_injection(text) or len(text) < 12 or text.endswith(":"):
                continue
            if text.rstrip("\"'”’)").endswith("?"):
                continue  # a question is not an answer (nor is a planted copy of the user's question)
            seen.add(key)
            candidates.append((hit, analysis, first, end, text, start))
    if not candidates:
        return []
    article_texts: dict[str, str] = {}
    for hit in sorted(hits, key=lambda h: (h.article_id, h.start)):
        article_texts[hit.article_id] = article_texts.get(hit.article_id, "") + "\n" + hit.text
    similarities = sentence_vectors.vectors([c[4] for c in candidates]) @ question_vector
    asked = question if isinstance(question, Question) else read_question(without_attribution(question))
    measure = weights.coverage if weights is not None else coverage  # rare question words count most
    evidence = []
    for (hit, analysis, first, end, text, start), similarity in zip(candidates, similarities):
        context_first, label_end = _context_tokens(analysis, first, end)
        view = SentenceView(analysis=analysis, first=first, end=end, date=hit.date,
                            context=_context(hit, analysis, first, article_texts[hit.article_id]),
                            context_first=context_first, label_end=label_end)
        verdict = judge(asked, view, weights)
        overlap = sentence_overlap(asked, view, measure, verdict.said_otherwise)
        typed = bool(verdict.values)
        score = (WEIGHT_SIMILARITY * float(similarity) + WEIGHT_OVERLAP * overlap + WEIGHT_VALUE * value_quality(asked, verdict.values)
                 + WEIGHT_TIME * time_agreement(asked, verdict))
        evidence.append(Evidence(
            text=text, article_id=hit.article_id, passage_id=hit.passage_id, title=hit.title, source=hit.source,
            date=hit.date, start=hit.start + start, end=hit.start + start + len(text), passage=hit.text,
            passage_start=hit.start, score=score, similarity=float(similarity), overlap=overlap, type_match=typed,
            hit_rank=hit.rank, headline=hit.start == 0 and start == 0, view=view, judgement=verdict,
        ))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence
