"""Retrieved passages → scored evidence sentences, the only text any generator sees.

A sentence's score mixes its embedder similarity to the question, how many of the question's
content words it holds, and whether it holds the kind of thing asked for (a date for "when",
a number for "how many"). Sentences that address an AI ("ignore previous instructions") are
data, never evidence: they are dropped here, before any generator could obey them.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from qa.chunking import sentence_spans
from qa.lexical import content_terms, coverage
from qa.retrieval import Hit
from qa.slots import MONTH as _MONTH
from qa.slots import NAME_LIKE as _NAME_LIKE
from qa.slots import SlotQuestion

# Weights of the score; calibrated on the calibration split of evals/gold.jsonl (see qa.evaluation).
WEIGHT_SIMILARITY = 0.55
WEIGHT_OVERLAP = 0.35
WEIGHT_TYPE = 0.10
WEIGHT_TIME = 0.05  # a month or year in the question agrees (or not) with the article or sentence

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b"
    r"|\b(system prompt|you are now|as an ai|language model|new instructions)\b"
    r"|\b(respond|reply|answer|say) (only )?with\b",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(
    rf"\b({_MONTH}\b|(19|20)\d\d\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|last (week|weekend|year|month)|\d{4}-\d\d-\d\d)",
    re.IGNORECASE,
)
_NUMBER_LIKE = re.compile(
    r"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
    r"thousands?|millions?|billions?|first|second|third)\b)", re.IGNORECASE,
)
_PLACE_LIKE = re.compile(
    r"\b(in|at|to|from|near|along)\s+(the\s+)?(?!(January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+"
    r"|\b(district|province|city|capital|region|border crossing)\b"
)


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved passage, with its article span and its scores."""

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
    type_match: bool
    hit_rank: int
    slot: tuple[str, ...] = ()  # values of the asked kind next to the question's focus words
    slot_distance: int = 99  # how tightly the closest of them sits to those words


def expected_type(question: str) -> str | None:
    q = question.lower()
    # "when" asks only as a question word ("When did…", "…; when was…"), not in "When X met Y, what…".
    if re.search(r"\bwhen (did|do|does|was|were|is|are|will|would|has|have|had|can|could)\b|^when\b\W*$"
                 r"|what (date|day|year|month|time)|which (date|day|year|month)|how long ago|since when", q):
        return "date"
    if re.search(r"how (many|much)|what (is |was |are |were )?(the )?(number|percentage|amount|value|sum|price|size|total)\b"
                 r"|\bcost\b|\bworth\b|\btoll\b", q):
        return "number"
    if re.search(r"\bwho\b|\bwhom\b|which (official|minister|leader|person|spokesman|general)|(what|which) (is|was) the name", q):
        return "person"
    if re.search(r"\bwhere\b|(which|what)( \w+)? (city|country|place|province|district|region|town|village|capital|"
                 r"crossing|venue)\b", q):
        return "place"
    return None


def matches_type(sentence: str, kind: str | None) -> bool:
    if kind == "date":
        return bool(_DATE_LIKE.search(sentence))
    if kind == "number":
        return bool(_NUMBER_LIKE.search(sentence))
    if kind == "person":
        return bool(_NAME_LIKE.search(sentence))
    if kind == "place":
        return bool(_PLACE_LIKE.search(sentence))
    return False


_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]
_MONTH_WORD = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\b", re.IGNORECASE)
_YEAR_WORD = re.compile(r"\b((?:19|20)\d\d)\b")


def time_agreement(question: str, sentence: str, article_date: str | None) -> float:
    """+1 when a month/year the question names matches the article's date or the sentence,
    -1 when the sentence names only other months; 0 when the question names no time."""
    months = {m.lower() for m in _MONTH_WORD.findall(question)}
    years = set(_YEAR_WORD.findall(question))
    if not months and not years:
        return 0.0
    said_months = {m.lower() for m in _MONTH_WORD.findall(sentence)}
    said_years = set(_YEAR_WORD.findall(sentence))
    if said_months and months and not (months & said_months):
        return -1.0  # the sentence is about another month ("October’s clashes" for "December")
    if article_date and not said_months and not said_years:
        said_years.add(article_date[:4])  # a sentence without a time of its own takes its article's
        said_months.add(_MONTH_NAMES[int(article_date[5:7]) - 1])
    return 1.0 if (months & said_months) or (years & said_years) else 0.0


