"""Answer or decline: which sentence may lead, and what a decline names."""

from qa.language.newstime import time_window
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

    from qa.answering.grounding import _says_the_act
    from qa.language.nlp import analyse

    question = read_question("On what date was Ana Costa elected mayor of Lyon?")

    def reports(text: str) -> bool:
        analysis = analyse([text])[0]
        view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis))
        return _says_the_act(question, SimpleNamespace(view=view))

    assert reports("Ana Costa of the Green Party is elected mayor of Lyon.")
    assert not reports("Ana Costa is sworn in as mayor of Lyon, one day after winning the election.")



def _two_results(tmp_path):
    from helpers import digest_store

    from qa.answering.assistant import Assistant

    store = digest_store(tmp_path, [("2025-05-18", "Lyon mayoral election: Ana Costa wins the election with 54% of the vote."),
                                    ("2025-06-01", "Porto mayoral election: Omar Haddad wins the runoff with 61% of the vote.")],
                         heading="Elections")
    return Assistant.open(store=store, generator="extractive")


def test_a_question_offering_alternatives_is_answered_by_a_sentence_for_each(tmp_path):
    """"Which …: A or B?" was declined ("The articles report Porto but not who won…"): each
    sentence names one alternative, and the value asked is one the question itself offers."""
    assistant = _two_results(tmp_path)
    for question in ("Who won the larger share of the vote: Lyon's Ana Costa or Porto's Omar Haddad?",
                     "Which city's mayor won with more votes, Lyon or Porto?"):
        answer = assistant.ask(question)
        assert not answer.abstained, answer.text
        assert "54%" in answer.text and "61%" in answer.text
        assert sorted(c.n for c in answer.citations) == [1, 2]
        assert answer.short_answer == ""  # the two sentences are the answer, read side by side
    # An alternative the articles never mention is still missing, whatever the other names.
    assert assistant.ask("Who won the larger share of the vote: Lyon's Ana Costa or Madrid's Omar Haddad?").abstained


def _judged(text, score, found, unmet=(), values=(), times=()):
    from qa.answering.constraints import Judgement
    from qa.answering.evidence import Evidence

    judgement = Judgement(met=not unmet, unmet=list(unmet), values=list(values), coverage=1.0, own_coverage=1.0,
                          met_mentions=list(found),
                          met_times=list(times))
    return Evidence(text=text, article_id=text, passage_id=text, title="", source="", date=None, start=0, end=len(text),
                    passage=text, passage_start=0, score=score, similarity=score, overlap=0.0, type_match=False,
                    hit_rank=1, judgement=judgement)


def test_two_sentences_that_each_miss_a_name_the_other_holds_answer_together():
    """spaCy does not always see "A and B" as coordinated ("the Cup of Lyon and the Cup of
    Porto"): each sentence then misses a name, and the question was declined."""
    from qa.answering.grounding import decide

    question = read_question("Did the same team win the race at Lyon and the race at Porto in 2025?")
    assert {m.text for m in question.mentions if m.kind == "name"} == {"Lyon", "Porto"}
    lyon = _judged("Team Alpha wins at Lyon.", 0.60, ["Lyon"], [("mention", "Porto")])
    porto = _judged("Team Beta wins at Porto.", 0.61, ["Porto"], [("mention", "Lyon")])
    other_year = _judged("Team Gamma wins at Porto in 2023.", 0.70, ["Porto"], [("mention", "Lyon"), ("time", "2025")])
    decision = decide(question, [other_year, porto, lyon], abstain_below=0.35)
    assert [e.text for e in decision.given] == [porto.text, lyon.text] and decision.given[1].joint
    assert decision.read_together
    # Both missing the same name: nothing answers, and the decline names it.
    alone = decide(question, [porto, _judged("Team Beta celebrates at Porto.", 0.5, ["Porto"], [("mention", "Lyon")])], 0.35)
    assert not alone.answers and "Lyon" in alone.reason


def test_times_offered_as_alternatives_are_met_one_by_each_sentence():
    """"The 2019 final or the 2021 final": every sentence missed one of the two years, and the
    question was declined ("not in 2019")."""
    from qa.answering.grounding import decide

    question = read_question("Which final drew more spectators: the Lyon final in 2019 or the Porto final in 2021?")
    assert question.times_are_alternatives
    porto = _judged("The Porto final in 2021 drew 40,000 spectators.", 0.53, ["Porto"], values=["40,000"], times=["2021"])
    lyon = _judged("The Lyon final in 2019 drew 35,000 spectators.", 0.52, ["Lyon"], values=["35,000"], times=["2019"])
    decision = decide(question, [porto, lyon], abstain_below=0.35)
    assert [e.text for e in decision.given] == [porto.text, lyon.text] and decision.given[1].joint
    assert not decision.read_together  # the lead answers; the other alternative is shown beside it


