"""The ONNX MiniLM embedder behind llama-index's interface."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from qa.index.embedding import DIMENSIONS, EmbedderUnavailable, _verified


def test_is_a_llama_index_embedding(embedder):
    assert isinstance(embedder, BaseEmbedding)
    vector = embedder.get_text_embedding("Pakistan's army chief visited Baku.")
    assert len(vector) == DIMENSIONS == 384
    assert len(embedder.get_query_embedding("Who visited Baku?")) == 384


def test_vectors_are_unit_length_and_batched_in_input_order(embedder):
    texts = ["short", "a much longer sentence about defence cooperation between two countries", "mid length text"]
    batch = embedder.embed(texts)
    assert batch.shape == (3, 384)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    one_by_one = np.stack([embedder.embed([t])[0] for t in texts])
    assert np.allclose(batch, one_by_one, atol=1e-4)


def test_related_sentences_score_above_unrelated(embedder):
    a, b, c = embedder.embed([
        "The army chief met the president of Azerbaijan in Baku.",
        "Pakistan's military leader held talks with Azerbaijan's head of state.",
        "Bake the bread for forty minutes at two hundred degrees.",
    ])
    assert a @ b > 0.5 > a @ c


def test_sentences_are_read_from_their_passages_run(embedder):
    """`embed_in_context`: the passage vectors are `embed`'s, and each span's vector pools that
    span's word pieces from the same run — unit length, nearest its own sentence, and shaped by the
    passage around it (a sentence pooled in two passages gets two vectors)."""
    first = "The council approved the budget on Monday. It takes effect in March."
    second = "Fans cheered the striker all night. It takes effect in March."
    spans = [[(0, 42), (43, 68)], [(0, 35), (36, 61)]]
    assert first[43:68] == second[36:61] == "It takes effect in March."
    passages, (in_first, in_second) = embedder.embed_in_context([first, second], spans)
    assert np.allclose(passages, embedder.embed([first, second]), atol=1e-4)
    assert in_first.shape == in_second.shape == (2, 384)
    assert np.allclose(np.linalg.norm(in_first, axis=1), 1.0, atol=1e-5)
    alone = embedder.embed([first[0:42], second[0:35]])
    assert alone[0] @ in_first[0] > alone[1] @ in_first[0]
    assert alone[1] @ in_second[0] > alone[0] @ in_second[0]
    shared_in_first, shared_in_second = in_first[1], in_second[1]
    assert shared_in_first @ shared_in_second < 0.999  # the context reached the shared sentence
    assert shared_in_first @ passages[0] > shared_in_first @ passages[1]


def test_a_span_past_the_truncation_gets_a_zero_row(embedder):
    text = "word " * 300 + "The end."
    _, (vectors,) = embedder.embed_in_context([text], [[(0, 9), (len(text) - 8, len(text))]])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any()


def test_long_input_is_truncated_loudly_not_silently(embedder, caplog):
    before = embedder.truncated_texts
    vector = embedder.embed(["word " * 400])[0]
    assert embedder.truncated_texts == before + 1
    assert "truncated" in caplog.text
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


def test_corrupt_model_file_is_refused(tmp_path):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(EmbedderUnavailable, match="corrupt"):
        _verified(fake, "0" * 64)
    with pytest.raises(EmbedderUnavailable, match="missing"):
        _verified(tmp_path / "absent.onnx", "0" * 64)


def test_no_torch_in_the_environment():
    import importlib.util

    assert importlib.util.find_spec("torch") is None
