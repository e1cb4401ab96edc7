"""The application, not the model, decides citations.

Each answer sentence is matched to the evidence sentence(s) that support it by embedder
similarity plus lexical overlap; a sentence with no support is dropped. Markers a model wrote
are ignored and replaced by the verified ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from qa.answer import AnswerSentence, Citation
from qa.chunking import sentence_spans
from qa.evidence import Evidence, SentenceVectors
from qa.lexical import content_terms, coverage

# A sentence is supported by one evidence sentence when it is close in meaning and most of its
# content words are there, or nearly all its words are (a quote), or it is a near paraphrase.
SUPPORT_SIMILARITY = 0.60
SUPPORT_OVERLAP = 0.50
QUOTE_OVERLAP = 0.90
PARAPHRASE_SIMILARITY = 0.85
# Two evidence sentences together support a sentence when they cover this share of its words.
JOINT_OVERLAP = 0.75
JOINT_SIMILARITY = 0.50

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


def find_support(sentence: str, vector: np.ndarray, evidence: list[Evidence], vectors: np.ndarray) -> Support | None:
    """The smallest set of evidence sentences (one, else two) that supports `sentence`."""
    if not evidence:
        return None
    terms = content_terms(sentence)
    similarities = vectors @ vector
    overlaps = [coverage(terms, content_terms(e.text) | content_terms(e.title)) for e in evidence]
    exact = [i for i, e in enumerate(evidence) if e.text.strip() == sentence.strip()]
    if exact:
        return Support((evidence[exact[0]],), 1.0, 1.0)
    order = sorted(range(len(evidence)), key=lambda i: 0.5 * similarities[i] + 0.5 * overlaps[i], reverse=True)
    for i in order:
        sim, lex = float(similarities[i]), overlaps[i]
        if (sim >= SUPPORT_SIMILARITY and lex >= SUPPORT_OVERLAP) or lex >= QUOTE_OVERLAP or sim >= PARAPHRASE_SIMILARITY:
            return Support((evidence[i],), sim, lex)
    top = order[:4]
    for a_pos, a in enumerate(top):
        for b in top[a_pos + 1:]:
            joint = coverage(terms, content_terms(evidence[a].text) | content_terms(evidence[b].text))
            best_sim = float(max(similarities[a], similarities[b]))
            if joint >= JOINT_OVERLAP and best_sim >= JOINT_SIMILARITY:
                pair = sorted((evidence[a], evidence[b]), key=lambda e: (e.article_id, e.start))
                return Support(tuple(pair), best_sim, joint)
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
    answer_vectors = sentence_vectors.vectors(sentences)
    evidence_vectors = sentence_vectors.vectors([e.text for e in evidence]) if evidence else np.zeros((0, 384))
    numbers: dict[tuple[str, int], int] = {}
    citations: list[Citation] = []
    kept: list[AnswerSentence] = []
    dropped: list[str] = []
    pieces: list[str] = []
    cursor = 0
    for (start, end), sentence, vector in zip(spans, sentences, answer_vectors):
        support = find_support(sentence, vector, evidence, evidence_vectors)
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
