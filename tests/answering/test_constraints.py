"""Constraints: names, times and qualifiers met by a sentence or its context; values in relation."""

from qa.answering.constraints import judge
from qa.answering.sentenceview import SentenceView
from qa.language.nlp import analyse
from qa.answering.question import read_question


def view(text: str, context: str = "", date: str | None = "2025-02-02") -> SentenceView:
    [a] = analyse([text])
    return SentenceView(analysis=a, first=0, end=len(a), context=context, date=date)


def test_a_value_of_the_asked_kind_next_to_what_is_asked():
    verdict = judge(read_question("How much was the JF-17 deal worth?"), view(
        "Last year, Azerbaijan signed a massive $1.6 billion deal with Pakistan to acquire JF-17 Block III fighter jets."))
    assert verdict.met and verdict.values[0].text == "$1.6 billion"


def test_who_hosted_is_not_answered_by_who_won():
    question = read_question("Who hosted the 67th Grammy Awards?")
    verdict = judge(question, view("At the 67th Grammy Awards, Kendrick Lamar wins five awards."))
    assert verdict.met and not verdict.values  # the names are there; hosting is not
    hosted = judge(question, view("Trevor Noah hosts the 67th Grammy Awards in Los Angeles."))
    assert hosted.values and hosted.values[0].text == "Trevor Noah"


def test_another_qualifier_of_what_is_asked_is_a_contrast():
    question = read_question("Who won the men's singles at the 2025 Australian Open?")
    verdict = judge(question, view("Madison Keys wins the women's singles at the 2025 Australian Open."))
    assert ("contrast", "men") in verdict.unmet


def test_names_must_be_met_by_the_sentence_or_its_context():
    question = read_question("Who is the spokesman of the Afghan Taliban?")
    assert not judge(question, view("The spokesman Zabihullah Mujahid said forces attacked.")).met
    assert judge(question, view("The spokesman Zabihullah Mujahid said forces attacked.",
                                context="Afghan Taliban say Pakistani forces attacked")).met


def test_a_time_agrees_with_the_sentence_or_the_article_date():
    question = read_question("Who won the Brit Awards in 2024?")
    assert ("time", "2024") in judge(question, view("Charli XCX wins at the 2025 Brit Awards.", date="2025-03-01")).unmet
    assert judge(question, view("Charli XCX wins at the Brit Awards.", date="2024-03-02")).met


def test_a_relative_time_is_a_date_value():
    question = read_question("When did the storm bring down the crane?")
    verdict = judge(question, view("A storm yesterday brought down a crane at the mosque.", date="2015-09-12"))
    assert verdict.values and verdict.values[0].time.iso == "2015-09-11"


def test_adjective_forms_of_names_meet_them():
    question = read_question("Which Azerbaijan officials did Munir meet?")
    assert judge(question, view("Munir met Azerbaijani officials in Baku.")).met


def test_a_name_that_only_describes_may_be_the_askers_own():
    """"a Hollywood star", "the Lyon-area plant": descriptions a question adds from the asker's own
    knowledge do not block a sentence anchored by another name the question gives."""
    question = read_question("Which Lyon-area plant did Acme Motors close in 2024?")
    kinds = {m.text: m.kind for m in question.mentions}
    assert kinds["Lyon"] == "descriptive" and kinds["Acme Motors"] == "name"
    verdict = judge(question, view("Acme Motors closed its plant in Villeurbanne in 2024.", date="2024-05-02"))
    assert verdict.met, verdict.unmet
    # With no other name met, the description is all that ties the sentence to the question.
    alone = judge(read_question("Which Lyon-area plant closed in 2024?"),
                  view("Its plant in Villeurbanne closed in 2024.", date="2024-05-02"))
    assert ("mention", "Lyon") in alone.unmet


def test_another_nationality_of_what_is_asked_is_a_contrast():
    question = read_question("What was the voter turnout in the Danish general election?")
    other = judge(question, view("Norwegian general election: the voter turnout reaches 77 percent, the highest since 1989."))
    assert ("contrast", "Danish") in other.unmet
    same = judge(question, view("Danish general election: the voter turnout reaches 84 percent."))
    assert not any(kind == "contrast" for kind, _ in same.unmet)


