"""Proper-noun runs that may name the place asked, whatever spaCy labelled them."""

from qa.answering.placenames import place_runs
from qa.answering.sentenceview import SentenceView
from qa.language.nlp import analyse


def _places(text: str, said: str | None, target: str | None = None) -> list[str]:
    [a] = analyse([text])
    view = SentenceView(analysis=a, first=0, end=len(a), context="", date="2025-03-02")
    said_at = [i for i in range(len(a)) if a.token_text(i) == said]
    return [a.text[a.starts[f]:a.ends[e - 1]] for f, e in place_runs(view, frozenset({"GPE"}), target, said_at)]


def test_a_name_after_a_preposition_of_place_and_a_known_place_the_act_takes():
    assert _places("The summit was held at Ostvale Hall on Monday.", "held") == ["Ostvale Hall"]
    # Hungary (inside an "event" to spaCy) is the object of the asked act; Germany stands beside it.
    assert _places("The panel censures Hungary €2 million over the delay.", "censures", "country") == ["Hungary"]
    assert _places("The European Court of Justice fines Germany €34 million for failing to act.", "fines",
                   "country") == ["Germany"]
    assert _places("The panel censures Paris €2 million over the delay.", "censures", "country") == []  # not a country


def test_a_known_place_name_that_does_an_act_is_a_person_not_a_place():
    assert _places("Troy scored twice as Arden won.", "won") == []
    assert _places("The report was written by Troy for the Ostvale board.", None) == []
