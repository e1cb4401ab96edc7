"""When a time may answer: the question's own times, and never a plan for an act asked about as done."""

from qa.answering.question import read_question
from qa.answering.valuetimes import said_only_as_a_plan, within_asked_times
from qa.language.newstime import TimeRef
from qa.language.nlp import analyse


def _plan(question: str, text: str) -> bool:
    [a] = analyse([text])
    verbs = [k for k in range(len(a)) if a.pos[k] == "VERB" and a.lemmas[k] == "close"]
    return said_only_as_a_plan(read_question(question), a, verbs)


def test_a_plan_is_no_answer_to_when_it_happened_but_is_to_until_when_and_would():
    plan = "Ostvale Transit announces it will close the ferry line in May 2025."
    assert _plan("When was the Ostvale ferry line closed?", plan)
    assert not _plan("In what month would Ostvale Transit close the ferry line?", plan)
    assert not _plan("When was the Ostvale ferry line closed?", "Ostvale Transit closes the ferry line.")


def test_a_time_must_agree_with_the_times_the_question_sets_for_the_asked_event():
    question = read_question("In which month of 2019 did the Ostvale ferry line close?")
    assert within_asked_times(TimeRef("May 2019", 0, 2, year=2019, month=5), question)
    assert not within_asked_times(TimeRef("May 2021", 0, 2, year=2021, month=5), question)
