"""`qa bench scale`: the real commands on a small synthetic corpus; figures are printed, not judged."""

import json

import pytest

from helpers import qa


@pytest.mark.slow
def test_bench_scale_reports_every_figure_from_real_processes(tmp_path):
    result = qa("bench", "scale", "--passages", "30", "--questions", "5", "--json", "--out", str(tmp_path / "work"),
                timeout=900)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["passages"] >= 20 and figures["articles"] >= 5 and figures["questions"] == 5
    for key in ("ingest_s", "noop_reingest_s", "ask_cold_s", "serve_ready_s", "retrieval_p50_ms", "answer_p50_ms"):
        assert figures[key] > 0, key
    # Real processes: each loads the embedder, so its peak memory is that of a real `qa`.
    assert figures["ask_cold_peak_rss_mb"] > 100 and figures["serve_ready_rss_mb"] > 100
    assert figures["noop_reingest_s"] < figures["ingest_s"]  # nothing re-embedded
    # The folder is kept and reused: the corpus is not written again.
    assert (tmp_path / "work" / "questions.jsonl").exists() and (tmp_path / "work" / "store").is_dir()
    assert figures["backend"] == "folder" and figures["environment_mb"] > 100


@pytest.mark.slow
def test_bench_scale_runs_the_same_commands_against_a_real_chroma_server(tmp_path):
    work = tmp_path / "work"
    result = qa("bench", "scale", "--passages", "30", "--questions", "5", "--json", "--out", str(work),
                "--chroma-server", timeout=900)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["backend"] == "chroma server" and figures["passages"] >= 20
    for key in ("ingest_s", "noop_reingest_s", "ask_cold_s", "serve_ready_s", "retrieval_p50_ms", "answer_p50_ms"):
        assert figures[key] > 0, key
    assert (work / "chroma-server" / "chroma.sqlite3").exists()  # the passages went to the server
    assert not (work / "store" / "chroma.sqlite3").exists()
    # What stays on this machine went to the benchmark's own cache, with the BM25 index the ingest built.
    assert list((work / "cache" / "corpus-qa" / "servers").glob("*/lexical/*/complete"))