def test_a_choice_among_offered_names_is_answered_by_the_sentence_that_says_the_act(tmp_path):
    """Seen in the browser: "Who won the runoff, A or B?" was declined once no name counted as its
    value; before that its short answer was a title ("President") standing beside a name."""
    import json

    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    items = ["Lyon mayoral election: Ana Costa leads the first round with 41% of the vote.",
             "Lyon mayoral election: Former President of the Lyon Chamber Omar Haddad wins the runoff with 52% of the vote over Ana Costa."]
    (tmp_path / "digest.jsonl").write_text("".join(
        json.dumps({"title": f"Current events: 2025-05-{day}", "date": f"2025-05-{day}", "text": f"Elections\n\n{item}"}) + "\n"
        for day, item in zip(("04", "18"), items)), encoding="utf-8")
    ingest([tmp_path / "digest.jsonl"], store=tmp_path / "store", progress=False)
    assistant = Assistant.open(store=tmp_path / "store", generator="extractive")
    answer = assistant.ask("Who won the Lyon runoff, Ana Costa or Omar Haddad?")
    assert not answer.abstained, answer.text
    assert answer.text.startswith("Lyon mayoral election: Former President"), answer.text  # the act asked, said
    assert answer.short_answer == ""  # which of the two it names is for the reader: no name is picked


def test_a_sentence_naming_a_kind_of_the_asked_noun_leads():
    """"What bird did the warden blame?" was answered by a digest item's first sentence ("The
    bridge is closed"), scored higher than the one saying "a stork caused it"."""
    from dataclasses import replace

    from qa.answering.grounding import decide
    from qa.answering.values import Value

    question = replace(read_question("What bird did the warden blame for the damage?"), kind="instance")
    first = _judged("The bridge is closed.", 0.59, [])
    stork = _judged("The warden says a stork caused the damage.", 0.50, [],
                    values=[Value("stork", 18, 23, "KIND", 2)])
    decision = decide(question, [first, stork], abstain_below=0.35)
    assert decision.given[0] is stork
    # Without such a noun anywhere, the best sentence still answers, as for any descriptive question.
    assert decide(question, [first], abstain_below=0.35).given == [first]


def test_a_what_did_question_is_answered_only_where_the_act_asked_is_said():
    """"What did inspectors conclude caused the fire?" was answered by the sentence reporting the
    fire: the same event, not what was concluded."""
    from types import SimpleNamespace

    from qa.answering.grounding import answers_question
    from qa.language.nlp import analyse

    question = read_question("What did the inspectors conclude caused the Ostvale warehouse fire?")
    assert question.kind == "object"

    def answers(text: str) -> bool:
        analysis = analyse([text])[0]
        view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis))
        return answers_question(question, SimpleNamespace(view=view, judgement=SimpleNamespace(values=[])))

    assert not answers("A fire at the Ostvale warehouse shuts down the port and two rail lines.")
    assert answers("The inspectors concluded that a faulty heater caused the Ostvale warehouse fire.")
    # "What did the mayor do": a light verb names no act for the text to say.
    question = read_question("What did the mayor do after the flood?")
    assert answers("After the flood, the mayor opened three shelters and asked for federal aid.")


def test_a_what_did_question_is_answered_where_a_value_hangs_on_an_act_the_parser_tagged_a_noun():
    """"… on a festive visit collides with the harbour crane": spaCy's small model tags "collides" a
    noun, so no verb says the act; the object found on it does."""
    from types import SimpleNamespace

    from qa.answering.grounding import answers_question
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("What did the training ship Ostvale collide with in May 2025?")
    analysis = analyse(["Two sailors are hurt when the training ship Ostvale with a crew of 90 people "
                        "on a festive visit collides with the harbour crane in Lisbon."])[0]
    view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis), label_end=None, date="2025-05-18", context="")
    values = find_values(question, view)
    assert [v.text for v in values][:1] == ["harbour crane in Lisbon"]
    assert answers_question(question, SimpleNamespace(view=view, judgement=SimpleNamespace(values=values)))


def test_a_participle_before_the_noun_leaves_a_which_noun_question():
    # spaCy's small model tags "damaged" a verb here; it still describes the boat.
    question = read_question("Which damaged fishing boat did the navy tow to the harbour?")
    assert question.kind is not None and question.target == "boat"