def test_one_of_the_times_offered_as_alternatives_is_enough():
    question = read_question("Did the club finish better at the 2019 Harbor Cup or the 2021 Harbor Cup?")
    verdict = judge(question, view("At the 2019 Harbor Cup, the club won bronze.", date="2020-01-10"))
    assert verdict.met and verdict.met_times == ["2019"]
    assert not judge(question, view("At the 2023 Harbor Cup, the club won bronze.", date="2023-01-10")).met
    # Times joined by "and", or in separate clauses, must each be met.
    assert not read_question("What did Lyon report in 2020 and Porto in 2021?").times_are_alternatives
    assert not read_question("Who won the 2019 Harbor Cup final in June 2019?").times_are_alternatives


def test_another_ordinal_of_the_thing_asked_does_not_meet_it():
    question = read_question("Which club won the 12th Harbor Cup in Lyon?")
    # Another name of the question met does not excuse it, as it would a describing name.
    assert not judge(question, view("In Lyon, Porto FC, winner of the 11th Harbor Cup, parades.")).met
    assert judge(question, view("Porto FC wins the 12th Harbor Cup in Lyon.")).met


def test_an_instance_question_is_judged_with_its_values():
    from dataclasses import replace

    question = replace(read_question("What bird did the warden blame for the damage?"), kind="instance")
    verdict = judge(question, view("The warden says a stork caused the damage."))
    assert [v.text for v in verdict.values] == ["stork"]


def test_a_lone_dated_name_is_not_met_by_another_event_of_its_kind():
    question = read_question("Who won the mixed doubles title at the 2025 Harbor Open?")
    other = judge(question, view("Lina Berg and Omar Haddad win the mixed doubles title at the Bay Open.",
                                 context="2025 Bay Open"))
    assert not other.met and ("contrast", "Harbor") in other.unmet
    same = judge(question, view("Lina Berg and Omar Haddad win the mixed doubles title at the Harbor Open.",
                                context="2025 Harbor Open"))
    assert same.met


def test_a_verb_read_as_a_noun_is_qualified_by_nothing():
    # spaCy's small model reads "collide" as a noun after "the tram and the city bus": "bus" is
    # then no qualifier for a text's other "collides" to contradict.
    question = read_question("On what date did the tram and the city bus collide near Ostvale Station?")
    verdict = judge(question, view("A tram operated by Ostvale Transit collides with a delivery van near Ostvale Station."))
    assert not any(kind == "contrast" for kind, _ in verdict.unmet)


def test_a_season_that_spans_the_asked_year_agrees_with_it():
    # "2024–25 Harbor Cup" is the 2025 one: it was judged a rival year and the answer refused.
    question = read_question("Which club won the 2025 Harbor Cup final?")
    verdict = judge(question, view("Ostvale Rovers win the 2024–25 Harbor Cup final, defeating Belmont 1–0."))
    assert not any(kind == "contrast" for kind, _ in verdict.unmet)
    from qa.answering.constraints import _season_years

    assert _season_years("the 2024–25 season") == {"2024", "2025"} and _season_years("2019/2020") == {"2019", "2020"}
    assert _season_years("2022–23") == {"2022", "2023"} and not _season_years("1990–2010")  # a span, not a season


def test_what_the_asked_act_takes_must_be_said_where_the_sentence_says_the_act_with_another_object():
    # The heading names the prize asked about, but the sentence reports another win: "won the
    # most awards" under "Best Director" is not who won Best Director.
    question = read_question("Which film won Best Director at the 40th Harbor Film Awards?")
    heading = "40th Harbor Film Awards: Silent Tide wins Best Director"
    other = judge(question, view("The film Northern Lights wins the most awards with four.", context=heading))
    assert ("mention", "Best Director") in other.unmet
    # A pronoun leaves the object to the context: "Accompanying him were …" speaks of the one asked.
    question = read_question("Which officials accompanied Mayor Ana Costa to the summit?")
    same = judge(question, view("Accompanying him were officials, including Lina Berg.", context="Mayor Ana Costa visits Ostvale"))
    assert not any(kind == "mention" for kind, _ in same.unmet)


