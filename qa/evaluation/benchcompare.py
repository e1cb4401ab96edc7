"""`qa bench compare`: our ingest and retrieval beside llama-index's default pipeline, in one
process, on the same synthetic documents, with the same embedder object.

The peer is what a llama-index user writes first: `SimpleDirectoryReader`, then
`VectorStoreIndex.from_documents` with the default splitter into a fresh Chroma collection, and
`index.as_retriever()`. Speed is reported beside retrieval quality (hit@5 on one answerable question
per article), because the peer's large chunks are cheap to embed partly by being cut off at the
embedder's 256-word-piece limit.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from qa.evaluation.figures import Figures, p95
from qa.evaluation.synthetic import articles_for_passages

from qa.settings import Settings


@dataclass
class CompareBench(Figures):
    articles: int
    passages: int  # ours
    peer_chunks: int
    peer_chunks_truncated: int  # peer chunks longer than the embedder's 256 word pieces: their tail is never embedded
    raw_embed_passages_per_s: float  # the embedder alone on our passages: our ceiling
    ingest_passages_per_s: float
    ingest_s: float
    peer_ingest_s: float
    ingest_ratio: float  # peer seconds / our seconds per document: ours faster > 1 (goal ≥ 2)
    of_raw: float  # our ingest / raw embedder (goal ≥ 0.90)
    retrieval_p50_ms: float
    retrieval_p95_ms: float
    peer_retrieval_p50_ms: float
    peer_retrieval_p95_ms: float
    retrieval_ratio: float  # peer p50 / our p50: ours faster > 1 (goal ≥ 1)
    hit_at_5: float
    peer_hit_at_5: float
    questions: int

    def report(self) -> str:
        return (
            f"{self.articles} synthetic articles: ours {self.passages} passages, the peer {self.peer_chunks} chunks "
            f"({self.peer_chunks_truncated} of them cut at the embedder's 256 word pieces)\n"
            f"ingest:    ours {self.ingest_s:7.1f} s, peer {self.peer_ingest_s:7.1f} s  "
            f"ingest_ratio {self.ingest_ratio:.2f} (goal ≥ 2)\n"
            f"           ours {self.ingest_passages_per_s:.1f} passages/s = {self.of_raw:.0%} of the raw embedder "
            f"({self.raw_embed_passages_per_s:.1f}/s; goal ≥ 90 %)\n"
            f"retrieval: ours p50/p95 {self.retrieval_p50_ms:.1f}/{self.retrieval_p95_ms:.1f} ms, "
            f"peer {self.peer_retrieval_p50_ms:.1f}/{self.peer_retrieval_p95_ms:.1f} ms  "
            f"retrieval_ratio {self.retrieval_ratio:.2f} (goal ≥ 1)\n"
            f"quality:   hit@5 ours {self.hit_at_5:.1%}, peer {self.peer_hit_at_5:.1%} ({self.questions} questions)"
        )


def bench_compare(passages: int = 1000, questions: int = 100, settings: Settings | None = None,
                  seed: int = 7) -> CompareBench:
    from qa.ingestion.chunking import chunk_articles
    from qa.ingestion.corpus import load
    from qa.index.embedding import MAX_WORD_PIECES, shared_embedder
    from qa.ingestion.ingest import ingest
    from qa.index.retrieval import Retriever
    from qa.index.store import Store
    from qa.evaluation.synthetic import write_corpus

    settings = settings or Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="qa-compare-"))
    try:
        articles = articles_for_passages(passages, work, seed)
        folder = work / "corpus"
        asked = write_corpus(folder, articles, seed=seed)
        step = max(1, len(asked) // questions)
        asked = asked[::step][:questions]
        embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
        texts = [p.text for p in chunk_articles(load([folder]).articles)]
        embedder.embed(texts[:8])  # the first ONNX run allocates

        begin = time.perf_counter()
        embedder.embed(texts)
        raw = len(texts) / (time.perf_counter() - begin)

        # Warm-up of both pipelines on three other articles: imports, spaCy's model, Chroma's first
        # client — costs a long-running process pays once, not per document.
        write_corpus(work / "warm", 3, seed=seed + 1)
        ingest([work / "warm"], settings=replace(settings, store_dir=work / "warm-ours", chroma_url=None), progress=False)
        _peer_ingest(work / "warm", work / "warm-peer", embedder)

        ours_settings = replace(settings, store_dir=work / "ours", chroma_url=None)
        summary = ingest([folder], settings=ours_settings, progress=False)
        peer_index, peer_seconds, peer_texts = _peer_ingest(folder, work / "peer", embedder)

        retriever = Retriever(Store(ours_settings, create=False), embedder, top_k=5)
        peer = peer_index.as_retriever(similarity_top_k=5)
        retriever.retrieve(asked[0].question)  # loads the saved BM25 index once, as a server would
        peer.retrieve(asked[0].question)
        ours_ms, peer_ms, ours_hits, peer_hits = [], [], 0, 0
        for question in asked:  # alternating, so drift of a shared machine hits both alike
            begin = time.perf_counter()
            hits = retriever.retrieve(question.question)
            ours_ms.append((time.perf_counter() - begin) * 1000)
            ours_hits += any(h.source == question.article for h in hits)
            begin = time.perf_counter()
            found = peer.retrieve(question.question)
            peer_ms.append((time.perf_counter() - begin) * 1000)
            peer_hits += any((n.node.metadata or {}).get("file_name") == question.article for n in found)
        ours_p50, peer_p50 = statistics.median(ours_ms), statistics.median(peer_ms)
        return CompareBench(
            articles=articles, passages=summary.passages, peer_chunks=len(peer_texts),
            peer_chunks_truncated=sum(1 for t in peer_texts if embedder.count_word_pieces(t) > MAX_WORD_PIECES),
            raw_embed_passages_per_s=raw, ingest_passages_per_s=summary.passages / summary.seconds,
            ingest_s=summary.seconds, peer_ingest_s=peer_seconds, ingest_ratio=peer_seconds / summary.seconds,
            of_raw=(summary.passages / summary.seconds) / raw,
            retrieval_p50_ms=ours_p50, retrieval_p95_ms=p95(ours_ms),
            peer_retrieval_p50_ms=peer_p50, peer_retrieval_p95_ms=p95(peer_ms),
            retrieval_ratio=peer_p50 / ours_p50, hit_at_5=ours_hits / len(asked),
            peer_hit_at_5=peer_hits / len(asked), questions=len(asked),
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _peer_ingest(folder: Path, path: Path, embedder):
    """llama-index's default pipeline into a fresh Chroma collection; seconds include reading.
    Returns the index, the seconds and the chunks' texts (as the embedder saw them)."""
    import logging

    import chromadb
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.schema import MetadataMode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from qa.index.store import _chroma_settings

    quiet = logging.getLogger("qa.index.embedding")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its truncation warnings are counted instead, one per peer chunk
    try:
        begin = time.perf_counter()
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        collection = client.create_collection("peer")
        vector_store = ChromaVectorStore(chroma_collection=collection)
        documents = SimpleDirectoryReader(str(folder)).load_data()
        index = VectorStoreIndex.from_documents(
            documents, storage_context=StorageContext.from_defaults(vector_store=vector_store), embed_model=embedder,
        )
        seconds = time.perf_counter() - begin
    finally:
        quiet.setLevel(level)
    nodes = vector_store.get_nodes(node_ids=collection.get(include=[])["ids"])
    return index, seconds, [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]

