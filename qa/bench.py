"""Benchmarks, reported as ratios against a baseline measured in the same process."""

from __future__ import annotations

import shutil
import statistics
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
            f"passages: {self.passages} ({self.copies} copies of the corpus; medians of alternating runs)\n"
            f"raw embedder:    {self.raw_embed_passages_per_s:8.1f} passages/s\n"
            f"full ingest:     {self.ingest_passages_per_s:8.1f} passages/s  "
            f"= {self.ratio:.0%} of raw ({verdict} the 90% goal)\n"
            f"no-op re-ingest: {self.noop_reingest_s * 1000:8.0f} ms"
        )


def bench_ingest(
    corpus: Path = Path("seeds"), copies: int = 5, repeats: int = 3, settings: Settings | None = None
) -> IngestBench:
    """Ingest `copies` renamed copies of the corpus into a scratch store and compare with raw
    embedding of the same passages, alternating the two `repeats` times; medians are reported
    because a shared 2-core machine drifts by ±20 % between runs."""
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
        scratch = replace(settings, store_dir=work / "store", chroma_url=None)
        embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
        texts = [p.text for p in chunk_articles(load([files]).articles)]
        embedder.embed(texts[:8])  # warm-up: the first ONNX run allocates
        ingest([corpus], settings=scratch, progress=False)  # warm-up: opens Chroma once
        raws, fulls, ratios = [], [], []
        passages = 0
        for _ in range(max(1, repeats)):
            begin = time.perf_counter()
            embedder.embed(texts)
            raws.append(len(texts) / (time.perf_counter() - begin))
            run = ingest([files], settings=scratch, rebuild=True, progress=False)
            passages = run.passages
            fulls.append(run.passages / run.seconds)
            ratios.append(fulls[-1] / raws[-1])
        noop = ingest([files], settings=scratch, progress=False)
        assert noop.articles == 0, "a re-ingest of unchanged files must write nothing"
        return IngestBench(
            passages=passages, raw_embed_passages_per_s=statistics.median(raws),
            ingest_passages_per_s=statistics.median(fulls), ratio=statistics.median(ratios),
            noop_reingest_s=noop.seconds, copies=copies,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
