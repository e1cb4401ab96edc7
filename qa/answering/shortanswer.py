"""The answer itself, first: the name, number, date, place or list the question asks for, taken
verbatim from a cited sentence (with its offsets in the article), never made up.

A relative time is said with what it resolves to ("last year (2024)"); a "when" question about a
report that gives no date of its own is answered with the article's date, said as such
("reported on 9 February 2025").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from qa.answering.values import Value
from qa.language.newstime import format_date
from qa.answering.question import Question

MAX_ITEMS = 8  # list answers


@dataclass(frozen=True)
class AnswerItem:
    """One value of the short answer and where it stands."""

    text: str  # verbatim from the cited sentence ("" for the article's date)
    citation: int  # the [n] of the sentence that holds it
    start: int  # characters in the article's clean text (-1 for the article's date)
    end: int
    said: str  # how the answer shows it ("last year (2024)", "reported on 9 February 2025")

    def to_dict(self) -> dict:
        return asdict(self)


def short_answer_items(question: Question, cited: list[tuple[int, "object"]]) -> list[AnswerItem]:
    """Values of the asked kind from the cited evidence, as (citation number, Evidence) pairs in
    answer order. Empty for why/how questions and when no cited sentence holds a value."""
    if question.kind in (None, "reason"):
        return []
    items: list[AnswerItem] = []
    seen: set[str] = set()
    for number, evidence in cited:
        judgement, view = evidence.judgement, evidence.view
        if judgement is None or view is None:
            continue
        values = _list_of_first(judgement.values, view.analysis.text) if question.wants_list else judgement.values[:1]
        for value in values:
            key = value.text.lower()
            if key in seen or any(key in other for other in seen):
                continue
            seen.add(key)
            items.append(_item(value, number, evidence))
            if len(items) >= (MAX_ITEMS if question.wants_list else 1):
                return items
        if items and not question.wants_list:
            return items
    if not items and question.kind == "date":
        for number, evidence in cited[:1]:  # a report without a date of its own: the article's date
            if evidence.date and evidence.met:
                return [AnswerItem(text="", citation=number, start=-1, end=-1,
                                   said=f"reported on {format_date(evidence.date)}")]
    return items


def _list_of_first(values: list[Value], text: str) -> list[Value]:
    """The list a sentence gives is the one its best value stands in ("won by Arden, Belmont and
    Carrow … in the Delta region": not the region): names with nothing but a comma, "and" or "or"
    between them, in the sentence's order. spaCy's small parser often breaks long lists, so the
    text, not the parse, says what is listed. Where the best value stands in no such list (titles
    between the names), the values labelled like it; failing that, all of them."""
    if len(values) < 2:
        return values
    # Of values that overlap, a name spaCy labelled stands for both ("Nightfall (Part Two)" for the
    # "Nightfall" the asked noun points at; "Ana Costa" for the title run "Deputy Mayor Ana Costa"),
    # then the longer.
    kept: list[Value] = []
    for value in sorted(values, key=lambda v: (_kind(v) != "entity", -(v.end - v.start), v.start)):
        if not any(value.start < other.end and other.start < value.end for other in kept):
            kept.append(value)
    ordered = sorted(kept, key=lambda v: v.start)
    best = next(v for v in ordered if v.start < values[0].end and values[0].start < v.end)
    runs: list[list[Value]] = [[ordered[0]]]
    for value in ordered[1:]:
        previous = runs[-1][-1]
        if _kind(value) == _kind(previous) and _LIST_GAP.fullmatch(text[previous.end:value.start]):
            runs[-1].append(value)
        else:
            runs.append([value])
    run = next(run for run in runs if best in run)
    if len(run) >= 2:
        return run
    alike = [v for v in ordered if v.label == best.label]
    return alike if len(alike) >= 2 else values


def _kind(value: Value) -> str:
    """Names spaCy labelled list together whatever their label (one GPE, the next PERSON); a run
    of capitalised words it did not label (a title: "Deputy Governor") is another kind of item."""
    return value.label if value.label in ("PROPN", "TARGET", "DATE", "NUM") else "entity"


# Between two items of a list: a comma or a conjunction (or both), then perhaps an article
# ("Arden, the Belmont Islands, and Carrow").
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or|as well as|&)\s+)?|(?:and|or|as well as|&)\s+)(?:the\s+)?", re.IGNORECASE)


def _item(value: Value, number: int, evidence) -> AnswerItem:
    # Value offsets are in the passage; the evidence knows where its passage starts in the article.
    start = evidence.passage_start + value.start
    said = value.time.said() if value.time is not None else value.text
    if value.count is not None:  # a list counted: the count, then the names it counts
        said = f"{value.count} ({value.text})"
    return AnswerItem(text=value.text, citation=number, start=start, end=start + len(value.text), said=said)


def join(items: list[AnswerItem]) -> str:
    """The short answer as one line: "Charli XCX", "Omar Haddad, Ana Costa and Maria Lopez"."""
    said = [item.said for item in items]
    if len(said) <= 1:
        return said[0] if said else ""
    return ", ".join(said[:-1]) + " and " + said[-1]
