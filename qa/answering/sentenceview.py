"""One candidate sentence of an analysed passage, with what its article says around it."""

from __future__ import annotations

from dataclasses import dataclass

from qa.language.nlp import Analysis


@dataclass(frozen=True)
class SentenceView:
    """One candidate sentence: tokens first..end-1 of its passage's analysis, and what its
    article says around it."""

    analysis: Analysis
    first: int
    end: int
    context: str  # title, heading, item lead
    date: str | None  # the article's date
    context_first: int | None = None  # first token of the context within the passage (its item or passage start)
    label_end: int | None = None  # a digest item's "labels:" end inside this sentence (values there are topics)

    @property
    def text(self) -> str:
        start, end = self.analysis.span_chars(self.first, self.end)
        return self.analysis.text[start:end]
