"""A scratch store for an evaluation corpus, kept by content: `qa eval --corpus DIR` ingests the
corpus once and reuses the store while the files, the pipeline and the embedder stay the same."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from qa.ingestion.corpus import discover
from qa.index.modelcard import MODEL_ID
from qa.ingestion.ingest import PIPELINE_VERSION, IngestSummary, ingest
from qa.settings import Settings


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus's article files: a README beside them describes the corpus, it is not news."""
    files, _ = discover([corpus])
    return [f.path for f in files if not f.path.name.lower().startswith("readme")]


def corpus_digest(corpus: Path, settings: Settings) -> str:
    files, _ = discover(corpus_files(corpus))
    digest = hashlib.sha256(f"{PIPELINE_VERSION}|{MODEL_ID}|{settings.chunk_tokens}|{settings.chunk_overlap_tokens}".encode())
    for file in sorted(files, key=lambda f: f.source):
        digest.update(file.source.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(file.path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def eval_store_root() -> Path:
    base = os.environ.get("QA_EVAL_STORES") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "corpus-qa" / "eval-stores"
    return Path(base)


def corpus_store(corpus: str | Path, settings: Settings | None = None, on_message=None) -> tuple[Path, IngestSummary]:
    """The store holding exactly `corpus` (built on first use, a no-op ingest afterwards)."""
    settings = settings or Settings.from_env()
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"no corpus folder at {corpus}")
    folder = eval_store_root() / f"{corpus.resolve().name}-{corpus_digest(corpus, settings)}"
    summary = ingest(corpus_files(corpus), settings=replace(settings, store_dir=folder, chroma_url=None), progress=None,
                     on_message=on_message)
    return folder, summary
