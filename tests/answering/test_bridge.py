"""A person the question names only by a description: who it is first, then the question."""

import json

from qa.answering.bridge import find_bridge
from qa.answering.question import read_question


def _bridge(text):
    return find_bridge(text, read_question(text).wh_tokens)


def test_a_described_person_is_resolved_first():
    bridge = _bridge("What share of the vote did the winner of the 2024 Ostvale mayoral runoff receive in the first round?")
    assert bridge.first == "Who is the winner of the 2024 Ostvale mayoral runoff?"
    assert bridge.then("Lina Berg") == "What share of the vote did Lina Berg receive in the first round?"


def test_no_bridge_where_the_question_asks_for_the_person_or_names_it():
    assert _bridge("Which leader of the Harbor Party resigned in 2024?") is None  # the person is what is asked
    assert _bridge("Who trained Storm Bay, the winner of the 2024 Harbor Cup?") is None  # named already
    assert _bridge("What did the man who spoke say?") is None  # nothing to find him by


def test_a_question_about_a_described_person_is_answered_in_two_steps(tmp_path):
    """The winner and the winner's first-round share are reported on different days: asked
    together, neither sentence answered, and the question was declined."""
    from qa.answering.assistant import Assistant
    from qa.ingestion.ingest import ingest

    items = [("04", "Ostvale mayoral election: Lina Berg receives 41% of the vote in the first round, ahead of Omar Haddad."),
             ("18", "Ostvale mayoral election: Lina Berg wins the 2024 Ostvale mayoral runoff against Omar Haddad."),
             ("20", "Harbor Cup: Storm Bay wins the cup for the third time.")]
    (tmp_path / "digest.jsonl").write_text("".join(
        json.dumps({"title": f"Current events: 2024-05-{day}", "date": f"2024-05-{day}", "text": f"Elections\n\n{item}"}) + "\n"
        for day, item in items), encoding="utf-8")
    ingest([tmp_path / "digest.jsonl"], store=tmp_path / "store", progress=False)
    assistant = Assistant.open(store=tmp_path / "store", generator="extractive")
    try:
        answer = assistant.ask("What share of the vote did the winner of the 2024 Ostvale mayoral runoff receive in the first round?")
        assert not answer.abstained, answer.text
        assert answer.short_answer == "41%"  # the second step's value, not the winner's name
        assert "wins the 2024 Ostvale mayoral runoff" in answer.text  # who the winner is, cited too
        assert len(answer.citations) == 2
    finally:
        assistant.close()
