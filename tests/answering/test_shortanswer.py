"""The short answer: verbatim from a cited sentence, relative times resolved, article dates said as such."""

from qa.answering.shortanswer import AnswerItem, join


def test_items_are_joined_as_a_reader_expects():
    items = [AnswerItem(text=t, citation=1, start=0, end=len(t), said=t) for t in ("Ishaq Dar", "Attaullah Tarar", "Tariq Fatemi")]
    assert join(items) == "Ishaq Dar, Attaullah Tarar and Tariq Fatemi"
    assert join(items[:1]) == "Ishaq Dar" and join([]) == ""


def test_a_relative_time_is_resolved_in_the_short_answer(tmp_path):
    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "deal.txt").write_text(
        "Azerbaijan buys jets\n\nUpdated 13 August 2025\n\nBAKU: Last year, Azerbaijan signed a deal to buy JF-17 jets.\n",
        encoding="utf-8")
    ingest([tmp_path / "news"], store=tmp_path / "store", progress=False)
    answer = Assistant.open(store=tmp_path / "store").ask("When did Azerbaijan sign the JF-17 deal?")
    assert answer.short_answer == "Last year (2024)"
    [item] = answer.short_answer_items
    assert item.text == "Last year" and item.citation == 1


def test_a_report_without_a_date_of_its_own_is_answered_with_the_article_date(tmp_path):
    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    (tmp_path / "digest.jsonl").write_text(
        '{"title": "Current events: 2025 March 1", "date": "2025-03-01", "text": "Armed conflicts\\n\\n'
        'Kurdish conflict: The Kurdistan Workers\' Party announces a ceasefire with Turkey."}\n', encoding="utf-8")
    ingest([tmp_path / "digest.jsonl"], store=tmp_path / "store", progress=False)
    answer = Assistant.open(store=tmp_path / "store").ask("When did the Kurdistan Workers' Party announce a ceasefire?")
    assert answer.short_answer == "reported on 1 March 2025"


def test_a_who_is_answered_by_the_person_not_the_organisation_beside_the_post(assistant):
    """spaCy reads "a statement given by ISPR, the foreign minister of Azerbaijan, Jeyhun
    Bayramov, …" with the post in apposition to ISPR; the short answer was "ISPR"."""
    answer = assistant.ask("Who is the foreign minister of Azerbaijan?")
    assert answer.short_answer == "Jeyhun Bayramov"


def test_a_list_answer_is_the_list_its_best_value_stands_in():
    """Every name near the verb used to be listed, the place of the match too."""
    from qa.answering.question import read_question
    from qa.answering.sentenceview import SentenceView
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("The truce was sponsored by which countries?")  # not "which … sponsored": the doer only
    [a] = analyse(["The two clans agree to a truce sponsored by Norway, Chile and Kenya to end the feud in Tanzania."])
    values = find_values(question, SentenceView(analysis=a, first=0, end=len(a), context="", date=None))
    assert "Tanzania" in [v.text for v in values]  # near enough to be a value…
    assert [v.text for v in _list_of_first(values, a.text)] == ["Norway", "Chile", "Kenya"]  # …but not in the list


def test_a_long_list_is_read_from_the_text_where_the_parse_breaks_it():
    from qa.answering.question import read_question
    from qa.answering.sentenceview import SentenceView
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("Which five countries joined the fishing pact?")
    [a] = analyse(["Norway, Chile, the Dominican Republic, Kenya, and Portugal joined the fishing pact on Monday, "
                   "the secretariat in Oslo said."])
    values = find_values(question, SentenceView(analysis=a, first=0, end=len(a), context="", date=None))
    assert [v.text for v in values][:3] == ["Norway", "Chile", "Portugal"]  # nearest first, the parse's order
    listed = [v.text for v in _list_of_first(values, a.text)]
    assert listed == ["Norway", "Chile", "Dominican Republic", "Kenya", "Portugal"], listed


def test_names_with_titles_between_them_are_listed_without_the_titles():
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import Value

    text = ("With her were Deputy Governor Ana Costa, Minister for Trade Omar Haddad, "
            "and Adviser to the Governor Maria Lopez.")
    def value(name: str, label: str, distance: int = 1) -> Value:
        start = text.index(name)
        return Value(name, start, start + len(name), label, distance)
    values = [value("Ana Costa", "PERSON", 0), value("Minister", "PROPN"), value("Omar Haddad", "PERSON"),
              value("Adviser", "PROPN", 2), value("Maria Lopez", "PERSON", 2)]
    # No list by the text (titles stand between the names): the names labelled like the best one.
    assert [v.text for v in _list_of_first(values, text)] == ["Ana Costa", "Omar Haddad", "Maria Lopez"]


def test_overlapping_values_are_one_item_and_bracketed_names_stay_in_the_list():
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import Value

    text = "The prize went to Nightfall (Part Two), Harbor Lights and Night Train."
    def value(name: str, label: str, distance: int = 1) -> Value:
        start = text.index(name)
        return Value(name, start, start + len(name), label, distance)
    values = [value("Nightfall", "TARGET", 0), value("Nightfall (Part Two)", "WORK_OF_ART"),
              value("Harbor Lights", "WORK_OF_ART"), value("Night Train", "WORK_OF_ART")]
    assert [v.text for v in _list_of_first(values, text)] == ["Nightfall (Part Two)", "Harbor Lights", "Night Train"]
    # Two names with only a space between them are not a list.
    from qa.answering.shortanswer import _LIST_GAP
    assert _LIST_GAP.fullmatch(", ") and _LIST_GAP.fullmatch(" and the ") and not _LIST_GAP.fullmatch(" ")


def test_a_counted_list_answers_how_many_with_the_count_and_its_verbatim_names(tmp_path):
    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "talks.txt").write_text(
        "Trade talks end\n\nUpdated 3 May 2025\n\nThe trade talks were hosted by France, Peru and Kenya in turn. "
        "Delegates agreed to meet again next spring.\n", encoding="utf-8")
    ingest([tmp_path / "news"], store=tmp_path / "store", progress=False)
    answer = Assistant.open(store=tmp_path / "store").ask("How many countries hosted the trade talks?")
    assert answer.short_answer == "3 (France, Peru and Kenya)"
    [item] = answer.short_answer_items
    assert item.text == "France, Peru and Kenya" and item.citation == 1
