"""Stored language analyses of passages and vectors of their sentences, so that asking never waits
for spaCy or the embedder.

Ingest analyses every passage it writes; questions read the analyses of the passages they
retrieved. Records are keyed by a hash of the passage text and the analysis version, so they can
never be stale: a missing one (a store written by an older version, a killed ingest, another
machine's Chroma server) is computed when first needed and kept. The file lives beside the Chroma
store (`<store>/analyses.sqlite3`), or in the user cache for a Chroma server. Sentence vectors are
keyed by the sentence text and the embedder's model, and kept in the same file.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from qa.language.nlp import ANALYSIS_VERSION, Analysis, analyse, decode, encode
from qa.settings import Settings

log = logging.getLogger(__name__)
FILE_NAME = "analyses.sqlite3"
# "ISLAMABAD:" or "NEW YORK, Nov 1 (Reuters) -" before the first words of an article.
_DATELINE = re.compile(r"^[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3}(?:,[^:\n]{0,40})?\s*[:—–-](?:\s+|$)")


def passage_sentences(analysis: Analysis) -> list[tuple[int, int, str]]:
    """(first token, end token, text) of each sentence of a passage, a leading dateline cut off:
    the sentences answering weighs, and so the ones whose vectors ingest stores."""
    result = []
    for first, end in analysis.sentences:
        if end <= first:
            continue
        start_char, end_char = analysis.span_chars(first, end)
        text = analysis.text[start_char:end_char]
        dateline = _DATELINE.match(text)
        if dateline:
            cut = start_char + dateline.end()
            while first < end and analysis.starts[first] < cut:
                first += 1
            if first >= end:
                continue  # nothing but a dateline
            start_char = analysis.starts[first]
            text = analysis.text[start_char:end_char]
        result.append((first, end, text))
    return result


def analyses_path(settings: Settings) -> Path:
    return settings.beside_store / FILE_NAME


_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}


def noun_label_pairs(analysis: Analysis) -> dict[tuple[str, str], int]:
    """(common noun, entity label) pairs a text attaches: "Oaxaca state", "spokeswoman Lina
    Berg", "Ana Costa, the finance director", "the Golden Bear award"."""
    pairs: dict[tuple[str, str], int] = {}
    a = analysis

    def count(token: int, label: str) -> None:
        if a.pos[token] == "NOUN" and a.lemmas[token].isalpha():
            key = (a.lemmas[token], label)
            pairs[key] = pairs.get(key, 0) + 1

    for entity in a.entities:
        if entity.label not in _NAME_LABELS:
            continue
        inside = range(entity.start, entity.end)
        root = next((i for i in inside if a.heads[i] not in inside or a.heads[i] == i), entity.end - 1)
        root = a.first_conjunct(root)  # "including X, Y and Z": Z stands where X does
        head = a.heads[root]
        if head not in inside and a.dep[root] in ("appos", "compound", "nmod"):
            count(head, entity.label)
        elif head not in inside and a.dep[root] == "pobj" and a.lemmas[head] in ("include", "like", "as"):
            count(a.heads[head], entity.label)  # "officials, including Omar Haddad"; "airlines such as KLM"
        for i in range(len(a)):
            if a.heads[i] in inside and i not in inside and a.dep[i] in ("appos", "compound"):
                count(i, entity.label)
    return pairs


def text_key(text: str) -> str:
    return hashlib.sha256(f"{ANALYSIS_VERSION}\n{text}".encode("utf-8")).hexdigest()[:32]


def vector_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode("utf-8")).hexdigest()[:32]


