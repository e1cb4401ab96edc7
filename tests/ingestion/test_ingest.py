"""Incremental, crash-safe ingestion and its Python API."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import qa
from qa.ingestion.ingest import IngestSummary, ingest
from qa.index.modelcard import SENTENCE_VECTORS_ID
from qa.index.store import Store

from helpers import ROOT, qa as run_qa, store_facts


def _stored_sources(settings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in Store(settings, create=False).manifest().values():
        counts[record.source] = counts.get(record.source, 0) + 1
    return counts


def _assert_consistent(settings) -> None:
    """No orphan, duplicate or partial article: the store holds exactly what the manifest promises."""
    store = Store(settings, create=False)
    manifest = store.manifest()
    assert all(a.complete for a in manifest.values())
    assert store.count() == sum(a.expected_passages for a in manifest.values())


def test_first_ingest_then_noop(seed_copy, scratch_settings):
    first = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (first.articles, first.skipped, first.removed, first.errors) == (6, 0, 0, [])
    assert first.passages >= 6
    second = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (second.articles, second.passages, second.skipped, second.removed) == (0, 0, 6, 0)
    _assert_consistent(scratch_settings)


def test_changed_article_is_replaced_not_duplicated(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    before = Store(scratch_settings, create=False).count()
    path = seed_copy / "003_ab2a3f9dbd0efddb.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Future Prospects", "Future Prospects\n\n" + "A new paragraph about drills. " * 40), encoding="utf-8")
    summary = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (summary.articles, summary.skipped) == (1, 5)
    _assert_consistent(scratch_settings)
    assert Store(scratch_settings, create=False).count() > before


def test_article_gone_from_a_file_is_removed(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    path = seed_copy / "000_c8fa9c6b29247889.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Pakistan, Afghanistan border clashes")], encoding="utf-8")
    summary = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert summary.removed == 1 and summary.skipped == 5
    assert _stored_sources(scratch_settings)["000_c8fa9c6b29247889.txt"] == 1
    _assert_consistent(scratch_settings)


def test_prune_removes_deleted_files_only_when_asked(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    (seed_copy / "004_414a6a6b185ff7a0.txt").unlink()
    kept = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert kept.removed == 0 and "004_414a6a6b185ff7a0.txt" in _stored_sources(scratch_settings)
    pruned = ingest([seed_copy], settings=scratch_settings, prune=True, progress=False)
    assert pruned.removed == 1 and "004_414a6a6b185ff7a0.txt" not in _stored_sources(scratch_settings)
    _assert_consistent(scratch_settings)


def test_prune_keeps_articles_of_a_file_that_failed_to_read(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    (seed_copy / "001_79495886319c4d82.txt").write_bytes(b"\x00\x01binary now")
    summary = ingest([seed_copy], settings=scratch_settings, prune=True, progress=False)
    assert summary.removed == 0 and len(summary.errors) == 1
    assert "001_79495886319c4d82.txt" in _stored_sources(scratch_settings)


def test_rebuild_starts_afresh(seed_copy, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    again = ingest([seed_copy], settings=scratch_settings, rebuild=True, progress=False)
    assert (again.articles, again.skipped) == (6, 0)
    _assert_consistent(scratch_settings)


def test_bad_files_are_skipped_and_the_rest_ingests(seed_copy, scratch_settings):
    (seed_copy / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (seed_copy / "empty.txt").write_bytes(b"")
    (seed_copy / "latin.txt").write_bytes("Caf\xe9".encode("latin-1") * 3)
    (seed_copy / "binary.txt").write_bytes(b"abc\x00def")
    (seed_copy / "broken.html").write_text("<html><body><p>cut off <img src=", encoding="utf-8")
    (seed_copy / "huge.txt").write_text("Long line of news text. " * 50_000, encoding="utf-8")
    settings = scratch_settings.with_(max_file_bytes=500_000)
    summary = ingest([seed_copy, seed_copy / "missing.txt"], settings=settings, progress=False)
    reasons = {Path(e.file).name: e.reason for e in summary.errors}
    assert set(reasons) == {"image.png", "empty.txt", "latin.txt", "binary.txt", "broken.html", "huge.txt", "missing.txt"}
    assert "unsupported file type .png" in reasons["image.png"]
    assert "over the" in reasons["huge.txt"] and "UTF-8" in reasons["latin.txt"]
    assert summary.articles == 6 and not summary.ok


def test_python_api_matches_the_cli(seed_copy, tmp_path):
    summary = qa.ingest([seed_copy], store=tmp_path / "api-store")
    assert isinstance(summary, IngestSummary) and summary.articles == 6
    cli = run_qa("ingest", str(seed_copy), "--store", str(tmp_path / "api-store"), "--json")
    assert cli.returncode == 0, cli.stderr
    data = json.loads(cli.stdout)
    assert set(data) == set(summary.to_dict()) == {"articles", "passages", "skipped", "removed", "replaced", "errors", "seconds", "sources"}
    assert (data["articles"], data["skipped"]) == (0, 6)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BUDGET_2023 = "Budget 2023 passed\n\nThe 2023 budget set defence spending at 1.2 trillion rupees.\n"
BUDGET_2024 = "Budget 2024 passed\n\nThe 2024 budget set defence spending at 2.1 trillion rupees.\n"


def test_files_of_one_name_in_two_folders_stay_two_sources(tmp_path, scratch_settings):
    news = tmp_path / "news"
    _write(news / "2023" / "budget.txt", BUDGET_2023)
    _write(news / "2024" / "budget.txt", BUDGET_2024)
    first = ingest([news], settings=scratch_settings, progress=False)
    assert (first.articles, first.removed) == (2, 0)
    assert _stored_sources(scratch_settings) == {"2023/budget.txt": 1, "2024/budget.txt": 1}
    again = ingest([news], settings=scratch_settings, progress=False)  # no flip-flop between the two
    assert (again.articles, again.skipped, again.removed) == (0, 2, 0)
    alone = ingest([news / "2023" / "budget.txt"], settings=scratch_settings, progress=False)
    assert (alone.articles, alone.skipped) == (0, 1)  # a known file keeps its identity when given alone
    assert alone.sources == ["2023/budget.txt"]


def test_two_files_of_one_name_given_together_are_both_kept(tmp_path, scratch_settings):
    one = _write(tmp_path / "2023" / "budget.txt", BUDGET_2023)
    two = _write(tmp_path / "2024" / "budget.txt", BUDGET_2024)
    summary = ingest([one, two], settings=scratch_settings, progress=False)
    assert summary.articles == 2 and len(set(summary.sources)) == 2
    assert sum(_stored_sources(scratch_settings).values()) == 2


def test_another_file_under_a_taken_name_is_never_replaced_silently(seed_copy, tmp_path, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    count = Store(scratch_settings, create=False).count()
    other = _write(tmp_path / "elsewhere" / "000_c8fa9c6b29247889.txt", "A short note\n\nIt has two lines only.\n")
    skipped = ingest([other], settings=scratch_settings, progress=False)
    assert (skipped.articles, skipped.removed) == (0, 0) and not skipped.ok
    assert "already holds 2 article(s) of 000_c8fa9c6b29247889.txt" in skipped.errors[0].reason
    assert Store(scratch_settings, create=False).count() == count
    both = ingest([other], settings=scratch_settings, on_conflict="keep-both", progress=False)
    assert both.articles == 1 and both.sources == ["000_c8fa9c6b29247889 (2).txt"]
    assert _stored_sources(scratch_settings)["000_c8fa9c6b29247889.txt"] == 2
    other2 = _write(tmp_path / "third" / "000_c8fa9c6b29247889.txt", "Another note\n\nReplacing on purpose.\n")
    replaced = ingest([other2], settings=scratch_settings, on_conflict="replace", progress=False)
    assert (replaced.articles, replaced.replaced, replaced.removed) == (1, 1, 1)
    assert _stored_sources(scratch_settings)["000_c8fa9c6b29247889.txt"] == 1
    _assert_consistent(scratch_settings)


def test_a_moved_unchanged_file_is_no_conflict(seed_copy, tmp_path, scratch_settings):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    moved = tmp_path / "moved"
    shutil.copytree(seed_copy, moved)
    summary = ingest([moved], settings=scratch_settings, progress=False)
    assert (summary.articles, summary.skipped, summary.errors) == (0, 6, [])


def test_an_unreadable_jsonl_line_keeps_the_article_it_held(tmp_path, scratch_settings):
    lines = [json.dumps({"title": f"Item {n}", "text": f"Item {n} happened on day {n}."}) for n in range(3)]
    feed = _write(tmp_path / "feed" / "items.jsonl", "\n".join(lines) + "\n")
    assert ingest([feed.parent], settings=scratch_settings, progress=False).articles == 3
    lines[1] = '{"title": "Item 1", "text": broken'
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest([feed.parent], settings=scratch_settings, progress=False)
    assert (summary.removed, summary.articles) == (0, 0)
    assert summary.errors[0].file == "items.jsonl:2" and summary.errors[0].line == 2
    assert _stored_sources(scratch_settings) == {"items.jsonl": 3}


def test_cli_conflict_flags(seed_copy, tmp_path):
    store = tmp_path / "cli-store"
    assert run_qa("ingest", str(seed_copy), "--store", str(store)).returncode == 0
    other = _write(tmp_path / "elsewhere" / "004_414a6a6b185ff7a0.txt", "A short note\n\nIt has two lines only.\n")
    refused = run_qa("ingest", str(other), "--store", str(store))
    assert refused.returncode == 1 and "--replace" in refused.stderr and "articles: 0" in refused.stdout
    kept = run_qa("ingest", str(other), "--store", str(store), "--keep-both", "--json")
    assert json.loads(kept.stdout)["sources"] == ["004_414a6a6b185ff7a0 (2).txt"]


@pytest.mark.slow
def test_sigkill_mid_ingest_then_the_next_run_completes(seeds, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(16):  # ~340 passages: several write batches
        for source in seeds.iterdir():
            shutil.copy(source, corpus / f"c{n:02d}_{source.name}")
    store_dir = tmp_path / "store"
    victim = subprocess.Popen(
        [sys.executable, "-m", "qa.frontends.cli", "ingest", str(corpus), "--store", str(store_dir), "--json"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    facts = {"count": 0}
    while time.monotonic() < deadline and victim.poll() is None:
        facts = store_facts(store_dir)
        if facts.get("count", 0) > 0:
            break
        time.sleep(0.3)
    assert victim.poll() is None, "ingest finished before it could be killed"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL

    partial = store_facts(store_dir)
    assert 0 < partial["count"]
    resumed = run_qa("ingest", str(corpus), "--store", str(store_dir), "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["skipped"] > 0 and summary["articles"] > 0  # it finished what the killed run had not
    assert summary["skipped"] + summary["articles"] == 16 * 6
    final = store_facts(store_dir)
    assert final["articles"] == final["complete"] == 96
    assert final["count"] == final["expected"]  # no duplicate or orphan passages


@pytest.mark.slow
def test_second_concurrent_ingest_waits_then_runs(seeds, tmp_path, scratch_settings):
    store = Store(scratch_settings)
    env = {"QA_LOCK_TIMEOUT": "60"}
    with store.writer_lock():
        waiting = subprocess.Popen(
            [sys.executable, "-m", "qa.frontends.cli", "ingest", str(seeds), "--store", str(scratch_settings.store_dir), "--json"],
            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(4)
        assert waiting.poll() is None  # still waiting for the lock
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "waiting for another ingest (pid" in err
    assert json.loads(out)["articles"] == 6


@pytest.mark.slow
def test_second_concurrent_ingest_stops_with_a_clear_message(seeds, scratch_settings):
    store = Store(scratch_settings)
    with store.writer_lock():
        result = run_qa("ingest", str(seeds), "--store", str(scratch_settings.store_dir), env={"QA_LOCK_TIMEOUT": "1"})
    assert result.returncode == 2
    assert "another ingest (pid" in result.stderr and "Traceback" not in result.stderr


def test_sentence_vectors_are_stored_at_ingest_so_no_answer_is_cold(seed_store):
    """Every sentence answering weighs has a vector from the ingest: a fresh assistant, not warmed,
    embeds the question and nothing else, and its warm-up has nothing to do."""
    from qa.answering.assistant import Assistant
    from qa.index.analyses import passage_sentences

    assistant = Assistant.open(store=seed_store, generator="extractive")
    try:
        passages = [node.get_content() for node in assistant.store.all_nodes()]
        sentences = [text for analysis in assistant.analyses.get(passages).values()
                     for _, _, text in passage_sentences(analysis)]
        stored = assistant.analyses.sentence_vectors(SENTENCE_VECTORS_ID, sentences)
        assert sentences and set(stored) == set(sentences)
        # A stored vector is the sentence's word pieces pooled in its passage's run (float16 on disk).
        checked = 0
        for passage in passages:
            analysis = assistant.analyses.get([passage])[passage]
            own = [(analysis.starts[a], analysis.ends[b - 1], text) for a, b, text in passage_sentences(analysis)]
            _, (pooled,) = assistant.embedder.embed_in_context([passage], [[(a, b) for a, b, _ in own]])
            for (_, _, text), vector in zip(own, pooled):
                if sum(p.count(text) for p in passages) == 1:  # in overlapping passages, the first one's
                    assert float(stored[text] @ vector) > 0.98
                    checked += 1
        assert checked > len(set(sentences)) / 2

        embedded: list[str] = []
        real_embed = assistant.embedder.embed

        def counting(texts):
            embedded.extend(texts)
            return real_embed(texts)

        object.__setattr__(assistant.embedder, "embed", counting)
        try:
            answer = assistant.ask("How much was the JF-17 deal worth?")
        finally:
            object.__delattr__(assistant.embedder, "embed")
        assert answer.citations and embedded == ["How much was the JF-17 deal worth?"]
        assistant.warm_up()
        assistant.wait_until_warm(timeout=60)
        assert len(assistant.sentence_vectors._cache) < len(set(sentences))  # nothing warmed
    finally:
        assistant.close()
