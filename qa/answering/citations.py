"""The application, not the model, decides citations.

Each answer sentence is matched to the evidence sentence(s) that support it by embedder
similarity plus lexical overlap; a sentence with no support is dropped. Markers a model wrote
are ignored and replaced by the verified ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from qa.answering.answer import AnswerSentence, Citation
from qa.ingestion.chunking import sentence_spans
from qa.answering.evidence import Evidence, SentenceVectors
from qa.language.lexical import content_terms, coverage, related_term

# A sentence is supported by one evidence sentence when it is close in meaning and most of its
# content words are there, or nearly all its words are (a quote), or it is a near paraphrase.
SUPPORT_SIMILARITY = 0.60
SUPPORT_OVERLAP = 0.50
QUOTE_OVERLAP = 0.90
PARAPHRASE_SIMILARITY = 0.85

_MODEL_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_NOT_IN_ARTICLES = re.compile(
    r"(do(es)? not (contain|mention|say|state|include|provide)|not (mentioned|stated|specified|provided)|"
    r"no (information|mention)|cannot (answer|be determined|find)|there is no)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Support:
    evidence: tuple[Evidence, ...]
    similarity: float
    overlap: float


def says_not_found(text: str) -> bool:
    """A model's own "the articles do not say" (treated as an abstention)."""
    return bool(_NOT_IN_ARTICLES.search(text))


def strip_markers(text: str) -> str:
    return _MODEL_MARKER.sub("", text).strip()


def find_support(sentence: str, vector: np.ndarray, evidence: list[Evidence], vectors: np.ndarray,
                 clause_vectors=None) -> Support | None:
    """The evidence that supports `sentence`: one sentence, or — for a sentence joining clauses
    ("X did A, and Y did B") — one sentence per clause. Two facts are never fused into a claim
    that neither states ("A's deputy was B")."""
    if not evidence:
        return None
    single = _single_support(sentence, vector, evidence, vectors)
    if clause_vectors is None or (single is not None and single.overlap >= QUOTE_OVERLAP):
        return single
    clauses = [c.strip(" ,;") for c in _CLAUSE_BREAK.split(sentence) if len(content_terms(c)) >= 2]
    if len(clauses) < 2:
        return single
    found: list[Evidence] = []
    for clause, clause_vector in zip(clauses, clause_vectors(clauses)):
        support = _single_support(clause, clause_vector, evidence, vectors)
        if support is None:
            return single  # the clauses do not each stand: judge the sentence whole
        found.extend(e for e in support.evidence if e not in found)
    return Support(tuple(found), 0.0, 1.0)


_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while)\s+|\s+(?:and|but|while)\s+(?=[A-Z])")


_NAME_WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+")


def _names(sentence: str) -> frozenset[str]:
    """Terms of the capitalised words inside a sentence (its first word aside): the names it states."""
    return frozenset().union(*(content_terms(w) for w in _NAME_WORD.findall(sentence.strip())))


def _single_support(sentence: str, vector: np.ndarray, evidence: list[Evidence], vectors: np.ndarray) -> Support | None:
    terms = content_terms(sentence)
    exact = [e for e in evidence if e.text.strip() == sentence.strip()]
    if exact:
        return Support((exact[0],), 1.0, 1.0)
    if not terms:
        return None  # "Sources:", "[1] [2]": nothing is claimed, nothing is supported
    similarities = vectors @ vector
    overlaps = [coverage(terms, content_terms(e.text) | content_terms(e.title)) for e in evidence]
    names = _names(sentence)
    order = sorted(range(len(evidence)), key=lambda i: 0.5 * similarities[i] + 0.5 * overlaps[i], reverse=True)
    for i in order:
        available = content_terms(evidence[i].text) | content_terms(evidence[i].title)
        if not all(related_term(n, available) for n in names):
            continue  # a name the evidence does not state is never supported by it
        sim, lex = float(similarities[i]), overlaps[i]
        if (sim >= SUPPORT_SIMILARITY and lex >= SUPPORT_OVERLAP) or lex >= QUOTE_OVERLAP or sim >= PARAPHRASE_SIMILARITY:
            return Support((evidence[i],), sim, lex)
    return None


def attach(
    text: str, evidence: list[Evidence], sentence_vectors: SentenceVectors
) -> tuple[str, list[Citation], list[AnswerSentence], list[str]]:
    """Verify every sentence of `text`; return the marked text, citations, sentences, dropped ones."""
    clean = strip_markers(text)
    spans = sentence_spans(clean)
    sentences = [clean[s:e] for s, e in spans]
    if not sentences:
        return "", [], [], []
    # A sentence copied from the evidence is its own support: only the others need vectors.
    copied = {e.text.strip() for e in evidence}
    written = list(dict.fromkeys(s for s in sentences if s.strip() not in copied))
    vector_of = dict(zip(written, sentence_vectors.vectors_alone(written)))
    evidence_vectors = sentence_vectors.vectors_alone([e.text for e in evidence]) if written and evidence else np.zeros((len(evidence), 384), np.float32)
    answer_vectors = [vector_of.get(s, np.zeros(384, np.float32)) for s in sentences]
    numbers: dict[tuple[str, int], int] = {}
    citations: list[Citation] = []
    kept: list[AnswerSentence] = []
    dropped: list[str] = []
    pieces: list[str] = []
    cursor = 0
    for (start, end), sentence, vector in zip(spans, sentences, answer_vectors):
        support = find_support(sentence, vector, evidence, evidence_vectors, clause_vectors=sentence_vectors.vectors_alone)
        if support is None:
            dropped.append(sentence)
            cursor = end
            continue
        refs = []
        for item in support.evidence:
            key = (item.article_id, item.start)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(_citation(numbers[key], item))
            refs.append(numbers[key])
        separator = clean[cursor:start] if pieces else ""
        markers = "".join(f"[{n}]" for n in refs)
        pieces.append(f"{separator}{sentence} {markers}")
        kept.append(AnswerSentence(text=sentence, citations=tuple(refs), supported=True))
        cursor = end
    return "".join(pieces).strip(), citations, kept, dropped


def _citation(n: int, item: Evidence) -> Citation:
    return Citation(
        n=n, title=item.title, date=item.date, source=item.source, article_id=item.article_id,
        passage_id=item.passage_id, passage=item.passage, passage_start=item.passage_start,
        start=item.start, end=item.end, quote=item.text,
    )
