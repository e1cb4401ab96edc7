"""The scratch store `qa eval --corpus DIR` builds."""

from __future__ import annotations

import shutil

from qa.evaluation.evalcorpus import corpus_store
from qa.index.store import Store
from qa.settings import Settings

from helpers import ROOT


def test_an_evaluation_corpus_is_stored_locally_even_when_a_chroma_server_is_configured(tmp_path, monkeypatch):
    """`Settings.with_` ignores None, so `with_(chroma_url=None)` once sent the evaluation's
    scratch store to the server named by QA_CHROMA_URL."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted((ROOT / "seeds").iterdir())[0], corpus)
    monkeypatch.setenv("QA_EVAL_STORES", str(tmp_path / "eval-stores"))
    monkeypatch.setenv("QA_CHROMA_URL", "http://127.0.0.1:9")  # nothing listens there
    folder, summary = corpus_store(corpus, Settings.from_env())
    assert summary.errors == [] and summary.articles >= 1
    assert (folder / "chroma.sqlite3").exists()
    assert Store(Settings(store_dir=folder), create=False).count() == summary.passages
