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
    """Every country near the verb used to be listed, the place of the fighting too."""
    from qa.answering.question import read_question
    from qa.answering.sentenceview import SentenceView
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("Which countries mediated the ceasefire?")
    [a] = analyse(["The two sides reach a ceasefire mediated by Egypt, Qatar and Turkey to end the fighting in Syria."])
    values = find_values(question, SentenceView(analysis=a, first=0, end=len(a), context="", date=None))
    assert "Syria" in [v.text for v in values]  # near enough to be a value…
    assert [v.text for v in _list_of_first(values, a.text)] == ["Egypt", "Qatar", "Turkey"]  # …but not in the list


def test_a_long_list_is_read_from_the_text_where_the_parse_breaks_it():
    from qa.answering.question import read_question
    from qa.answering.sentenceview import SentenceView
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("Which five countries were elected to the council?")
    [a] = analyse(["Bahrain, Colombia, the Democratic Republic of the Congo, Latvia, and Liberia are elected to the "
                   "council for a two-year term, the agency in Geneva said."])
    values = find_values(question, SentenceView(analysis=a, first=0, end=len(a), context="", date=None))
    listed = [v.text for v in _list_of_first(values, a.text)]
    assert listed == ["Bahrain", "Colombia", "Democratic Republic of the Congo", "Latvia", "Liberia"], listed


def test_names_with_titles_between_them_are_listed_without_the_titles():
    from qa.answering.question import read_question
    from qa.answering.sentenceview import SentenceView
    from qa.answering.shortanswer import _list_of_first
    from qa.answering.values import find_values
    from qa.language.nlp import analyse

    question = read_question("Which officials accompanied the mayor?")
    [a] = analyse(["Accompanying him were key officials, including Deputy Mayor Ana Costa, Federal Minister for "
                   "Water and Power Omar Haddad, and Special Assistant to the Mayor Maria Lopez."])
    values = find_values(question, SentenceView(analysis=a, first=0, end=len(a), context="", date=None))
    listed = [v.text for v in _list_of_first(values, a.text)]
    # spaCy may keep a title in a person's name ("Mayor Ana Costa"); a title alone is no item.
    assert [name.split()[-1] for name in listed] == ["Costa", "Haddad", "Lopez"], listed
