"""Stored analyses: made at ingest, read back by content, kept from a read-only store's memory."""

from qa.index.analyses import AnalysisStore, noun_label_pairs
from qa.language.nlp import analyse, decode, encode


def test_an_analysis_survives_its_stored_form():
    [a] = analyse(["Jeyhun Bayramov, the foreign minister of Azerbaijan, met Munir in Baku on Wednesday."])
    back = decode(a.text, encode(a))
    assert back == a and len(encode(a)) < 1000


def test_analyses_are_kept_and_read_back(tmp_path, monkeypatch):
    import qa.index.analyses as analyses_module

    analysed: list[str] = []
    monkeypatch.setattr(analyses_module, "analyse", lambda texts: analysed.extend(texts) or analyse(texts))
    store = AnalysisStore(tmp_path / "analyses.sqlite3")
    assert list(store.add(["Kandahar province was shelled.", "Kandahar province was shelled."])) == ["Kandahar province was shelled."]
    assert store.add(["Kandahar province was shelled."])["Kandahar province was shelled."].entities  # already kept
    assert analysed == ["Kandahar province was shelled."]
    store.close()
    again = AnalysisStore(tmp_path / "analyses.sqlite3")
    found = again.get(["Kandahar province was shelled."])
    assert found["Kandahar province was shelled."].entities


def test_the_archive_says_which_names_a_noun_takes(tmp_path):
    [a] = analyse(["Key officials, including Foreign Minister Ishaq Dar and Tariq Fatemi, attended."])
    assert ("official", "PERSON") in noun_label_pairs(a)
    store = AnalysisStore(tmp_path / "analyses.sqlite3")
    store.add([a.text])
    assert "PERSON" in store.labels_for("official")


def test_replacing_a_passages_noun_labels_finds_them_by_key_not_by_a_scan(tmp_path):
    """Each write deletes the passage's old rows by key; a full scan per delete made the ingest's
    cost grow with the square of the store (7.3 s per 512-passage window at 250k rows)."""
    import sqlite3

    AnalysisStore(tmp_path / "analyses.sqlite3").close()
    db = sqlite3.connect(tmp_path / "analyses.sqlite3")
    plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN DELETE FROM noun_labels WHERE key = ?", ("k",)))
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan


def test_a_store_that_cannot_be_written_still_answers_from_memory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    store = AnalysisStore(blocker / "analyses.sqlite3")  # cannot be created, even by root
    assert store.get(["A sentence to analyse."])["A sentence to analyse."].sentences
    assert store.add(["Another sentence."])["Another sentence."].sentences  # analysed, not kept
    store.add_sentence_vectors("model", {"Another sentence.": [0.5, 0.5]})  # nothing to keep it in: no error
    assert store.sentence_vectors("model", ["Another sentence."]) == {} and not store.holds_sentence_vectors()


def test_sentence_vectors_are_kept_per_model(tmp_path):
    import numpy as np

    store = AnalysisStore(tmp_path / "analyses.sqlite3")
    assert not store.holds_sentence_vectors()
    store.add_sentence_vectors("minilm", {"A sentence.": np.array([0.6, 0.8], dtype=np.float32)})
    store.close()
    again = AnalysisStore(tmp_path / "analyses.sqlite3")
    found = again.sentence_vectors("minilm", ["A sentence.", "Another one."])
    assert list(found) == ["A sentence."] and np.allclose(found["A sentence."], [0.6, 0.8], atol=1e-3)
    assert again.sentence_vectors("another-model", ["A sentence."]) == {} and again.holds_sentence_vectors()
    assert again.without_sentence_vectors("minilm", ["Another one.", "A sentence."]) == ["Another one."]