def test_an_instance_question_is_not_answered_by_a_sentence_about_something_else():
    """"Which airline operates the new flights?" was answered by a sentence about the two
    countries' ties: no airline, no operating, few of the question's words."""
    from types import SimpleNamespace

    from qa.answering.grounding import answers_question
    from qa.answering.question import with_corpus_labels
    from qa.language.nlp import analyse

    question = with_corpus_labels(read_question("Which vessel serves the new night crossing to Ostvale?"),
                                  lambda noun: frozenset())
    assert question.kind == "instance"

    def answers(text: str, coverage: float, own_coverage: float | None = None) -> bool:
        analysis = analyse([text])[0]
        view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis), context="")
        return answers_question(question, SimpleNamespace(view=view, judgement=SimpleNamespace(
            values=[], coverage=coverage, own_coverage=coverage if own_coverage is None else own_coverage)))

    assert not answers("Ostvale and Belmont have long had close trade ties.", coverage=0.2)
    assert answers("The night crossing to Ostvale is served by a refitted trawler.", coverage=0.2)
    assert answers("The new night crossing to Ostvale starts in May.", coverage=0.7)
    # The question's words held by the article's title, not by the sentence, do not make it an
    # answer: "What verdict did the court reach in the trial?" was answered by the charge.
    assert not answers("Ostvale and Belmont have long had close trade ties.", coverage=0.7, own_coverage=0.2)


def test_a_declined_instance_question_says_what_is_missing():
    """"Which airline operates …?" was declined with no reason at all."""
    from dataclasses import replace

    from qa.answering.grounding import refusal

    question = replace(read_question("Which vessel serves the new night crossing to Ostvale?"), kind="instance")
    closest = _judged("Ostvale and Belmont have long had close trade ties.", 0.5, ["Ostvale"])
    assert refusal(question, [closest]) == "The articles report Ostvale but not which vessel serves the new night crossing."


def test_the_name_of_a_noun_is_not_answered_by_a_sentence_naming_no_one():
    """"What is the name of the only survivor?" was answered by a sentence about the crash: it
    speaks of the survivor but gives no name, and the question asks for one."""
    from types import SimpleNamespace

    from qa.answering.grounding import answers_question, refusal
    from qa.answering.question import with_corpus_labels
    from qa.language.nlp import analyse

    question = with_corpus_labels(read_question("What is the name of the only survivor of the ferry fire?"),
                                  lambda noun: frozenset())
    assert question.kind == "entity" and question.asks_name_of_target
    text = "The only survivor of the ferry fire was taken to hospital."
    analysis = analyse([text])[0]
    view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis), context="")
    assert not answers_question(question, SimpleNamespace(view=view, judgement=SimpleNamespace(values=[], coverage=1.0)))
    assert refusal(question, [_judged(text, 0.5, ["ferry fire"])]).endswith("does not say the name of the only survivor.")
    captain = read_question("What is the name of the Ostvale ferry captain?")
    named = _judged("The Ostvale ferry captain was praised.", 0.5, ["Ostvale"])
    assert refusal(captain, [named]) == "The articles report the Ostvale ferry captain but not its name."


def _dated_evidence(text: str, date: str):
    """A fitting sentence holding no value of its own, reported on `date`: only the article's date
    may answer a "when" from it."""
    from types import SimpleNamespace

    from qa.answering.sentenceview import SentenceView
    from qa.language.nlp import analyse

    [a] = analyse([text])
    view = SentenceView(analysis=a, first=0, end=len(a), context="", date=date)
    judgement = SimpleNamespace(values=[], met=True, coverage=1.0, own_coverage=1.0)
    return SimpleNamespace(view=view, judgement=judgement, date=date, headline=False, text=a.text)


def test_the_article_date_does_not_answer_for_a_year_the_question_sets_otherwise():
    from qa.answering.grounding import answers_question

    def answers(question: str, date: str) -> bool:
        return answers_question(read_question(question), _dated_evidence("The council takes power in Ostvale.", date))

    assert answers("In which month of 2021 did the council take power in Ostvale?", "2021-08-15")
    assert not answers("In which month of 2021 did the council take power in Ostvale?", "2025-12-06")


def test_the_article_date_does_not_answer_when_an_act_is_still_to_come():
    from qa.answering.grounding import answers_question

    evidence = _dated_evidence("Ostvale agrees to hold trade talks with Harbor.", "2023-11-01")
    assert not answers_question(read_question("When will Ostvale hold trade talks with Harbor?"), evidence)


