"""Hybrid retrieval on the seeds: fusion, filters, BM25 freshness."""

from __future__ import annotations

from qa.index.embedding import shared_embedder
from qa.ingestion.ingest import ingest
from qa.index.retrieval import Filters, Retriever, _build_lexical
from qa.index.store import Store

BORDER = "000_c8fa9c6b29247889.txt"


def _retriever(settings) -> Retriever:
    return Retriever(Store(settings, create=False), shared_embedder(2, 32), top_k=5)


def test_finds_the_right_article_for_dense_and_lexical_questions(assistant):
    retriever = assistant.retriever
    assert retriever.retrieve("Spin Boldak Kandahar")[0].source == BORDER  # rare words: BM25's strength
    assert retriever.retrieve("people died in cross-border firing")[0].source == BORDER  # no shared rare word
    assert BORDER in {h.source for h in retriever.retrieve("fighting between two neighbouring countries along their frontier")}
    hits = retriever.retrieve("JF-17 fighter jets deal", top_k=3)
    assert len(hits) == 3 and hits[0].source == "002_3a44468a49072afb.txt"
    assert [h.rank for h in hits] == [0, 1, 2] and hits[0].score >= hits[-1].score


def test_hits_carry_exact_article_spans(assistant):
    from qa.ingestion.corpus import load
    from helpers import SEEDS

    articles = {a.id: a for a in load([SEEDS]).articles}
    for hit in assistant.retriever.retrieve("Azerbaijan defence cooperation", top_k=8):
        assert articles[hit.article_id].text[hit.start:hit.end] == hit.text


def test_date_filter_keeps_only_articles_in_range(assistant):
    hits = assistant.retriever.retrieve("Munir visit Azerbaijan", Filters(after="2025-01-01", before="2025-12-31"), top_k=8)
    assert hits and all(h.date and "2025-01-01" <= h.date <= "2025-12-31" for h in hits)
    assert not assistant.retriever.retrieve("Munir", Filters(after="2030-01-01"))


def test_source_filter(assistant):
    wanted = "003_ab2a3f9dbd0efddb.txt"
    hits = assistant.retriever.retrieve("defence cooperation", Filters(sources=(wanted,)), top_k=10)
    assert hits and {h.source for h in hits} == {wanted}


