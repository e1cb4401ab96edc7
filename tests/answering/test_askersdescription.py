"""The asker's own description of a thing the question names: no act asked, no constraint."""

from qa.answering.askersdescription import described_tokens
from qa.answering.question import read_question
from qa.language.nlp import analyse


def _described(text: str) -> str:
    [a] = analyse([text])
    return " ".join(a.token_text(i) for i in sorted(described_tokens(a)))


def test_an_apposition_with_a_clause_and_a_relative_clause_after_a_comma_describe():
    assert _described("Who replaced Ana Costa, the mayor who resigned in May?") == "the mayor who resigned in May"
    assert _described("How many people attended the Ostvale festival, which was founded in 1990?") == \
        "which was founded in 1990"


def test_a_restrictive_clause_or_a_bare_apposition_says_which_one_is_meant():
    assert _described("Who replaced the mayor who resigned in May?") == ""
    assert _described("Who coached Arden, the champions of 2024?") == ""


def test_a_clause_that_alone_says_which_thing_is_meant_is_no_description():
    # Found by a review: the place and time were all that said which earthquake.
    assert _described("How many people died in the earthquake, which struck Ostvalia in March 2025?") == ""
    # No closing comma, and spaCy took the question's own verb ("reopen") into the clause.
    assert _described("When did the Harbor Museum, which was robbed in October reopen?") == ""


def test_the_description_gives_no_act_names_or_times_to_meet():
    # A question was refused: it asked for the value "when it was finalized", yet read the
    # description's "blocked", "Omar Haddad" and "January 2025" as what the answer must say.
    question = read_question("What was the value of Acme's takeover of Belmont Steel, the deal Omar Haddad had "
                             "blocked in January 2025, when it was finalized?")
    assert question.predicate != "block"
    assert not question.times
    assert not any("Haddad" in m.text for m in question.mentions)
    assert {m.text for m in question.mentions} >= {"Acme", "Belmont Steel"}