def test_a_qualifier_tagged_as_adjective_still_meets_its_rival():
    # spaCy's small model tags "doubles" an adjective here and "singles" a compound noun there.
    question = read_question("Who won the men's doubles title at the 2025 Harbor Open?")
    verdict = judge(question, view("2025 Harbor Open: Ana Costa wins her second men's singles title at the Harbor Open."))
    assert ("contrast", "doubles") in verdict.unmet


def test_a_rival_in_another_sentence_does_not_overrule_the_sentences_own_words():
    # The passage calls the contest a "science competition" once; the sentence names it without that
    # word, and is about the very competition the question names.
    [a] = analyse(["It was a big science competition. The Harbor Global competition was founded by Mara Quill."])
    second = next(i for i in range(len(a)) if a.token_text(i) == "The")
    sentence = SentenceView(analysis=a, first=second, end=len(a), context="", date="2025-02-02", context_first=0)
    verdict = judge(read_question("Who founded the Harbor Global robotics competition?"), sentence)
    assert not any(kind == "contrast" for kind, _ in verdict.unmet)


def test_a_name_is_met_by_another_name_of_the_same_country():
    question = read_question("Which port did Britain close in 2025?")
    assert judge(question, view("The United Kingdom closes the port of Dover in 2025.")).met
    assert not judge(question, view("France closes the port of Calais in 2025.")).met


def test_a_qualifier_that_only_describes_is_no_rival():
    # "budget carrier" and "flag carrier" are no two kinds of one thing (WordNet); "men's" and
    # "women's" are.
    question = read_question("Which Harbor-based budget carrier did the national airline close in 2025?")
    verdict = judge(question, view("Flag carrier Ostair closes its Harbor-based budget airline Skylark in 2025, "
                                   "the flag carrier said."))
    assert not any(kind == "contrast" for kind, _ in verdict.unmet)
    assert ("contrast", "men") in judge(read_question("Who won the men's singles at the 2025 Harbor Open?"), view(
        "Ana Costa wins the women's singles at the 2025 Harbor Open.")).unmet


def test_why_is_answered_only_by_a_sentence_giving_a_reason_for_the_act():
    from qa.answering.grounding import answers_question
    from types import SimpleNamespace

    question = read_question("Why did the Ostvale ferry service stop?")

    def answers(text):
        sentence = view(text)
        return answers_question(question, SimpleNamespace(view=sentence, judgement=judge(question, sentence),
                                                          date="2025-02-02", headline=False, text=text))

    assert answers("The Ostvale ferry service stopped because the harbour froze.")
    assert not answers("The Ostvale ferry service stopped on Monday after ten years.")


def test_a_dated_name_with_a_word_the_archive_never_uses_is_another_event():
    from types import SimpleNamespace

    question = read_question("Who won the 2025 Ostvale Marathon?")
    sentence = view("2025 Ana Costa wins the women's marathon of the season.", date="2025-04-21")
    knows_ostvale = SimpleNamespace(df={"ostval": 3, "marathon": 5}, coverage=lambda needles, held: 1.0)
    never_ostvale = SimpleNamespace(df={"marathon": 5}, coverage=lambda needles, held: 1.0)
    # A dated name the archive knows every word of is named loosely (checked by its time) …
    assert ("mention", "2025 Ostvale Marathon") not in judge(question, sentence, knows_ostvale).unmet
    # … one holding a word the archive never uses must be met
    assert ("mention", "2025 Ostvale Marathon") in judge(question, sentence, never_ostvale).unmet
    # … and a sentence that says none of its words tells of another event (a tennis question
    # was answered by a football final of the same year).
    other = view("In football, Carrow wins its first Nations Cup title after defeating Harbor 2–1 in the final.",
                 date="2025-04-21")
    assert ("mention", "2025 Ostvale Marathon") in judge(question, other, knows_ostvale).unmet


