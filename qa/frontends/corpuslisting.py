"""What the web app's Corpus tab and article filter list: the store's articles, searched and capped.

A browser is sent at most `SHOWN` rows. At 34,483 articles the whole list was 7 MB sent twice
per page load (the page, then its refresh), and Gradio walked every cell of it while the first
question waited; a search finds any article instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SHOWN = 500

Row = list  # [title, date, source, passages], as the table shows it


@dataclass(frozen=True)
class CorpusListing:
    rows: list[Row]  # the matching rows, at most SHOWN, in the store's order (source, title)
    files: list[str]  # the files of every matching row, at most SHOWN: what the article filter offers
    matching: int
    articles: int
    passages: int
    search: str = ""

    def summary(self, quote: Callable[[str], str] = str) -> str:
        """The count of articles and passages, and what the search matched; `quote` makes the
        visitor's search text safe for where the summary is shown."""
        def many(n: int, noun: str) -> str:
            return f"{n:,} {noun}{'' if n == 1 else 's'}"

        whole = f"{many(self.articles, 'article')}, {many(self.passages, 'passage')}."
        searched = quote(self.search)
        if self.search and not self.matching:
            return f"{whole} None matches “{searched}”."
        shown = f"{self.matching:,} match{'es' if self.matching == 1 else ''} “{searched}”" if self.search else ""
        if len(self.rows) < self.matching:
            listed = f"{len(self.rows):,} {'is' if len(self.rows) == 1 else 'are'} listed"
            shown = f"{shown}; the first {listed}" if shown else f"The first {listed}; search to find the others"
        return f"{whole} {shown}." if shown else whole


def list_corpus(rows: list[Row], search: str = "", limit: int | None = None) -> CorpusListing:
    """Rows whose title, date or file name holds every word of `search` (any case, inside words
    too: "flood" finds "floods"); at most `limit` of them (default `SHOWN`), and at most as many
    of their files."""
    limit = SHOWN if limit is None else limit
    words = search.casefold().split()
    matching = [row for row in rows if all(w in f"{row[0]} {row[1]} {row[2]}".casefold() for w in words)]
    files = sorted({row[2] for row in matching})[:limit]
    return CorpusListing(rows=matching[:limit], files=files, matching=len(matching), articles=len(rows),
                         passages=sum(int(row[3] or 0) for row in rows), search=" ".join(search.split()))


def unknown_sources(chosen: list[str] | None, rows: list[Row]) -> list[str]:
    """Chosen file names (the filter takes typed ones too) that no stored article has."""
    known = {row[2] for row in rows}
    return [name for name in chosen or [] if name not in known]
