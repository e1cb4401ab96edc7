"""The public Assistant end to end on the seeds with the extractive generator."""

from __future__ import annotations

import pytest

import qa
from qa.answering.answer import Answer
from qa.answering.assistant import MAX_QUESTION_CHARS, Assistant, QuestionError
from qa.ingestion.corpus import load
from qa.index.retrieval import Filters
from qa.index.store import StoreError

from helpers import SEEDS


@pytest.fixture(scope="module")
def articles():
    return {a.id: a for a in load([SEEDS]).articles}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much was the JF-17 deal worth?", "$1.6 billion"),
        ("Which medal was Asim Munir given by Azerbaijan?", "Patriotic War Medal"),
        ("Who is the spokesman of the Afghan Taliban?", "Zabihullah Mujahid"),
        ("Who is Azerbaijan's foreign minister?", "Jeyhun Bayramov"),
        ("When was the medal established?", "May 17, 2002"),
    ],
)
def test_answers_with_verified_citations(assistant, articles, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained
    assert expected in answer.text
    assert answer.citations and answer.sentences
    for citation in answer.citations:
        article = articles[citation.article_id]
        assert article.text[citation.start:citation.end] == citation.quote  # exact span in the article
        low, high = citation.highlight
        assert citation.passage[low:high] == citation.quote
        assert citation.title == article.title and citation.source == article.source
        assert f"[{citation.n}]" in answer.text
    assert all(s.supported and s.citations for s in answer.sentences)


@pytest.mark.parametrize(
    "question",
    ["What is the capital of France?", "Who won the 2022 football world cup?",
     "What is the price of wheat in Lahore?",
     "On what date did Shehbaz Sharif arrive in Lachin?"],  # the trip is reported, its date is not
)
def test_abstains_when_the_articles_do_not_say(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert "do not contain" in answer.text
    assert answer.related and all(r.title and r.source for r in answer.related)


def test_a_question_about_someone_the_articles_never_mention_says_so(assistant):
    answer = assistant.ask("What did Emmanuel Macron say about the JF-17 deal?")
    assert answer.abstained and "never mention Emmanuel Macron" in answer.text


def test_conflicting_articles_are_both_given_each_cited(assistant):
    """002 calls Karim Valiyev Azerbaijan's defence minister; 004 names Hasanov Zakir Asgar Oglu."""
    answer = assistant.ask("Who is the defence minister of Azerbaijan?")
    assert "Karim Valiyev" in answer.text and "Hasanov Zakir Asgar Oglu" in answer.text
    by_source = {c.source for c in answer.citations}
    assert {"002_3a44468a49072afb.txt", "004_414a6a6b185ff7a0.txt"} <= by_source


def test_follow_up_uses_the_conversation(assistant):
    first = assistant.ask("Who is the spokesman of the Afghan Taliban?")
    follow = assistant.ask("What did he say?", history=[Assistant.turn(first)])
    assert "Taliban" in follow.standalone_question
    assert not follow.abstained and "Pakistani forces launched attacks" in follow.text


def test_filters_restrict_the_sources(assistant):
    answer = assistant.ask("What did Munir discuss in Azerbaijan?", filters=Filters(after="2025-01-01"))
    assert not answer.abstained
    assert all(c.date and c.date >= "2025-01-01" for c in answer.citations)


def test_stream_yields_text_then_the_answer(assistant):
    pieces = list(assistant.stream("How much was the JF-17 deal worth?"))
    assert isinstance(pieces[-1], Answer)
    assert all(isinstance(p, str) for p in pieces[:-1]) and pieces[:-1]
    timings = pieces[-1].timings
    assert {"retrieval", "evidence", "generation", "citations", "total"} <= set(timings)


def test_json_shape(assistant):
    data = assistant.ask("How much was the JF-17 deal worth?").to_dict()
    assert {"answer", "abstained", "citations", "related", "timings"} <= set(data)
    assert set(data["citations"][0]) >= {"n", "title", "date", "source", "text", "start", "end"}


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "empty"), ("   \n ", "empty"), ("x" * (MAX_QUESTION_CHARS + 1), "limit is 2,000"),
     ("Who\x07 won?", "control characters")],
)
def test_bad_questions_are_refused_clearly(assistant, question, message):
    with pytest.raises(QuestionError, match=message):
        assistant.ask(question)


def test_store_not_ingested(tmp_path):
    with pytest.raises(StoreError, match="qa ingest"):
        Assistant.open(store=tmp_path / "empty")


def test_exported_from_the_package():
    assert qa.Assistant is Assistant


def test_planted_instructions_never_steer_the_answer(tmp_path):
    from helpers import planted_store

    planted = Assistant.open(store=planted_store(tmp_path), generator="extractive")
    answer = planted.ask("What happened at the border talks in Doha?")
    assert "cheese" not in answer.text.lower()
    assert not answer.abstained and "Doha" in answer.text


def test_the_answer_itself_comes_first_verbatim_from_a_cited_sentence(assistant, articles):
    answer = assistant.ask("How much was the JF-17 deal worth?")
    assert answer.short_answer == "$1.6 billion"
    [item] = answer.short_answer_items
    cited = next(c for c in answer.citations if c.n == item.citation)
    article = articles[cited.article_id]
    assert article.text[item.start:item.end] == "$1.6 billion" and cited.start <= item.start < cited.end
    assert answer.to_dict()["short_answer"] == "$1.6 billion"


