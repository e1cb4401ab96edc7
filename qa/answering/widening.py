"""The passages a question is answered from: the best for the question as a whole, then those a
time it names or each alternative it offers brings beside them (the whole question may miss them)."""

from __future__ import annotations

from dataclasses import replace

from qa.answering.evidence import without_attribution
from qa.answering.question import read_question
from qa.index.retrieval import Filters, Hit, Retriever
from qa.language.newstime import time_window


def question_hits(retriever: Retriever, question: str, filters: Filters | None, k: int, vector) -> list[Hit]:
    """The question's own best passages first, then those its time and its alternatives add."""
    hits = retriever.retrieve(question, filters, k, query_vector=vector)
    hits = _with_asked_time(retriever, question, hits, filters, k, vector)
    return _with_each_offered(retriever, question, hits, filters, k)


def _with_asked_time(retriever: Retriever, question: str, hits: list[Hit], filters: Filters | None, k: int,
                     vector) -> list[Hit]:
    """A time the question names ("in 2023", "in March 2025") also brings the best passages of
    articles published then, beside the others (an article of another year may tell of it)."""
    window = time_window(read_question(without_attribution(question)).times)
    if window is None:
        return hits
    base = filters or Filters()
    after = max(filter(None, (base.after, window[0])))
    before = min(filter(None, (base.before, window[1])))
    if after > before:
        return hits
    timed = retriever.retrieve(question, replace(base, after=after, before=before), k, query_vector=vector)
    return _added(hits, timed)


def _with_each_offered(retriever: Retriever, question: str, hits: list[Hit], filters: Filters | None, k: int) -> list[Hit]:
    """"Which company cut more jobs: Arden Steel in May or Belmont Foods in February?": each
    alternative offered also brings its own best passages (the question as a whole may find
    only the better-known one's)."""
    asked = read_question(without_attribution(question))
    if not asked.chooses_among_offered:
        return hits
    offered = [m.text for m in asked.mentions if m.group != -1]
    for name in offered:
        alone = question
        for other in offered:
            if other != name and other not in name:
                alone = alone.replace(other, " ")
        hits = _added(hits, retriever.retrieve(alone, filters, k))
    return hits


def _added(hits: list[Hit], more: list[Hit]) -> list[Hit]:
    seen = {h.passage_id for h in hits}
    return hits + [h for h in more if h.passage_id not in seen]
