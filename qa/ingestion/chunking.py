"""`Article` → passages: sentence-aware, token-aware (tiktoken), with exact character spans.

Invariant (property-tested): `article.text[p.start:p.end] == p.text` for every passage, every
non-space character of the article lies in some passage, and no passage exceeds the limits.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.ingestion.corpus import Article

ENCODING = "cl100k_base"


def _use_bundled_tiktoken_cache() -> None:
    """tiktoken downloads its encodings unless a cache has them; llama-index-core ships one."""
    if os.environ.get("TIKTOKEN_CACHE_DIR"):
        return
    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.submodule_search_locations:
        cache = Path(list(spec.submodule_search_locations)[0]) / "_static" / "tiktoken_cache"
        if cache.is_dir():
            os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)


@lru_cache(maxsize=1)
def _encoding():
    _use_bundled_tiktoken_cache()
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "adm",
    "st", "no", "nos", "vs", "inc", "ltd", "co", "corp", "jr", "sr", "gov", "sen", "rep",
    "rev", "fig", "approx", "dept", "est", "mt", "ft", "hon", "pres", "brig", "cmdr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
}
# A candidate end: terminal punctuation, then closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; spans never include outer whitespace; newlines always split."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        base, chunk = para.start(), para.group()
        start = 0
        for match in _END.finditer(chunk):
            if _is_abbreviation(chunk, match.start()) or not _next_starts_sentence(chunk, match.end()):
                continue
            spans.extend(_trimmed(chunk, start, match.end(), base))
            start = match.end()
        spans.extend(_trimmed(chunk, start, len(chunk), base))
    return spans


def _is_abbreviation(chunk: str, dot: int) -> bool:
    if chunk[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", chunk[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _next_starts_sentence(chunk: str, end: int) -> bool:
    rest = chunk[end:].lstrip()
    return not rest or not rest[0].islower()


def _trimmed(chunk: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
    piece = chunk[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = len(piece) - len(piece.lstrip())
    return [(base + start + lead, base + start + lead + len(stripped))]


# --- passages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A span of an article's clean text, with the article's facts as metadata."""

    id: str
    article_id: str
    index: int
    text: str
    start: int
    end: int
    tokens: int
    title: str
    source: str
    date: str | None = None
    dateline: str | None = None

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store (no None values: Chroma rejects them)."""
        meta: dict[str, str | int] = {
            "article_id": self.article_id, "index": self.index, "start": self.start,
            "end": self.end, "tokens": self.tokens, "title": self.title, "source": self.source,
        }
        if self.date:
            meta["date"] = self.date
            meta["date_int"] = int(self.date.replace("-", ""))  # Chroma range filters need numbers
        if self.dateline:
            meta["dateline"] = self.dateline
        return meta


@dataclass(frozen=True)
class ChunkingConfig:
    max_tokens: int = 200
    overlap_tokens: int = 40
    # A second limit in another tokenizer's units (the embedder's word pieces), if given.
    extra_counter: Callable[[str], int] | None = None
    extra_limit: int | None = None


class Chunker:
    def __init__(self, config: ChunkingConfig | None = None) -> None:
        self.config = config or ChunkingConfig()
        if self.config.max_tokens < 8:
            raise ValueError("max_tokens must be at least 8")

    def fits(self, text: str) -> bool:
        cfg = self.config
        if count_tokens(text) > cfg.max_tokens:
            return False
        return cfg.extra_counter is None or cfg.extra_counter(text) <= (cfg.extra_limit or 0)

    def _sizes(self, text: str) -> tuple[int, int]:
        extra = self.config.extra_counter(text) if self.config.extra_counter else 0
        return count_tokens(text), extra

    def _fits_sizes(self, sizes: tuple[int, int]) -> bool:
        cfg = self.config
        return sizes[0] <= cfg.max_tokens and (cfg.extra_counter is None or sizes[1] <= (cfg.extra_limit or 0))

    def chunk(self, article: Article) -> list[Passage]:
        units, sizes = self._units(article.text)
        spans = self._pack(article.text, units, sizes)
        return [
            Passage(
                id=f"{article.id}-{i:04d}", article_id=article.id, index=i,
                text=article.text[start:end], start=start, end=end,
                tokens=count_tokens(article.text[start:end]), title=article.title,
                source=article.source, date=article.date, dateline=article.dateline,
            )
            for i, (start, end) in enumerate(spans)
        ]

    def _units(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Sentences (cut at word boundaries when too long for one passage) and their sizes."""
        units: list[tuple[int, int]] = []
        sizes: list[tuple[int, int]] = []
        for start, end in sentence_spans(text):
            size = self._sizes(text[start:end])
            if self._fits_sizes(size):
                units.append((start, end))
                sizes.append(size)
            else:
                pieces = self._split_long(text, start, end)
                units.extend(pieces)
                sizes.extend(self._sizes(text[a:b]) for a, b in pieces)
        return units, sizes

    def _split_long(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        pieces: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            if not self.fits(text[words[i][0]:words[i][1]]):
                pieces.extend(self._split_chars(text, *words[i]))
                i += 1
                continue
            j = i + 1
            while j < len(words) and self.fits(text[words[i][0]:words[j][1]]):
                j += 1
            pieces.append((words[i][0], words[j - 1][1]))
            i = j
        return pieces

    def _split_chars(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A 'word' longer than a passage (a URL, a run of symbols): cut by characters."""
        pieces = []
        while start < end:
            low, high = start + 1, end
            while low < high:  # longest prefix that fits
                mid = (low + high + 1) // 2
                if self.fits(text[start:mid]):
                    low = mid
                else:
                    high = mid - 1
            pieces.append((start, low))
            start = low
        return pieces

    def _pack(self, text: str, units: list[tuple[int, int]], sizes: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Greedy: as many whole units per passage as fit, then step back for the overlap.

        Sizes are estimated from per-unit counts (one tokenizer call per unit, not per
        candidate) with a margin of one token per join; each passage is then checked exactly.
        """
        cfg = self.config
        tik = [size[0] for size in sizes]
        extra = [size[1] for size in sizes] if cfg.extra_counter else None

        def estimate_fits(first: int, last: int) -> bool:
            joins = last - first
            gaps = sum(count_tokens(text[units[k][1]:units[k + 1][0]]) for k in range(first, last))
            if sum(tik[first:last + 1]) + gaps + joins > cfg.max_tokens:
                return False
            return extra is None or sum(extra[first:last + 1]) + joins <= (cfg.extra_limit or 0)

        spans: list[tuple[int, int]] = []
        first = 0
        while first < len(units):
            last = first
            while last + 1 < len(units) and estimate_fits(first, last + 1):
                last += 1
            while last > first and not self.fits(text[units[first][0]:units[last][1]]):
                last -= 1  # the estimate was optimistic: give back a unit
            spans.append((units[first][0], units[last][1]))
            if last + 1 >= len(units):
                break
            # Overlap: restart at the trailing sentences of this passage that fit the overlap budget.
            following = last + 1
            while following - 1 > first and sum(tik[following - 1:last + 1]) <= cfg.overlap_tokens:
                following -= 1
            # Never let the overlap crowd out the next sentence (that would repeat a passage).
            while following <= last and not estimate_fits(following, last + 1):
                following += 1
            first = following
        return spans


def chunk_articles(articles: list[Article], chunker: Chunker | None = None) -> list[Passage]:
    chunker = chunker or Chunker()
    return [passage for article in articles for passage in chunker.chunk(article)]