def test_a_plan_does_not_date_the_act_it_announces():
    """"When was the ferry line closed?": "Ostvale announces it will close the ferry line in May"
    gives the plan, and its report's date is the announcement's; the item saying the line "is
    closed" is dated by its own report. "Until what date…" and "said it would…" ask for the plan."""
    from types import SimpleNamespace

    from qa.answering.grounding import answers_question
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    def judged(question_text: str, text: str, date: str):
        question = read_question(question_text)
        analysis = analyse([text])[0]
        view = SimpleNamespace(analysis=analysis, first=0, end=len(analysis), label_end=None, date=date, context="")
        values = find_values(question, view)
        evidence = SimpleNamespace(view=view, judgement=SimpleNamespace(values=values), date=date, headline=False,
                                   text=text)
        return [v.text for v in values], answers_question(question, evidence)

    plan = "Ostvale Transit announces it will close the ferry line in May 2025 to save money."
    assert judged("On what date was the Ostvale ferry line finally closed?", plan, "2025-02-28") == ([], False)
    done = "After more than forty years of service, the Ostvale ferry line is closed."
    assert judged("On what date was the Ostvale ferry line finally closed?", done, "2025-05-05") == ([], True)
    # A plan answers for the end of a span ("until what date did it postpone…") and for a plan
    # the question reports ("said it would close…").
    values, _ = judged("Until what date did Ostvale postpone the ferry line's closure?",
                       "Ostvale says the closure of the ferry line will be postponed until 9 July 2025.", "2025-05-26")
    assert values == ["9 July 2025"]
    values, _ = judged("In what month would Ostvale Transit close the ferry line?", plan, "2025-02-28")
    assert values == ["May 2025"]


def test_a_counted_span_before_the_act_dates_nothing_but_vague_years_do():
    from qa.answering.grounding import _COUNTED_SPAN, _VAGUE_TIME

    def vague(text: str) -> bool:
        return bool(_VAGUE_TIME.search(_COUNTED_SPAN.sub(" ", text)))

    assert not vague("After more than forty years of service, the Ostvale ferry line is closed.")
    assert vague("The Ostvale bridge was destroyed in the early years of the war.")
    assert vague("The bridge was destroyed two years ago.")


def test_a_decline_says_a_name_stood_only_beside_another_and_names_a_rival_qualifier_once():
    """"None of the passages mentions the 2024 Ostvale Prize" was false where the sentence named it
    beside another prize's winner; "report the 2024 Harbor Prize, but not the “2024” one" read as
    a contradiction."""
    from types import SimpleNamespace

    from qa.answering.constraints import judge
    from qa.answering.grounding import refusal
    from qa.answering.sentenceview import SentenceView
    from qa.language.nlp import analyse

    def declined(question_text: str, text: str) -> str:
        question = read_question(question_text)
        [a] = analyse([text])
        view = SentenceView(analysis=a, first=0, end=len(a), context="", date="2025-06-12")
        return refusal(question, [SimpleNamespace(judgement=judge(question, view), title="Prizes")])

    passing = declined("Who won the 2024 Ostvale Prize?", "Ana Costa wins the 2025 Harbor Prize for Poetry for her "
                       "book Salt, which was also shortlisted for the 2024 Ostvale Prize.")
    assert "only beside another" in passing and "None of the passages" not in passing
    rival = declined("Which book won the 2024 Harbor Prize for Poetry?", "Ana Costa wins the 2025 Harbor Prize for "
                     "Poetry for her book Salt, which was also shortlisted for the 2024 Ostvale Prize.")
    assert "“2024”" in rival and "report 2024" not in rival


def test_the_article_date_does_not_answer_what_time():
    """"What was the horse's winning time?" asks for a clock or a duration: the report's date is neither."""
    from qa.answering.grounding import answers_question

    evidence = _dated_evidence("Harbor Lad wins the 2025 Ostvale Derby.", "2025-05-03")
    assert not answers_question(read_question("What was Harbor Lad's winning time in the 2025 Ostvale Derby?"), evidence)
    assert not answers_question(read_question("At what time did Harbor Lad win the 2025 Ostvale Derby?"), evidence)
    assert answers_question(read_question("On what date did Harbor Lad win the 2025 Ostvale Derby?"), evidence)


def test_a_question_nothing_comes_close_to_is_declined_with_what_the_closest_sentence_lacks():
    """Below the evidence threshold the refusal said nothing at all ("Which news agency did X
    speak to?" declined bare); the closest sentence says what the articles do report."""
    from qa.answering.grounding import decide

    question = read_question("Which news agency did Ivo Brandt speak to about the flood?")
    closest = _judged("Ivo Brandt told the Ostvale Post that the river rose overnight.", 0.2, ["Ivo Brandt"])
    decision = decide(question, [closest], abstain_below=0.35)
    assert not decision.answers
    assert decision.reason == "The articles report Ivo Brandt but not which news agency."
    assert decide(question, [], abstain_below=0.35).reason == ""
