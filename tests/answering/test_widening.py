"""The passages a question is answered from: the whole question's, then those its time or each offered alternative brings."""

from __future__ import annotations

from qa.answering.widening import question_hits
from qa.index.retrieval import Hit


class _RecordingRetriever:
    """Answers each query with one passage named after it, and records the queries and filters."""

    def __init__(self):
        self.asked: list[tuple[str, object]] = []

    def retrieve(self, question, filters, k, query_vector=None):
        self.asked.append((question, filters))
        return [Hit(passage_id=f"p{len(self.asked)}", article_id="a", text=question, start=0, end=len(question),
                    title="", source="", date=None, dateline=None, score=1.0, rank=1)]


def test_each_offered_alternative_is_searched_without_the_others():
    retriever = _RecordingRetriever()
    hits = question_hits(retriever, "Which company cut more jobs: Arden Steel or Belmont Foods?", None, 3, None)
    queries = [q for q, _ in retriever.asked]
    assert len(queries) == 3 and len(hits) == 3
    assert "Belmont Foods" not in queries[1] and "Arden Steel" in queries[1]
    assert "Arden Steel" not in queries[2] and "Belmont Foods" in queries[2]


def test_a_named_time_also_searches_that_time_and_a_plain_question_searches_once():
    retriever = _RecordingRetriever()
    question_hits(retriever, "Who won the Harbor Cup in March 2025?", None, 3, None)
    assert len(retriever.asked) == 2
    timed = retriever.asked[1][1]
    assert timed.after.startswith("2025-03") and timed.before.startswith("2025-03")
    retriever = _RecordingRetriever()
    question_hits(retriever, "Who won the Harbor Cup?", None, 3, None)
    assert len(retriever.asked) == 1
