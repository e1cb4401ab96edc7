"""Benchmarks, reported as ratios against a baseline measured in the same process."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from qa.chunking import chunk_articles
from qa.corpus import load
from qa.ingest import ingest
from qa.settings import Settings


@dataclass
class IngestBench:
    passages: int
    raw_embed_passages_per_s: float
    ingest_passages_per_s: float
    ratio: float  # ingest / raw embedder; goal ≥ 0.90
    noop_reingest_s: float
    copies: int

    def to_dict(self) -> dict:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}

    def report(self) -> str:
        verdict = "meets" if self.ratio >= 0.9 else "misses"
        return (
            f"passages: {self.passages} ({self.copies} copies of the corpus)\n"
            f"raw embedder:    {self.raw_embed_passages_per_s:8.1f} passages/s\n"
            f"full ingest:     {self.ingest_passages_per_s:8.1f} passages/s  "
            f"= {self.ratio:.0%} of raw ({verdict} the 90% goal)\n"
            f"no-op re-ingest: {self.noop_reingest_s * 1000:8.0f} ms"
        )


def bench_ingest(corpus: Path = Path("seeds"), copies: int = 5, settings: Settings | None = None) -> IngestBench:
    """Ingest `copies` renamed copies of the corpus into a scratch store; compare with raw embedding."""
    from qa.embedding import shared_embedder

    settings = settings or Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        files = work / "corpus"
        files.mkdir()
        for n in range(copies):
            for source in sorted(Path(corpus).iterdir()):
                if source.is_file():
                    shutil.copy(source, files / f"copy{n}_{source.name}")
        embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
        passages = chunk_articles(load([files]).articles)
        texts = [p.text for p in passages]
        embedder.embed(texts[:8])  # warm-up: first ONNX run allocates
        begin = time.perf_counter()
        embedder.embed(texts)
        raw = len(texts) / (time.perf_counter() - begin)

        scratch = replace(settings, store_dir=work / "store", chroma_url=None)
        first = ingest([files], settings=scratch, progress=False)
        full = first.passages / first.seconds
        second = ingest([files], settings=scratch, progress=False)
        return IngestBench(
            passages=first.passages, raw_embed_passages_per_s=raw, ingest_passages_per_s=full,
            ratio=full / raw, noop_reingest_s=second.seconds, copies=copies,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