def test_the_asked_act_with_another_named_object_does_not_meet_the_name_said_elsewhere():
    """"Who won the Ostvale Medal?" — "Ana Costa wins the Harbor Prize for Poetry for her book,
    which was also shortlisted for the Ostvale Medal": she won another prize."""
    question = read_question("Who won the 2024 Ostvale Medal?")
    other = judge(question, view("Poet Ana Costa wins the 2025 Harbor Prize for Poetry for her book Salt, "
                                 "which was also shortlisted for the 2024 Ostvale Medal."))
    assert ("mention", "Ostvale Medal") in other.unmet
    same = judge(question, view("Poet Ana Costa wins the 2024 Ostvale Medal for her book Salt."))
    assert same.met and same.values[0].text == "Ana Costa"
    # An object shortened by words the question itself gives is the same thing.
    question = read_question("In what year had the Ostvale women last won the Harbor Rowing Cup?")
    shortened = judge(question, view("The Ostvale women's eight win their first Women's Rowing Cup since 1998.",
                                     context="Harbor Rowing Cup"))
    assert not any(kind == "mention" for kind, _ in shortened.unmet)


def test_a_year_qualifying_a_name_is_judged_where_that_name_is_said():
    """"The 2024 Harbor Prize for Poetry": the year of another prize in the sentence is no match."""
    question = read_question("Which book won the 2024 Harbor Prize for Poetry?")
    verdict = judge(question, view("Ana Costa wins the 2025 Harbor Prize for Poetry for her book Salt, "
                                   "which was also shortlisted for the 2024 Ostvale Prize."))
    assert ("contrast", "2024") in verdict.unmet


def test_a_year_the_sentence_puts_on_a_name_the_question_gives_is_another_event():
    """"The 2006 Ostvale Fair fire" in an article of 2006: "the worst fire, at the 1991 Ostvale
    Fair, in which 40 were hurt" speaks of another year's fair, though the article's date meets 2006."""
    question = read_question("How many visitors were hurt in the 2006 Ostvale Fair fire?")
    other = judge(question, view("The worst fire was at the 1991 Ostvale Fair, in which 40 visitors were hurt.",
                                 date="2006-09-02"))
    assert ("time", "2006") in other.unmet
    same = judge(question, view("The fire at the Ostvale Fair hurt 40 visitors, officials said.", date="2006-09-02"))
    assert not any(kind == "time" for kind, _ in same.unmet)
    # A year the question says itself is part of a name, not another event ("asteroid 2024 YR4").
    question = read_question("What risk did the agency give asteroid 2024 QX on 18 February 2025?")
    named = judge(question, view("The agency puts the risk of asteroid 2024 QX at 1.5%.", date="2025-02-18"))
    assert not any(kind == "time" for kind, _ in named.unmet)


def test_an_earlier_act_in_a_clause_does_not_name_another_object_for_the_one_asked():
    """"Ana Costa, who won the Harbor Prize in 2023, took the Ostvale Medal": the relative clause
    tells of another win; the main clause answers with another verb."""
    question = read_question("Who won the Ostvale Medal?")
    verdict = judge(question, view("Ana Costa, who won the Harbor Prize in 2023, took the Ostvale Medal on Sunday."))
    assert ("mention", "Ostvale Medal") not in verdict.unmet


def test_the_asked_qualifier_on_another_kind_of_the_asked_thing_is_a_contrast():
    # "Who won the men's singles" was answered with the men's doubles winners.
    question = read_question("Who won the women's singles at the 2025 Harbor Open?")
    doubles = judge(question, view("2025 Harbor Open: Ana Costa and Lena Ortiz defeat Maria Lopez and Ines Berg "
                                   "6–3, 6–4 in the women's doubles final to win the title."))
    assert ("contrast", "singles") in doubles.unmet
    singles = judge(question, view("2025 Harbor Open: Ana Costa defeats Maria Lopez 6–3, 6–4 in the women's "
                                   "singles final."))
    assert not any(kind == "contrast" for kind, _ in singles.unmet)
    # A kind of the asked thing is that thing: the women's marathon is a women's race.
    race = judge(read_question("Who won the women's race at the 2025 Ostvale Games?"),
                 view("Lena Ortiz wins the women's marathon at the 2025 Ostvale Games."))
    assert not any(kind == "contrast" for kind, _ in race.unmet)
    # spaCy hangs "women's" on "title" in "the women's singles title": it still qualifies "singles".
    title = judge(read_question("Who won the men's singles at the 2025 Harbor Open?"),
                  view("Lena Ortiz wins her first major title, defeating Ana Costa to win the women's singles "
                       "title at the 2025 Harbor Open."))
    assert ("contrast", "men") in title.unmet


def test_the_asked_noun_of_a_possessive_question_is_no_qualifier_to_contrast():
    question = read_question("Which company's Harbor-9 glider became the first to cross the Ostvale Strait?")
    verdict = judge(question, view("Lena Ortiz's Harbor-9 solar research glider becomes the first to cross the "
                                   "Ostvale Strait."))
    assert not any(kind == "contrast" for kind, _ in verdict.unmet)


def test_a_noun_named_loosely_under_a_compound_is_no_rival_head():
    # Only a possessive qualifier picks one of several kinds ("the men's singles"); a compound names
    # the same thing loosely.
    fire = judge(read_question("How many people died in the Ostvale factory fire?"),
                 view("An Ostvale factory blaze killed 12 people."))
    assert not any(kind == "contrast" for kind, _ in fire.unmet)
    boat = judge(read_question("Which cargo ship sank off Ostvale?"), view("The cargo boat Harbor Star sank off Ostvale."))
    assert not any(kind == "contrast" for kind, _ in boat.unmet)


def test_a_part_of_a_time_the_question_sets_is_no_qualifier_to_contrast():
    """"In January 2025": another January said before the sentence ("the January 2024 sell-off")
    is no rival of the year; the time is met or not by the article's date."""
    [a] = analyse(["Markets: Shares of Ostvale Bank fell in the January 2024 sell-off. "
                   "Business: Belmont Foods announces that it will lay off 5,000 employees."])
    first, end = a.sentences[-1]
    sentence = SentenceView(analysis=a, first=first, end=end, context="", date="2025-01-16", context_first=0)
    question = read_question("Which company announced more job cuts in January 2025: Arden Steel or Belmont Foods?")
    assert not any(kind == "contrast" for kind, _ in judge(question, sentence).unmet)


def test_a_noun_phrase_before_a_name_and_a_comma_qualifies_the_name():
    """"The prototype ferry, Harbor Queen Ostvale" says the ferry Ostvale; spaCy's small model
    hangs "ferry" on the verb, and "Harbor Queen" alone had read as a rival to "ferry"."""
    question = read_question("To which museum was the prototype ferry Ostvale moved in 2011?")
    said = judge(question, view("The prototype ferry, Harbor Queen Ostvale would be relocated from the Lyon Museum "
                                "to the Porto Maritime Museum in 2011.", date="2011-04-12"))
    assert not any(kind == "contrast" for kind, _ in said.unmet)
    other = judge(question, view("The sister ship, Harbor Queen Ostvale would be relocated from the Lyon Museum "
                                 "to the Porto Maritime Museum in 2011.", date="2011-04-12"))
    assert ("contrast", "ferry") in other.unmet


def test_a_phrase_under_a_preposition_before_the_comma_does_not_qualify_the_name():
    # "After the 2019 festival," sets the scene; the film directed is the 2021 one (review case).
    said = judge(read_question("Who directed the 2019 film?"),
                 view("After the 2019 festival, the 2021 film was directed by Ana Costa.", date="2021-05-02"))
    assert ("contrast", "2019") in said.unmet


def test_a_word_said_otherwise_counts_toward_coverage():
    # WordNet: a clock is a kind of timepiece. The sentence says what the question asks in its own words.
    question = read_question("Which teenager built the timepiece that was mistaken for a bomb?")
    otherwise = judge(question, view("Ivo Brandt, a teenager from Ostvale, built the clock that was mistaken for a bomb."))
    literally = judge(question, view("Ivo Brandt, a teenager from Ostvale, built the timepiece that was mistaken for a bomb."))
    unrelated = judge(question, view("Ivo Brandt, a teenager from Ostvale, built the radio that was mistaken for a bomb."))
    assert otherwise.coverage == literally.coverage and otherwise.own_coverage == literally.own_coverage
    assert otherwise.own_coverage > unrelated.own_coverage  # the asked word weighs: the equality above is not of two empties
