"""The `qa` command as a user runs it."""

from __future__ import annotations

import json

import pytest

from helpers import qa


def test_ingest_prints_a_one_line_summary(seed_copy, tmp_path):
    result = qa("ingest", str(seed_copy), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        result.stdout.strip()
    ] and result.stdout.startswith("articles: 6, passages: ")
    assert "errors: 0" in result.stdout


def test_ingest_json_and_exit_code_for_bad_files(seed_copy, tmp_path):
    (seed_copy / "bad.docx").write_bytes(b"PK\x03\x04")
    result = qa("ingest", str(seed_copy), str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s"), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["articles"] == 6
    assert sorted(e["file"].rsplit("/", 1)[-1] for e in data["errors"]) == ["bad.docx", "nope.txt"]
    assert all(e["reason"] for e in data["errors"])


def test_unusable_store_is_one_line_no_traceback(tmp_path, seeds):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = qa("ingest", str(seeds), "--store", str(blocker))
    assert result.returncode == 2
    assert result.stderr.startswith("qa: error:") and "Traceback" not in result.stderr


def test_bad_setting_is_reported(seeds, tmp_path):
    result = qa("ingest", str(seeds), "--store", str(tmp_path / "s"), env={"QA_CHUNK_TOKENS": "lots"})
    assert result.returncode == 2 and "QA_CHUNK_TOKENS must be an integer" in result.stderr


@pytest.mark.slow
def test_bench_ingest_reports_ratio_and_noop_time():
    result = qa("bench", "ingest", "--json", "--copies", "1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["passages"] > 0 and data["raw_embed_passages_per_s"] > 0
    assert 0 < data["ratio"] and data["noop_reingest_s"] > 0


def test_bytes_that_are_not_utf8_are_one_line(seed_store):
    import subprocess
    import sys

    from helpers import ROOT

    result = subprocess.run([sys.executable.encode(), b"-m", b"qa.frontends.cli", b"ask", b"Who is \xff\xfe Munir?", b"--store",
                             str(seed_store).encode()], cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 2 and b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_top_k_must_be_a_sensible_number(seed_store, value):
    result = qa("ask", "Who?", "--store", str(seed_store), "--top-k", value)
    assert result.returncode == 2 and "--top-k" in result.stderr and "Traceback" not in result.stderr


def test_help_states_the_real_default_top_k():
    assert "QA_TOP_K or 8" in " ".join(qa("ask", "--help").stdout.split())


@pytest.mark.parametrize(("after", "before", "message"), [
    ("2025-05-01", "2025-01-01", "range is empty"), ("yesterday", None, "must be a date"),
])
def test_bad_date_filters_are_one_line(seed_store, after, before, message):
    args = ["ask", "Who is the spokesman?", "--store", str(seed_store), "--after", after]
    if before:
        args += ["--before", before]
    result = qa(*args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_chat_keeps_going_on_an_empty_line_and_clears_without_a_slash(seed_store):
    result = qa("chat", "--store", str(seed_store),
                input="Who is the spokesman of the Afghan Taliban?\n\nclear\nWhat about the medal?\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "Zabihullah Mujahid" in result.stdout and "(conversation cleared)" in result.stdout
    assert result.stdout.count("Sources:") + result.stdout.count("do not contain") >= 2  # both questions answered