def test_a_decline_names_what_is_missing(assistant):
    answer = assistant.ask("On what date was the Lachin summit held?")
    assert answer.abstained and "report the Lachin summit but not its date" in answer.text


def test_why_questions_have_no_short_answer(assistant):
    answer = assistant.ask("Why do Pakistan and Azerbaijan cooperate on defence?")
    assert answer.short_answer == "" and (answer.abstained or answer.citations)


@pytest.mark.parametrize(("question", "message"), [
    ("Who is \udcff Munir?", "not valid UTF-8"), (42, "must be text"), (None, "must be text"),
])
def test_questions_that_are_not_text_are_refused_clearly(assistant, question, message):
    with pytest.raises(QuestionError, match=message):
        assistant.ask(question)


def test_filters_are_checked_and_an_empty_range_says_so(assistant):
    from qa.index.retrieval import FilterError

    with pytest.raises(FilterError, match="must look like 2025-01-31"):
        Filters(after="yesterday")
    with pytest.raises(FilterError, match="range is empty"):
        Filters(after="2025-05-01", before="2025-01-01")
    answer = assistant.ask("Who is the spokesman of the Afghan Taliban?", filters=Filters(after="2031-01-01"))
    assert answer.abstained and "No ingested article matches the filters (published on or after 2031-01-01)" in answer.text


def test_a_long_lived_session_loads_the_bm25_index_before_its_first_question(seed_store):
    opened = Assistant.open(store=seed_store, generator="extractive", warm=True)
    try:
        opened.wait_until_warm(timeout=120)
        assert opened.retriever._lexical is not None  # loaded by the warm-up, not by a first question
    finally:
        opened.close()
    one_shot = Assistant.open(store=seed_store, generator="extractive")  # `qa ask` loads only what it uses
    try:
        assert one_shot.retriever._lexical is None
    finally:
        one_shot.close()


def _digest_assistant(tmp_path, days):
    from helpers import digest_store

    from qa.answering.assistant import Assistant

    return Assistant.open(store=digest_store(tmp_path, days), generator="extractive")


def test_a_pronoun_of_a_later_part_may_stand_for_the_person_the_part_before_named(tmp_path):
    """"Who was X's rival …, and in which ballot was she elected?": "she" is X, not the rival found;
    the part is read both ways and the reading whose sentence fits best answers."""
    assistant = _digest_assistant(tmp_path, [
        ("2025-03-02", "Ostvale council vote: A second ballot is called between the candidates Ana Costa and Lena Ortiz."),
        ("2025-03-04", "Ostvale council vote: Ana Costa is elected chair of the Ostvale council in the third and final ballot.")])
    try:
        answer = assistant.ask("Who was Ana Costa's rival when the 2025 Ostvale council vote went to a second ballot, "
                               "and in which ballot was she finally elected?")
        assert "Lena Ortiz" in answer.short_answer and "third and final ballot" in answer.short_answer, answer.text
    finally:
        assistant.close()


def test_a_country_named_otherwise_than_the_articles_name_it_is_no_stranger(tmp_path):
    assistant = _digest_assistant(tmp_path, [
        ("2025-04-02", "Ports: The Netherlands closes the port of Delfzijl to cargo ships for repairs.")])
    try:
        answer = assistant.ask("Which port did Holland close to cargo ships?")
        assert "never mention" not in answer.text, answer.text
        assert "Delfzijl" in answer.text
    finally:
        assistant.close()


def test_a_dated_event_the_articles_never_name_is_declined(tmp_path):
    assistant = _digest_assistant(tmp_path, [("2025-06-02", "Sailing: Ana Costa wins the 2025 Harbor Regatta ahead of Lena Ortiz.")])
    try:
        answer = assistant.ask("Who won the 2025 Zorbakht Regatta?")  # "Regatta" is known, "Zorbakht" is not
        assert answer.abstained and "Zorbakht" in answer.text, answer.text
        assert not assistant.ask("Who won the 2025 Harbor Regatta?").abstained
    finally:
        assistant.close()


def test_each_alternative_a_question_offers_brings_its_own_passages(tmp_path):
    """"…: Arden Steel in May or Belmont Foods in February?": with room for one passage, the
    question as a whole finds one alternative's; each alternative also brings its own."""
    assistant = _digest_assistant(tmp_path, [
        ("2025-02-10", "Business: Belmont Foods announces that it is cutting 900 jobs at its bakeries."),
        ("2025-05-12", "Business: Arden Steel announces that it will lay off 4,000 workers at its mills."),
        ("2025-03-03", "Sport: Ostvale Rovers win the regional cup final against Harbor City.")])
    try:
        question = "Which company announced more job cuts in 2025: Arden Steel in May or Belmont Foods in February?"
        answer = assistant.ask(question, top_k=1)
        assert not answer.abstained, answer.text
        assert "Arden Steel" in answer.text and "Belmont Foods" in answer.text, answer.text
    finally:
        assistant.close()
