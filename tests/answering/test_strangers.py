"""Names a question gives that the archive never mentions."""

from qa.answering.question import read_question
from qa.answering.strangers import never_mentioned

ARCHIVE = {"azerbaijan": 3, "medal": 2, "munir": 4, "give": 5}


def test_a_name_the_archive_never_mentions_is_named_once():
    """"They never mention Ostvale Marathon or 2030 Ostvale Marathon" said one name twice."""
    text = "Who won the 2030 Ostvale Marathon?"
    assert never_mentioned(text, read_question(text), ARCHIVE) == ["2030 Ostvale Marathon"]


def test_names_the_archive_holds_are_not_strangers():
    text = "Which medal did Azerbaijan give Munir?"
    assert never_mentioned(text, read_question(text), ARCHIVE) == []
