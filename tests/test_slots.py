"""Typed answer slots: a value of the asked kind next to what the question asks about."""

from __future__ import annotations

from qa.slots import UNBOUND, slot_matches, slot_values


def test_a_date_anywhere_in_the_sentence_fills_a_when_question():
    """News gives the time of a clause at its end; the words "day of the week" are not the subject."""
    question = "On which day of the week did the two armies exchange heavy fire along their border?"
    said = "The two armies exchanged heavy fire along their border late on Friday, officials said."
    assert slot_values(question, said, "date", None) == ("Friday",)


def test_a_when_question_without_a_date_in_the_sentence_has_no_slot():
    question = "On what date was the trilateral summit in Lachin held?"
    said = "The prime minister attended the trilateral summit in Lachin."
    assert slot_values(question, said, "date", None) == ()


def test_a_date_the_question_already_names_does_not_answer_it():
    question = "On what day in December 2025 did the clashes begin?"
    said = "The clashes in December 2025 were the worst in years."
    assert slot_values(question, said, "date", None) == ()


def test_a_place_fills_a_where_question_unless_the_question_already_names_it():
    question = "Where did the general call on the army chief?"
    assert slot_values(question, "The general called on the army chief at GHQ Rawalpindi.", "place", None) == ("GHQ Rawalpindi",)
    assert slot_values("In which Saudi city were the talks held?", "The talks in Saudi Arabia ended.", "place", None) == ()
    # A title and a name after "to" is a person, not a place.
    assert slot_values(question, "The general spoke to President Ilham Aliyev.", "place", None) == ()


def test_a_time_without_the_questions_words_is_marked_unbound():
    question = "When were the talks that ended without a breakthrough held?"
    assert slot_matches(question, "The talks in Doha last weekend were the latest.", "date", None) == [("last weekend", UNBOUND)]
