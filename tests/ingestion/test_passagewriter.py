"""Embedding and writing passages: windows analysed ahead of the embedder, sentence vectors kept
before their article is written."""

from __future__ import annotations

import threading

from qa.index.analyses import AnalysisStore, analyses_path, passage_sentences
from qa.index.modelcard import SENTENCE_VECTORS_ID
from qa.index.store import Store
from qa.ingestion import passagewriter
from qa.ingestion.ingest import ingest


def test_many_windows_each_analysed_ahead_leave_every_passage_and_sentence_vector(seed_copy, scratch_settings, monkeypatch):
    """With windows of 4 passages the seeds take several: each is analysed on the analyser thread
    while the one before is embedded, and nothing is lost or written twice at a window's edge."""
    monkeypatch.setattr(passagewriter, "_SORT_WINDOW", 4)
    analysing_threads: list[str] = []
    windows: list[int] = []
    real_add, real_batches = AnalysisStore.add, passagewriter._batches

    def add(self, texts):
        analysing_threads.append(threading.current_thread().name)
        return real_add(self, texts)

    def batches(items, size):
        made = list(real_batches(items, size))
        windows.append(len(made))
        return iter(made)

    monkeypatch.setattr(AnalysisStore, "add", add)
    monkeypatch.setattr(passagewriter, "_batches", batches)
    summary = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert summary.errors == [] and summary.articles == 6 and summary.passages > 3 * 4
    # Every window analysed once, each on the analyser thread (not the embedder's).
    assert windows and windows[0] > 2 and len(analysing_threads) == windows[0]
    assert all(name.startswith("qa-analyser") for name in analysing_threads)

    store = Store(scratch_settings, create=False)
    passages = [node.get_content() for node in store.all_nodes()]
    assert len(passages) == summary.passages and len(store.manifest()) == 6
    analyses = AnalysisStore(analyses_path(scratch_settings))
    try:
        sentences = {text for analysis in analyses.get(passages).values() for _, _, text in passage_sentences(analysis)}
        assert sentences and set(analyses.sentence_vectors(SENTENCE_VECTORS_ID, sorted(sentences))) == sentences
    finally:
        analyses.close()