# "…, according to ISPR?", "per the Bayramov article": where to look, not what to find. Left in,
# its words pull towards any sentence that names the source instead of the one that answers.
_ATTRIBUTION = re.compile(
    r",?\s*\b(?:according to|per|as reported by)\s+(?:the\s+)?[^,?.;]{1,60}?(?=[?.,;]|$)", re.IGNORECASE,
)


def without_attribution(question: str) -> str:
    """The question without its "according to …" phrase ("What was the aim, according to ISPR?")."""
    stripped = _ATTRIBUTION.sub("", question).strip().lstrip(",;: ").strip()
    return stripped if content_terms(stripped) else question


def looks_like_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))


def _slot_fields(slot: SlotQuestion | None, text: str) -> dict:
    matches = slot.matches(text) if slot else []
    return {"slot": tuple(v or "(described)" for v, _ in matches), "slot_distance": matches[0][1] if matches else 99}


def warm(sentence_vectors: "SentenceVectors", store, limit: int = 20_000, stop=None) -> int:
    """Embed the store's sentences ahead of questions (run in a background thread)."""
    texts: list[str] = []
    for node in store.all_nodes():
        text = node.get_content()
        texts.extend(text[a:b] for a, b in sentence_spans(text))
        if len(texts) >= limit:
            break
    texts = list(dict.fromkeys(texts))[:limit]
    for begin in range(0, len(texts), 64):
        if stop is not None and stop.is_set():
            break
        sentence_vectors.vectors(texts[begin:begin + 64])
    return len(texts)


class SentenceVectors:
    """Embeddings of sentences already seen, so a question embeds only new sentences."""

    def __init__(self, embedder, capacity: int = 100_000) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, sentences: list[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(s for s in sentences if s not in self._cache))
        if missing:
            # One text per run: the int8 model quantises activations per batch, so a vector would
            # otherwise depend on its batch-mates and answers would differ between runs.
            fresh = [self.embedder.embed([text])[0] for text in missing]
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._cache[text] = vector
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[s] for s in sentences]) if sentences else np.zeros((0, 384), np.float32)


def select_evidence(
    question: str,
    hits: list[Hit],
    sentence_vectors: SentenceVectors,
    question_vector: np.ndarray,
    avoid: frozenset[tuple[str, int]] = frozenset(),
    weights=None,
) -> list[Evidence]:
    """Every distinct sentence of `hits`, best first. `avoid`: (article_id, start) already cited."""
    candidates: list[tuple[Hit, int, int, str]] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        for start, end in sentence_spans(hit.text):
            text = hit.text[start:end]
            key = (hit.article_id, hit.start + start)
            if key in seen or key in avoid or looks_like_injection(text) or len(text) < 12:
                continue
            seen.add(key)
            candidates.append((hit, start, end, text))
    if not candidates:
        return []
    similarities = sentence_vectors.vectors([c[3] for c in candidates]) @ question_vector
    question = without_attribution(question)
    asked = content_terms(question)
    kind = expected_type(question)
    slot = SlotQuestion.of(question, kind, weights)  # once per question, not once per sentence
    evidence = []
    for (hit, start, end, text), similarity in zip(candidates, similarities):
        # The headline is context for every sentence of its article ("…border clashes…").
        measure = weights.coverage if weights is not None else coverage  # rare question words count most
        own = measure(asked, content_terms(text)) if asked else 0.0
        in_context = measure(asked, content_terms(text) | content_terms(hit.title)) if asked else 0.0
        overlap = (2 * own + in_context) / 3
        typed = matches_type(text, kind)
        score = (WEIGHT_SIMILARITY * float(similarity) + WEIGHT_OVERLAP * overlap + (WEIGHT_TYPE if typed else 0.0)
                 + WEIGHT_TIME * time_agreement(question, text, hit.date))
        evidence.append(Evidence(
            text=text, article_id=hit.article_id, passage_id=hit.passage_id, title=hit.title,
            source=hit.source, date=hit.date, start=hit.start + start, end=hit.start + end,
            passage=hit.text, passage_start=hit.start, score=score, similarity=float(similarity),
            overlap=overlap, type_match=typed, hit_rank=hit.rank,
            # Headlines are in Title Case, where every phrase looks like a name: no slot there.
            **_slot_fields(slot if hit.start + start > 0 else None, text),
        ))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence
