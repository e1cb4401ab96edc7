"""A question that asks two things, read as its parts."""

from qa.answering.questionparts import combine, naming, points_to_the_event, question_parts, split_parts


def test_a_question_asking_two_things_is_split_where_a_question_word_starts_a_clause():
    assert split_parts("Which team won the Harbor Cup, and who coached it?") == [
        "Which team won the Harbor Cup?", "who coached it?"]
    assert split_parts("How many voted in 2024, and on which day was the result announced?") == [
        "How many voted in 2024?", "on which day was the result announced?"]
    assert split_parts("Who won the final? Whom did she beat?") == ["Who won the final?", "Whom did she beat?"]
    assert split_parts("Who won the election and when?") == ["Who won the election?", "when?"]


def test_a_statement_before_the_question_is_its_context():
    assert split_parts("Ana Costa led the first round; who won the runoff, and with what share?") == [
        "Ana Costa led the first round; who won the runoff?", "with what share?"]


def test_one_question_stays_whole():
    for question in ("Did Costa meet Haddad in Lyon? Where did they meet?",  # a yes/no question corrected by the next
                     "Which city hosted the summit between Lyon and Porto?",
                     "What did Costa say and what did Haddad say and what did Lopez say and what did Silva say?"):
        assert split_parts(question) == [question]
    assert question_parts("Which city hosted the summit?") == []


def test_a_part_that_names_nothing_takes_the_names_of_the_part_before():
    first, second = question_parts("Which team won the Lyon Cup in 2024, and with what score?")
    assert [m.text for m in first.question.mentions] == ["Lyon Cup"]
    assert "Lyon Cup" in [m.text for m in second.question.mentions] and "Lyon Cup" in second.search
    assert not second.refers_back  # no pronoun: the same event, not the team
    # A part with names of its own keeps only them.
    _, own = question_parts("Which app did Acme announce in 2024, and on what date did Acme shut Chatter down?")
    assert {m.text for m in own.question.mentions} == {"Acme", "Chatter"} and not own.question.times
    # Nothing to hold an answer to, taken or its own: the question stays whole.
    assert question_parts("Who won the election, and with what share?") == []


def test_a_part_with_neither_name_nor_time_takes_the_time_of_the_part_before():
    """"How many teams entered the 2024 cup, and in which round did the holders lose?"
    stayed whole (the second part had nothing to hold an answer to), and only its first part
    was answered."""
    first, second = question_parts("How many delegates opened the 2025 assembly, and on which ballot was the chair elected?")
    assert [t.text for t in second.question.times] == [t.text for t in first.question.times] == ["2025"]
    assert "2025" in second.search


def test_a_part_that_refers_back_by_a_pronoun_must_name_what_the_part_before_found():
    team, coached = question_parts("Which team won the Lyon Cup, and who coached it?")
    assert coached.refers_back == "it" and not points_to_the_event(coached, team.question)
    named = naming(coached, "Porto FC")
    assert "Porto FC" in [m.text for m in named.question.mentions] and named.search.endswith("Porto FC")


def test_a_pronoun_that_cannot_be_the_person_found_points_to_the_event():
    """"Who met the mayor, and when was it reported?" had required the person found in the date's
    sentence, and the date of another article's meeting with that person was given."""
    who, when = question_parts("Who met the Lyon mayor, and when was it reported?")
    assert who.question.kind == "person" and points_to_the_event(when, who.question)
    team, coach = question_parts("Which team won the Lyon Cup, and what did he say?")
    assert points_to_the_event(coach, team.question)  # "he" is not the team


def test_parts_answered_by_one_sentence_show_it_once_then_what_else_fits():
    from qa.answering.grounding import Decision
    from test_grounding import _judged

    first_sentence = _judged("Porto FC wins the Lyon Cup, coached by Ana Costa.", 0.7, ["Lyon Cup"])
    other = _judged("The Lyon Cup final drew 40,000 people.", 0.6, ["Lyon Cup"])
    parts = question_parts("Which team won the Lyon Cup, and who coached it?")
    combined = combine([(parts[0], Decision(given=[first_sentence, other])), (parts[1], Decision(given=[first_sentence]))])
    assert [e.text for e in combined.given] == [first_sentence.text, other.text]
    assert not combined.given[1].joint  # a close one the generator may add, not a part's answer


