"""One settings object, read from `QA_*` environment variables, with defaults that work offline."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

# Libraries below phone home unless told not to; set before any of them is imported.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with `Settings.from_env()`; override with `with_(...)`."""

    store_dir: Path = Path("store")
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 — a Chroma server instead of store_dir
    collection: str = "passages"
    max_file_bytes: int = 10 * 1024 * 1024
    chunk_tokens: int = 200  # tiktoken tokens per passage; keeps MiniLM under its 256 word pieces
    chunk_overlap_tokens: int = 40
    # Passages per model run. Length-sorted batches of 4 ran 30 % faster than 32 on 2 cores and
    # hold ~900 MB less: ONNX Runtime's arena grows with the largest batch (session 16).
    embed_batch_size: int = 4
    embed_threads: int = field(default_factory=lambda: max(1, os.cpu_count() or 1))
    lock_timeout_s: float = 30.0
    generator: str = "extractive"
    top_k: int = 8

    @classmethod
    def from_env(cls) -> "Settings":
        url = os.environ.get("QA_CHROMA_URL", "").strip() or None
        return cls(
            store_dir=Path(_env("QA_STORE", "store")),
            chroma_url=url,
            collection=_env("QA_COLLECTION", "passages"),
            max_file_bytes=_env_int("QA_MAX_FILE_BYTES", 10 * 1024 * 1024),
            chunk_tokens=_env_int("QA_CHUNK_TOKENS", 200),
            chunk_overlap_tokens=_env_int("QA_CHUNK_OVERLAP_TOKENS", 40),
            embed_batch_size=_env_int("QA_EMBED_BATCH", 4),
            embed_threads=_env_int("QA_EMBED_THREADS", max(1, os.cpu_count() or 1)),
            lock_timeout_s=_env_float("QA_LOCK_TIMEOUT", 30.0),
            generator=_env("QA_GENERATOR", "extractive"),
            top_k=_env_int("QA_TOP_K", 8),
        )

    @property
    def beside_store(self) -> Path:
        """Where the files that go with the passages live (stored analyses, BM25 index, ingest
        ledger): the store folder, or for a Chroma server this machine's cache for that server
        and collection."""
        if not self.chroma_url:
            return self.store_dir
        key = hashlib.sha256(f"{self.chroma_url}|{self.collection}".encode()).hexdigest()[:16]
        return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "corpus-qa" / "servers" / key

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
