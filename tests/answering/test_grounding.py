"""Answer or decline: which sentence may lead, and what a decline names."""

from qa.answering.assistant import time_window
from qa.answering.question import read_question


def test_a_decline_names_the_unmet_constraint(assistant):
    assert "They never mention Nikol Pashinyan" in assistant.ask("What did Nikol Pashinyan say about Munir?").text
    lachin = assistant.ask("On what date was the Lachin summit held?")
    assert lachin.abstained and "the Lachin summit but not its date" in lachin.text


def test_a_headline_or_dateline_does_not_lead(assistant):
    answer = assistant.ask("Who met Azerbaijan's senior political and military leadership on Wednesday?")
    assert not answer.abstained
    assert not answer.text.startswith("ISLAMABAD") and not answer.text.startswith("Pakistan’s army chief visits")


def test_a_named_year_also_retrieves_articles_of_that_year():
    assert time_window(read_question("Who won the Brit Awards in 2024?").times) == ("2024-01-01", "2024-12-31")
    assert time_window(read_question("What happened in March 2025?").times) == ("2025-03-01", "2025-03-31")
    assert time_window(read_question("What happened last year?").times) is None  # relative: no window of its own


def test_a_time_the_question_names_must_agree(assistant):
    answer = assistant.ask("Who did Munir meet in Baku in 2019?")
    assert answer.abstained and "2019" in answer.text


def test_the_article_date_answers_when_only_for_a_sentence_that_reports_the_act():
    """"After winning the election" in an inauguration report once gave the inauguration's date
    for "when was X elected"; the act must be said as a verb ("is elected")."""
    from types import SimpleNamespace

    from qa.answering.grounding import _reports_the_event
    from qa.language.nlp import analyse

    question = read_question("On what date was Ana Costa elected mayor of Lyon?")

    def reports(text: str) -> bool:
        analysis = analyse([text])[0]
        view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis))
        return _reports_the_event(question, SimpleNamespace(view=view))

    assert reports("Ana Costa of the Green Party is elected mayor of Lyon.")
    assert not reports("Ana Costa is sworn in as mayor of Lyon, one day after winning the election.")
