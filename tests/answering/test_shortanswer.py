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
