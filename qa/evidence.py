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
_MONTH = r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)"
_DATE_LIKE = re.compile(
    rf"\b({_MONTH}\b|(19|20)\d\d\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|last (week|weekend|year|month)|\d{4}-\d\d-\d\d)",
    re.IGNORECASE,
)
_NUMBER_LIKE = re.compile(
    r"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
    r"thousands?|millions?|billions?|first|second|third)\b)", re.IGNORECASE,
)
_NAME_LIKE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|[A-Z]\.))+")
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
    if re.search(r"\bwhen\b|what (date|day|year|month|time)|which (date|day|year|month)|how long ago", q):
        return "date"
    if re.search(r"how (many|much)|what (number|percentage|amount|value|sum|price)|\bcost\b|\bworth\b|\btoll\b", q):
        return "number"
    if re.search(r"\bwho\b|\bwhom\b|which (official|minister|leader|person|spokesman|general)", q):
        return "person"
    if re.search(r"\bwhere\b|which (city|country|place|province|district|region|town|border)|in what (city|country|place)", q):
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


_YEAR_ONLY = re.compile(r"^(19|20)\d\d$")
SLOT_WINDOW = 5  # words between the thing asked about and the value that answers it
# News gives the time of a whole clause, often at its end ("…exchanged fire along their border
# late on Friday", "…the media wing said on Wednesday"): a date may sit anywhere in the sentence.
DATE_SLOT_WINDOW = 60


def _stems(words_: list[str]) -> list[str]:
    from qa.lexical import _canonical, _stemmer

    return _stemmer().stemWords([_canonical(re.sub(r"[’']s$", "", w)) for w in words_])


def focus_terms(question: str, weights, limit: int = 2) -> set[str]:
    """The rarest question words the corpus does hold: what a typed answer must sit next to.
    In a resolved follow-up, "Who was his deputy? (Who is the spokesman…?)", the follow-up's
    own words come first: they say what is asked now; the topic in brackets fills up."""
    asked_now, _, topic = question.partition(" (")

    def ranked(text: str) -> list[str]:
        known = [t for t in content_terms(text) if weights is None or weights.df.get(t, 0) > 0]
        # Ties broken by the word itself: set order changes with each process's hash seed.
        return sorted(known, key=lambda t: (-(weights.idf(t) if weights is not None else 0.0), t))

    chosen = ranked(asked_now)[:limit]
    chosen += [t for t in ranked(topic) if t not in chosen][: limit - len(chosen)]
    return set(chosen)


_WHO_IS_NAME = re.compile(r"^\s*[Ww]ho (is|was|are|were)\s+[A-Z][a-z]+(\s+[A-Z][a-z]+)+\s*\??\s*$")
_COUNT = re.compile(
    r"\$?\b\d[\d,.]*(?:\s?(?:million|billion|thousand|hundred))?\b|\b(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|dozens?|hundreds|thousands|millions|billions)\b", re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(_MONTH + r"\.?\s*$", re.IGNORECASE)
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A point in time as news text gives it; month names only capitalised ("may" is also a verb).
_WHEN = re.compile(
    rf"\b{_MONTH_NAME}\s+\d{{1,2}}(?:,\s*\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH_NAME}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH_NAME}(?:\s+\d{{4}})?\b|\b(?:19|20)\d\d\b|\b\d{{4}}-\d\d-\d\d\b"
    r"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:yesterday|today|last (?:week|weekend|month|year))\b",
)
_TIME_WORDS = re.compile(r"\b(date|day|week|month|year|time)s?\b", re.IGNORECASE)
_ORDINAL = re.compile(r"^(first|second|third)$", re.IGNORECASE)
_ROLE_WORDS = frozenset(
    "minister ministry defence defense general colonel chief president prime marshal field deputy first "
    "foreign army staff air force forces commander ambassador spokesman secretary senator federal special "
    "assistant information broadcasting of the and for in on at head leader officials official".split()
)


def slot_values(question: str, sentence: str, kind: str | None, weights) -> tuple[str, ...]:
    """The values of the asked kind that sit next to the question's focus words, e.g.
    ("Colonel General Karim Valiyev",) for "who is the defence minister"."""
    return tuple(value or "(described)" for value, _ in slot_matches(question, sentence, kind, weights))


def slot_matches(question: str, sentence: str, kind: str | None, weights) -> list[tuple[str, int]]:
    """(value, distance): distance adds up, for each focus word, how many words separate its
    nearest occurrence from the value (a missing focus word costs two windows)."""
    if kind not in ("number", "person", "date"):
        return []
    if kind == "person" and _WHO_IS_NAME.search(question):
        return [("", 0)]  # "Who is Mosharraf Zaidi?" asks for a description, not another name
    # "On which day of the week…": the words that name the kind asked for are not its subject.
    focus = focus_terms(_TIME_WORDS.sub(" ", question) if kind == "date" else question, weights)
    if not focus:
        return []
    spans = [(m.start(), m.group()) for m in re.finditer(r"[\w’'$.,-]+", sentence)]
    stems = _stems([w.strip(".,").lower() for _, w in spans])
    pattern = {"number": _COUNT, "person": _NAME_LIKE, "date": _WHEN}[kind]
    asks_year = "year" in question.lower()
    asked = question.lower()
    found: dict[str, int] = {}
    for match in pattern.finditer(sentence):
        value = match.group().strip()
        if kind == "number" and ((_YEAR_ONLY.match(value) and not asks_year) or _ORDINAL.match(value)):
            continue  # "how many" wants a count, not a year or "second (left)"
        if kind == "number" and _MONTH_BEFORE.search(sentence[:match.start()]):
            continue  # the day of a date ("November 1, 2023")
        if value.lower() in asked:  # a name the question already holds is not an answer
            continue
        if kind == "person" and all(w.lower().strip(",.") in _ROLE_WORDS or w.endswith(("ani", "stani", "ian"))
                                    for w in value.split()):
            continue  # "Azerbaijani Defence Minister", "First Deputy Minister": a post, not a person
        first = sum(1 for start, _ in spans if start < match.start())
        last = first + len(value.split()) - 1
        gaps = {}
        for i, stem in enumerate(stems):
            if stem in focus:
                gap = 0 if first <= i <= last else min(abs(i - first), abs(i - last))
                gaps[stem] = min(gap, gaps.get(stem, gap))
        window = DATE_SLOT_WINDOW if kind == "date" else SLOT_WINDOW
        if gaps and min(gaps.values()) <= window:
            distance = sum(gaps.get(term, 2 * window) for term in focus)
            found[value] = min(distance, found.get(value, distance))
    return sorted(found.items(), key=lambda item: item[1])


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


def _slot_fields(question: str, text: str, kind: str | None, weights) -> dict:
    matches = slot_matches(question, text, kind, weights) if kind else []
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
    focus_kind = kind if kind in ("number", "person", "date") else None
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
            **_slot_fields(question, text, focus_kind if hit.start + start > 0 else None, weights),
        ))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence
