"""What an answer is: text with [n] markers, the citations behind them, or an abstention."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """One supporting sentence: where it is (article span) and the passage around it."""

    n: int
    title: str
    date: str | None
    source: str
    article_id: str
    passage_id: str
    passage: str  # the passage text, for display
    passage_start: int  # passage span in the article's clean text
    start: int  # supporting sentence span in the article's clean text
    end: int
    quote: str  # the supporting sentence itself

    @property
    def highlight(self) -> tuple[int, int]:
        """The supporting sentence's span inside `passage`."""
        return self.start - self.passage_start, self.end - self.passage_start

    def to_dict(self) -> dict:
        return {
            "n": self.n, "title": self.title, "date": self.date, "source": self.source,
            "text": self.passage, "start": self.start, "end": self.end, "quote": self.quote,
        }


@dataclass(frozen=True)
class Related:
    """A passage close to the question, listed when the answer abstains."""

    title: str
    date: str | None
    source: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    citations: tuple[int, ...]  # citation numbers
    supported: bool


@dataclass
class Answer:
    question: str
    text: str  # the supporting sentences, each with its [n]
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    related: list[Related] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage → milliseconds
    generator: str = ""
    standalone_question: str = ""  # the question after resolving follow-ups
    sentences: list[AnswerSentence] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # generated sentences without support
    short_answer: str = ""  # the answer itself ("Ana Costa"); empty for why/how questions
    short_answer_items: list = field(default_factory=list)  # AnswerItem: each value, its [n] and span

    def to_dict(self) -> dict:
        """The shape of `qa ask --json` and of the web API."""
        return {
            "short_answer": self.short_answer,
            "short_answer_items": [item.to_dict() for item in self.short_answer_items],
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "related": [r.to_dict() for r in self.related],
            "timings": {k: round(v, 1) for k, v in self.timings.items()},
            "generator": self.generator,
            "standalone_question": self.standalone_question,
        }