class AnalysisStore:
    """Read and write analyses; thread-safe. A store that cannot be written still answers
    (misses are computed and kept in memory)."""

    def __init__(self, path: Path, memory: int = 4096) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Analysis] = OrderedDict()
        self._capacity = memory
        self._db: sqlite3.Connection | None = None
        self._writable = True
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS noun_labels (key TEXT, noun TEXT, label TEXT, n INTEGER)")
            self._db.execute("CREATE INDEX IF NOT EXISTS noun_labels_noun ON noun_labels (noun)")
            # Each write first deletes a passage's rows by key: without this index every delete
            # scans the table, and an ingest's cost grows with the square of the store.
            self._db.execute("CREATE INDEX IF NOT EXISTS noun_labels_key ON noun_labels (key)")
            # float16: a sentence costs 768 bytes; the similarities it feeds differ by < 1e-3
            self._db.execute("CREATE TABLE IF NOT EXISTS sentence_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            self._db.commit()
        except (sqlite3.Error, OSError) as exc:  # read-only, missing or blocked folder: answer from memory
            log.info("analyses at %s cannot be written (%s); computing them as needed", self.path, exc)
            self._writable = False
            try:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                self._db.execute("SELECT 1 FROM analyses LIMIT 1")
            except sqlite3.Error:
                self._db = None

    def get(self, texts: Iterable[str]) -> dict[str, Analysis]:
        """The analysis of each text, computed and kept where missing."""
        texts = list(dict.fromkeys(texts))
        found: dict[str, Analysis] = {}
        with self._lock:
            for text in texts:
                key = text_key(text)
                if key in self._memory:
                    self._memory.move_to_end(key)
                    found[text] = self._memory[key]
        wanted = [t for t in texts if t not in found]
        if wanted:
            found.update(self._read(wanted))
        missing = [t for t in texts if t not in found]
        if missing:
            fresh = dict(zip(missing, analyse(missing)))
            self._write(fresh)
            found.update(fresh)
        with self._lock:
            for text, analysis in found.items():
                self._memory[text_key(text)] = analysis
            while len(self._memory) > self._capacity:
                self._memory.popitem(last=False)
        return found

    def add(self, texts: Iterable[str]) -> dict[str, Analysis]:
        """Analyse and keep texts not stored yet (ingest); returns the analysis of every text."""
        texts = list(dict.fromkeys(texts))
        stored = self._read(texts)
        missing = [t for t in texts if t not in stored]
        if missing:
            fresh = dict(zip(missing, analyse(missing)))
            self._write(fresh)
            stored.update(fresh)
        return stored

    def sentence_vectors(self, model: str, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of sentences (float32), for those that have one."""
        return {text: np.frombuffer(blob, dtype=np.float16).astype(np.float32)
                for text, blob in self._stored_vectors(model, texts, "key, vector").items()}

    def without_sentence_vectors(self, model: str, texts: list[str]) -> list[str]:
        """The texts that have no stored vector (keys only: nothing is read back to find out)."""
        stored = self._stored_vectors(model, texts, "key")
        return [t for t in texts if t not in stored]

    def _stored_vectors(self, model: str, texts: list[str], columns: str) -> dict[str, bytes | None]:
        if self._db is None or not texts:
            return {}
        by_key = {vector_key(model, t): t for t in texts}
        keys = list(by_key)
        found: dict[str, bytes | None] = {}
        try:
            with self._lock:
                for begin in range(0, len(keys), 500):
                    chunk = keys[begin:begin + 500]
                    marks = ",".join("?" * len(chunk))
                    for row in self._db.execute(f"SELECT {columns} FROM sentence_vectors WHERE key IN ({marks})", chunk):
                        found[by_key[row[0]]] = row[1] if len(row) > 1 else None
        except sqlite3.Error as exc:
            log.info("cannot read sentence vectors at %s: %s", self.path, exc)
        return found

    def add_sentence_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        if not self._writable or self._db is None or not vectors:
            return
        rows = [(vector_key(model, text), np.asarray(v, dtype=np.float16).tobytes()) for text, v in vectors.items()]
        try:
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO sentence_vectors (key, vector) VALUES (?, ?)", rows)
                self._db.commit()
        except sqlite3.Error as exc:
            log.info("cannot keep sentence vectors at %s: %s", self.path, exc)
            self._writable = False

    def holds_sentence_vectors(self) -> bool:
        """Did an ingest store sentence vectors here (then nothing needs warming)?"""
        if self._db is None:
            return False
        try:
            with self._lock:
                return self._db.execute("SELECT 1 FROM sentence_vectors LIMIT 1").fetchone() is not None
        except sqlite3.Error:
            return False

    def _read(self, texts: list[str]) -> dict[str, Analysis]:
        if self._db is None:
            return {}
        by_key = {text_key(t): t for t in texts}
        found = {}
        keys = list(by_key)
        try:
            with self._lock:
                for begin in range(0, len(keys), 500):
                    chunk = keys[begin:begin + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, blob in self._db.execute(f"SELECT key, data FROM analyses WHERE key IN ({marks})", chunk):
                        found[by_key[key]] = decode(by_key[key], blob)
        except sqlite3.Error as exc:
            log.info("cannot read analyses at %s: %s", self.path, exc)
        return found

    def _write(self, analyses: dict[str, Analysis]) -> None:
        if not self._writable or self._db is None or not analyses:
            return
        rows = [(text_key(text), encode(analysis)) for text, analysis in analyses.items()]
        pairs = [(text_key(text), noun, label, n) for text, analysis in analyses.items()
                 for (noun, label), n in noun_label_pairs(analysis).items()]
        try:
            with self._lock:
                self._db.executemany("INSERT OR REPLACE INTO analyses (key, data) VALUES (?, ?)", rows)
                self._db.executemany("DELETE FROM noun_labels WHERE key = ?", [(key,) for key, _ in rows])
                self._db.executemany("INSERT INTO noun_labels (key, noun, label, n) VALUES (?, ?, ?, ?)", pairs)
                self._db.commit()
        except sqlite3.Error as exc:  # disk full, read-only: the answers do not depend on it
            log.info("cannot keep analyses at %s: %s", self.path, exc)
            self._writable = False

    def labels_for(self, noun: str, min_count: int = 1, min_share: float = 0.25) -> frozenset[str]:
        """Entity labels the corpus gives names attached to `noun` ("province" → GPE, "airline" → ORG):
        what a "which <noun>" question can be answered by, learnt from the archive itself."""
        if self._db is None:
            return frozenset()
        try:
            with self._lock:
                rows = self._db.execute("SELECT label, SUM(n) FROM noun_labels WHERE noun = ? GROUP BY label", (noun,)).fetchall()
        except sqlite3.Error:
            return frozenset()
        total = sum(n for _, n in rows)
        return frozenset(label for label, n in rows if n >= min_count and n / max(total, 1) >= min_share)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
