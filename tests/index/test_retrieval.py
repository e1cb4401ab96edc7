"""Hybrid retrieval on the seeds: fusion, filters, BM25 freshness."""

from __future__ import annotations

import pytest

from qa.index.embedding import shared_embedder
from qa.ingestion.ingest import ingest
from qa.index.lexicalindex import _build_lexical
from qa.index.retrieval import Filters, Retriever
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
    from qa.index.lexicalindex import _StoredCorpus

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


def test_the_retrieval_index_takes_no_documents_and_builds_no_default_splitter(assistant):
    # llama-index's default splitter loads tiktoken's cl100k vocabulary (0.16 s and 30 MB of
    # every cold `qa ask`); the retrieval index never splits anything, since `qa ingest` writes the store.
    from llama_index.core import Document
    from llama_index.core.node_parser import SentenceSplitter

    index = assistant.retriever._index
    assert not any(isinstance(t, SentenceSplitter) for t in index._transformations)
    with pytest.raises(TypeError, match="qa ingest"):
        index.insert(Document(text="An article added behind the ingest's back."))


def test_fusion_orders_and_scores_as_llama_index_fusion_does():
    # The fusion is llama-index's reciprocal rank, done without building its retriever per question.
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
    from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
    from llama_index.core.schema import NodeWithScore, TextNode

    from qa.index.retrieval import reciprocal_rank_fusion

    def ranking(pairs):
        return [NodeWithScore(node=TextNode(id_=key, text=f"passage {key}"), score=score) for key, score in pairs]

    dense = [("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6)]
    lexical = [("e", 7.0), ("f", 5.0), ("a", 4.0)]  # b and f tie (second in one ranking each): first seen first

    class FixedRetriever(BaseRetriever):
        def __init__(self, pairs):
            super().__init__()
            self.pairs = pairs

        def _retrieve(self, bundle):
            return ranking(self.pairs)

    theirs = QueryFusionRetriever([FixedRetriever(dense), FixedRetriever(lexical)], llm=MockLLM(),
                                  mode=FUSION_MODES.RECIPROCAL_RANK, similarity_top_k=10, num_queries=1,
                                  use_async=False).retrieve("question")
    ours = reciprocal_rank_fusion([ranking(dense), ranking(lexical)])
    assert [n.node.node_id for n in ours] == [n.node.node_id for n in theirs] == ["a", "e", "b", "f", "c", "d"]
    assert [round(n.score, 12) for n in ours] == [round(n.score, 12) for n in theirs]
