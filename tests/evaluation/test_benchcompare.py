"""`qa bench compare`: both pipelines really run on the same documents and are both measured."""

from __future__ import annotations

import json

import pytest

from helpers import qa


@pytest.mark.slow
def test_compare_runs_both_pipelines_on_the_same_documents():
    result = qa("bench", "compare", "--passages", "40", "--questions", "6", "--json", timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["articles"] >= 10 and figures["passages"] >= 30 and figures["questions"] == 6
    assert 0 < figures["peer_chunks"] < figures["passages"]  # the default splitter's chunks are larger
    assert 0 <= figures["peer_chunks_truncated"] <= figures["peer_chunks"]
    for key in ("ingest_ratio", "retrieval_ratio", "of_raw", "retrieval_p50_ms", "peer_retrieval_p50_ms"):
        assert figures[key] > 0, key
    assert figures["ingest_ratio"] == pytest.approx(figures["peer_ingest_s"] / figures["ingest_s"], rel=0.01)
    # Every synthetic question has its answer in one article: a working retriever finds most.
    assert figures["hit_at_5"] >= 0.5 and figures["peer_hit_at_5"] >= 0.5