def test_bm25_is_fresh_after_ingest_and_not_rebuilt_per_question(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    retriever = _retriever(scratch_settings)
    retriever.retrieve("border")
    first_index = retriever._lexical
    retriever.retrieve("medal")
    assert retriever._lexical is first_index  # same generation: same index
    (seed_copy / "new.txt").write_text("Glacier melt floods Hunza valley\n\nGILGIT: The Zorbakht glacier burst on Monday.\n", encoding="utf-8")
    ingest([seed_copy], settings=scratch_settings, progress=False)
    hits = retriever.retrieve("Zorbakht glacier")
    assert retriever._lexical is not first_index
    assert hits[0].source == "new.txt"


def test_the_ingest_saves_the_bm25_index_and_a_new_process_loads_it(seed_copy, scratch_settings, monkeypatch):
    """Readers used to rebuild BM25 and the term counts from every passage at each start (46 s at
    100k passages); the ingest now saves them per generation and readers load them."""
    ingest([seed_copy], settings=scratch_settings, progress=False)
    store = Store(scratch_settings, create=False)
    saved = scratch_settings.store_dir / "lexical" / store.generation
    assert (saved / "complete").exists()
    built = Retriever(store, shared_embedder(2, 32), top_k=5).retrieve("Taliban spokesman border")

    def no_full_scan(*args, **kwargs):
        raise AssertionError("the index was rebuilt from every passage")

    monkeypatch.setattr(Store, "all_nodes", no_full_scan)
    loaded = _retriever(scratch_settings)
    assert [h.passage_id for h in loaded.retrieve("Taliban spokesman border")] == [h.passage_id for h in built]
    assert loaded.term_weights().df  # the term counts came with it


def test_a_damaged_saved_index_is_rebuilt_and_an_old_generation_is_dropped(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    store = Store(scratch_settings, create=False)
    saved = scratch_settings.store_dir / "lexical" / store.generation
    (saved / "data.csc.index.npy").write_bytes(b"not an array")
    hits = _retriever(scratch_settings).retrieve("Taliban spokesman border")
    assert hits and (saved / "complete").exists()
    assert (saved / "data.csc.index.npy").read_bytes() != b"not an array"  # saved again, whole
    (seed_copy / "new.txt").write_text("Glacier melt floods Hunza valley\n\nGILGIT: The Zorbakht glacier burst on Monday.\n", encoding="utf-8")
    ingest([seed_copy], settings=scratch_settings, progress=False)
    generation = Store(scratch_settings, create=False).generation
    assert sorted(p.name for p in (scratch_settings.store_dir / "lexical").iterdir()) == [f".saving-lock-{generation}", generation]


def test_a_loaded_index_reads_passages_on_demand_and_filters_alike(seed_copy, scratch_settings):
    """A reader no longer parses every saved passage at start (1.3 s and 600 MB at 100k passages):
    the saved corpus is read line by line, and filters read a small saved list of dates and sources.
    A folder saved before that list (and without bm25s's line index) still loads and filters."""
    from qa.index.retrieval import _StoredCorpus

    ingest([seed_copy], settings=scratch_settings, progress=False)
    store = Store(scratch_settings, create=False)
    built = Retriever(store, shared_embedder(2, 32), top_k=5)
    built._build_lexical = lambda generation: _build_lexical(store, generation)  # from every passage, in memory
    dated = Filters(after="2025-12-01")
    expected = [h.passage_id for h in built.retrieve("Taliban border clashes", dated)]
    assert expected

    loaded = _retriever(scratch_settings)
    assert loaded.retrieve("Taliban border clashes")
    assert loaded._lexical._filter_fields is None  # an unfiltered question reads no filter fields
    assert [h.passage_id for h in loaded.retrieve("Taliban border clashes", dated)] == expected
    assert isinstance(loaded._lexical.corpus, _StoredCorpus)
    assert loaded._lexical.corpus[0] == built._lexical.corpus[0]

    saved = scratch_settings.store_dir / "lexical" / store.generation
    (saved / "filter_fields.json").unlink()
    (saved / "corpus.mmindex.json").unlink()
    older = _retriever(scratch_settings)
    assert [h.passage_id for h in older.retrieve("Taliban border clashes", dated)] == expected


def test_the_index_built_a_page_at_a_time_equals_the_one_built_from_every_node(seed_store, tmp_path, monkeypatch):
    """At 100k passages holding every passage as a node took 2.4 GB; built a page at a time the
    saved index must be the same: corpus lines, term counts, filter fields and every BM25 hit."""
    import json

    from llama_index.core.schema import QueryBundle

    from qa.index import retrieval
    from qa.settings import Settings

    store = Store(Settings.from_env().with_(store_dir=seed_store), create=False)
    generation = store.generation
    whole = tmp_path / "whole" / generation
    retrieval._save_lexical(whole, _build_lexical(store, generation))
    monkeypatch.setattr(retrieval, "_PAGE", 7)  # many pages, so tokens meet again across them
    monkeypatch.setattr(Store, "all_nodes", lambda self, page=5000: (_ for _ in ()).throw(AssertionError("all nodes held")))
    paged = retrieval._build_into(store, generation, tmp_path / "paged" / generation)
    folder = tmp_path / "paged" / generation
    assert (folder / "corpus.jsonl").read_bytes() == (whole / "corpus.jsonl").read_bytes()
    for name in ("document_frequency.json", "filter_fields.json"):
        assert json.loads((folder / name).read_text()) == json.loads((whole / name).read_text())
    assert set(json.loads((folder / "vocab.index.json").read_text())) == set(json.loads((whole / "vocab.index.json").read_text()))
    loaded = retrieval._load_lexical(whole, generation)
    for query in ("Spin Boldak Kandahar", "JF-17 fighter jets deal", "Patriotic War Medal", "Taliban spokesman casualties"):
        def hits(lexical):
            found = retrieval._MatchingBM25(existing_bm25=lexical.bm25, similarity_top_k=10)._retrieve(QueryBundle(query))
            return [(n.node.node_id, round(n.score, 6)) for n in found]
        assert hits(paged) == hits(loaded) and hits(paged)


def _store_copy(seed_store, tmp_path):
    import shutil

    from qa.settings import Settings

    shutil.copytree(seed_store, tmp_path / "store")
    return Store(Settings.from_env().with_(store_dir=tmp_path / "store"), create=False)


def test_a_build_cut_short_leaves_no_half_written_folder(seed_store, tmp_path, monkeypatch):
    import pytest

    from qa.index import retrieval
    from qa.index.store import StoreError

    store = _store_copy(seed_store, tmp_path)
    pages = Store.node_pages

    def failing(self, page=5000):
        yield next(pages(self, page))
        raise StoreError("the Chroma server went away")

    monkeypatch.setattr(retrieval, "_PAGE", 7)
    monkeypatch.setattr(Store, "node_pages", failing)
    folder = tmp_path / "lexical" / store.generation
    with pytest.raises(StoreError):
        retrieval._build_into(store, store.generation, folder)
    assert list(folder.parent.iterdir()) == []


def test_leftovers_of_killed_builds_are_removed_and_the_index_saved(seed_store, tmp_path):
    from qa.index import retrieval

    store = _store_copy(seed_store, tmp_path)
    folder = tmp_path / "lexical" / store.generation
    folder.mkdir(parents=True)
    (folder / "corpus.jsonl").write_text("{}\n")  # a removal cut short: no "complete" marker
    abandoned = folder.parent / ".saving-999999999-abc"  # no such process
    abandoned.mkdir()
    built = retrieval._build_into(store, store.generation, folder)
    assert built is not None and len(built.corpus) == store.count()
    assert (folder / "complete").exists() and not abandoned.exists()


def test_pages_of_nodes_hold_every_passage_once_in_the_store_order(seed_store, tmp_path):
    store = _store_copy(seed_store, tmp_path)
    ids = store.collection.get(include=[])["ids"]
    paged = [node.node_id for nodes in store.node_pages(7) for node in nodes]
    assert paged == ids and len(set(paged)) == store.count()


def test_two_builders_of_one_generation_take_turns_and_the_second_loads(seed_store, tmp_path, monkeypatch):
    """An ingest's final build and a web app that has just seen the new generation built the same
    index side by side (1.2 GB each at 100k passages)."""
    import threading
    import time

    from qa.index import retrieval

    store = _store_copy(seed_store, tmp_path)
    builds = []
    pages = Store.node_pages

    def slow_pages(self, page=5000):
        builds.append(threading.get_ident())
        time.sleep(1.0)  # both threads are inside lexical_index before either finishes
        yield from pages(self, page)

    monkeypatch.setattr(Store, "node_pages", slow_pages)
    monkeypatch.setattr(retrieval, "_lexical_folder", lambda s, generation: tmp_path / "lexical" / generation)
    results = []
    threads = [threading.Thread(target=lambda: results.append(retrieval.lexical_index(store))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 2 and all(len(r.corpus) == store.count() for r in results)
    assert len(builds) == 1
