"""The saved BM25 index: built a page at a time, the same as one built from every node; builds
cut short leave nothing behind; builders of one generation take turns."""

from __future__ import annotations

from qa.index.lexicalindex import _build_lexical
from qa.index.retrieval import _MatchingBM25
from qa.index.store import Store


def test_the_index_built_a_page_at_a_time_equals_the_one_built_from_every_node(seed_store, tmp_path, monkeypatch):
    """At 100k passages holding every passage as a node took 2.4 GB; built a page at a time the
    saved index must be the same: corpus lines, term counts, filter fields and every BM25 hit."""
    import json

    from llama_index.core.schema import QueryBundle

    from qa.index import lexicalindex
    from qa.settings import Settings

    store = Store(Settings.from_env().with_(store_dir=seed_store), create=False)
    generation = store.generation
    whole = tmp_path / "whole" / generation
    _save_whole(whole, _build_lexical(store, generation))
    monkeypatch.setattr(lexicalindex, "_PAGE", 7)  # many pages, so tokens meet again across them
    monkeypatch.setattr(Store, "all_nodes", lambda self, page=5000: (_ for _ in ()).throw(AssertionError("all nodes held")))
    paged = lexicalindex._build_into(store, generation, tmp_path / "paged" / generation)
    folder = tmp_path / "paged" / generation
    assert (folder / "corpus.jsonl").read_bytes() == (whole / "corpus.jsonl").read_bytes()
    for name in ("document_frequency.json", "filter_fields.json"):
        assert json.loads((folder / name).read_text()) == json.loads((whole / name).read_text())
    assert set(json.loads((folder / "vocab.index.json").read_text())) == set(json.loads((whole / "vocab.index.json").read_text()))
    loaded = lexicalindex._load_lexical(whole, generation)
    for query in ("Spin Boldak Kandahar", "JF-17 fighter jets deal", "Patriotic War Medal", "Taliban spokesman casualties"):
        def hits(lexical):
            found = _MatchingBM25(existing_bm25=lexical.bm25, similarity_top_k=10)._retrieve(QueryBundle(query))
            return [(n.node.node_id, round(n.score, 6)) for n in found]
        assert hits(paged) == hits(loaded) and hits(paged)


def _save_whole(folder, lexical) -> None:
    """The reference: the index built from every node, saved as bm25s saves a corpus, beside the
    files the loader reads."""
    import json

    folder.mkdir(parents=True)
    lexical.bm25.save(str(folder), corpus=lexical.corpus, show_progress=False)
    (folder / "document_frequency.json").write_text(json.dumps(lexical.document_frequency), encoding="utf-8")
    (folder / "filter_fields.json").write_text(json.dumps(lexical.filter_fields()), encoding="utf-8")
    (folder / "complete").write_text(lexical.generation, encoding="utf-8")


def _store_copy(seed_store, tmp_path):
    import shutil

    from qa.settings import Settings

    shutil.copytree(seed_store, tmp_path / "store")
    return Store(Settings.from_env().with_(store_dir=tmp_path / "store"), create=False)


def test_a_build_cut_short_leaves_no_half_written_folder(seed_store, tmp_path, monkeypatch):
    import pytest

    from qa.index import lexicalindex
    from qa.index.store import StoreError

    store = _store_copy(seed_store, tmp_path)
    pages = Store.node_pages

    def failing(self, page=5000):
        yield next(pages(self, page))
        raise StoreError("the Chroma server went away")

    monkeypatch.setattr(lexicalindex, "_PAGE", 7)
    monkeypatch.setattr(Store, "node_pages", failing)
    folder = tmp_path / "lexical" / store.generation
    with pytest.raises(StoreError):
        lexicalindex._build_into(store, store.generation, folder)
    assert list(folder.parent.iterdir()) == []


def test_leftovers_of_killed_builds_are_removed_and_the_index_saved(seed_store, tmp_path):
    from qa.index import lexicalindex

    store = _store_copy(seed_store, tmp_path)
    folder = tmp_path / "lexical" / store.generation
    folder.mkdir(parents=True)
    (folder / "corpus.jsonl").write_text("{}\n")  # a removal cut short: no "complete" marker
    abandoned = folder.parent / ".saving-999999999-abc"  # no such process
    abandoned.mkdir()
    built = lexicalindex._build_into(store, store.generation, folder)
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

    from qa.index import lexicalindex

    store = _store_copy(seed_store, tmp_path)
    builds = []
    pages = Store.node_pages

    def slow_pages(self, page=5000):
        builds.append(threading.get_ident())
        time.sleep(1.0)  # both threads are inside lexical_index before either finishes
        yield from pages(self, page)

    monkeypatch.setattr(Store, "node_pages", slow_pages)
    monkeypatch.setattr(lexicalindex, "_lexical_folder", lambda s, generation: tmp_path / "lexical" / generation)
    results = []
    threads = [threading.Thread(target=lambda: results.append(lexicalindex.lexical_index(store))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 2 and all(len(r.corpus) == store.count() for r in results)
    assert len(builds) == 1
