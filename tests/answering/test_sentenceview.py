"""A candidate sentence reads its own tokens of the passage."""

from qa.language.nlp import analyse
from qa.answering.sentenceview import SentenceView


def test_a_view_reads_its_own_tokens_only():
    [a] = analyse(["First sentence here. Second sentence there."])
    second = next(i for i in range(len(a)) if a.token_text(i) == "Second")
    assert SentenceView(a, first=second, end=len(a), context="", date=None).text == "Second sentence there."