def test_each_part_is_answered_from_its_own_article_and_cited(tmp_path):
    """Only the first part used to be answered: no one sentence holds both values."""
    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "vote.txt").write_text(
        "Smith wins in Lyon\n\nUpdated 4 May 2025\n\n"
        "LYON: John Smith won the Lyon mayoral election on Sunday with 52.4% of the vote.\n", encoding="utf-8")
    (tmp_path / "news" / "fire.txt").write_text(
        "Harbour fire out\n\nUpdated 20 May 2025\n\n"
        "PORTO: Firefighters put out the fire at the Porto harbour on Tuesday after three days.\n", encoding="utf-8")
    ingest([tmp_path / "news"], store=tmp_path / "store", progress=False)
    assistant = Assistant.open(store=tmp_path / "store", generator="extractive")

    answer = assistant.ask("Who won the Lyon mayoral election, and when was the fire at the Porto harbour put out?")
    assert "52.4%" in answer.text and "Porto harbour on Tuesday" in answer.text
    assert [item.said for item in answer.short_answer_items] == ["John Smith", "Tuesday (20 May 2025)"]
    assert [item.citation for item in answer.short_answer_items] == [1, 2]
    # Both values in one sentence: one citation, both values.
    share = assistant.ask("Who won the Lyon mayoral election, and with what share of the vote?")
    assert share.short_answer == "John Smith and 52.4%" and len(share.citations) == 1
    # A part the articles do not answer is not answered with another article's sentence.
    ferry = assistant.ask("Who won the Lyon mayoral election, and when did the Porto ferry sink?")
    assert "Porto harbour" not in ferry.text and "20 May" not in ferry.short_answer


def test_the_same_question_asked_of_two_things_after_one_preposition_each_is_two_parts():
    from qa.answering.questionparts import split_parts

    assert split_parts("Which teams did Arden beat in the 2025 Harbor Cup final and in the 2025 Bay Open final?") == [
        "Which teams did Arden beat in the 2025 Harbor Cup final?", "Which teams did Arden beat in the 2025 Bay Open final?"]
    assert split_parts("How many died in the Ostvale fire and in the Belmont flood?") == [
        "How many died in the Ostvale fire?", "How many died in the Belmont flood?"]
    # one preposition for both is one question ("between A and B"), as is a repeated one before the question word
    assert split_parts("Who won the match between Arden and Belmont?") == ["Who won the match between Arden and Belmont?"]
    assert split_parts("In March and in April, who led the Ostvale council?") == ["In March and in April, who led the Ostvale council?"]


def test_the_second_preposition_pairs_with_the_nearest_one_whose_object_is_of_its_kind():
    # A review found "in the talks in Geneva and in Vienna" split as "… took part in Vienna?".
    from qa.answering.questionparts import split_parts

    assert split_parts("Which countries took part in the talks in Ostvale and in Belmont?") == [
        "Which countries took part in the talks in Ostvale?", "Which countries took part in the talks in Belmont?"]
    assert split_parts("In which city was the summit held in 2019 and in 2021?") == [
        "In which city was the summit held in 2019?", "In which city was the summit held in 2021?"]
    # words after the pair go with both parts
    assert split_parts("Which teams did the Harbor Lions beat in the final, and in the semi-final, in 2022?") == [
        "Which teams did the Harbor Lions beat in the final, in 2022?",
        "Which teams did the Harbor Lions beat in the semi-final, in 2022?"]


def test_a_figure_added_up_or_compared_over_the_two_phrases_is_one_question():
    from qa.answering.questionparts import split_parts

    for question in ("How many people died in 2020 and in 2021 combined?",
                     "What is the difference in unemployment in Ostvalia and in Belmont?"):
        assert split_parts(question) == [question]
