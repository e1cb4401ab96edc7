"""The web app's shared assistants: kept while the store's generation stays, reopened when an
ingest changes it, and never closed under a question that is still using them."""

from __future__ import annotations

import shutil
from dataclasses import replace

from qa.frontends.assistantpool import AssistantPool
from qa.settings import Settings
from qa.index.store import Store


def _pool(seed_store, tmp_path) -> tuple[AssistantPool, Settings]:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = replace(Settings.from_env(), store_dir=store, chroma_url=None, generator="extractive")
    return AssistantPool(settings), settings


def test_the_same_generation_keeps_the_same_assistant(seed_store, tmp_path):
    pool, _ = _pool(seed_store, tmp_path)
    try:
        with pool.lease() as first:
            pass
        for _ in range(5):
            with pool.lease() as again:
                assert again is first
        assert pool.reopened == 0
    finally:
        pool.close()


def test_a_new_generation_reopens_but_a_leased_assistant_stays_open_until_released(seed_store, tmp_path):
    pool, settings = _pool(seed_store, tmp_path)
    try:
        with pool.lease() as in_flight:
            Store(settings, create=False).bump_generation()  # what an ingest by another process does
            with pool.lease() as fresh:
                assert fresh is not in_flight and pool.reopened == 1
            assert "1.6 billion" in in_flight.ask("How much was the JF-17 deal worth?").short_answer  # still usable
            assert in_flight in pool._retired
        assert in_flight not in pool._retired  # closed once its last question ended
    finally:
        pool.close()


def test_an_ingest_in_this_process_is_seen_without_a_reopen(seed_store, tmp_path):
    pool, settings = _pool(seed_store, tmp_path)
    try:
        with pool.lease():
            pass
        with pool.own_write():
            Store(settings, create=False).bump_generation()
        with pool.lease():
            pass
        assert pool.reopened == 0
    finally:
        pool.close()


def test_closing_a_retired_assistant_does_not_hold_up_the_next_question(seed_store, tmp_path, monkeypatch):
    """Closing waits for the assistant's warm-up (30 s at most, while it builds an index); it did so
    under the pool's lock, so every visitor waited too."""
    import threading

    from qa.answering.assistant import Assistant

    pool, settings = _pool(seed_store, tmp_path)
    release, closed = threading.Event(), threading.Event()
    closing = Assistant.close
    monkeypatch.setattr(Assistant, "close", lambda self: (release.wait(30), closing(self), closed.set()))
    try:
        with pool.lease():
            pass
        Store(settings, create=False).bump_generation()
        with pool.lease() as fresh:
            assert fresh.ask("How much was the JF-17 deal worth?").short_answer
        # Answered while the old assistant's close is still held (an order of events, not a timing).
        assert not closed.is_set()
    finally:
        release.set()
        pool.close()


def test_the_checked_store_is_handed_to_the_first_assistant_and_a_bad_one_fails_at_once(seed_store, tmp_path):
    """`qa serve` opens only the store before it is ready; the answering parts load afterwards."""
    import pytest

    from qa.index.store import StoreError

    pool, settings = _pool(seed_store, tmp_path)
    try:
        pool.check_store()
        checked = pool._checked
        assert checked is not None
        pool.warm_up()  # opens the default assistant in the background, with no question asked
        import time

        deadline = time.monotonic() + 120
        while not pool._assistants and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool._assistants
        with pool.lease() as assistant:
            assert assistant.store is checked  # opened once, not twice
        assert pool._checked is None
    finally:
        pool.close()
    with pytest.raises(StoreError):  # a closed pool opens nothing more (a late background open)
        with pool.lease():
            pass
    missing = AssistantPool(replace(settings, store_dir=tmp_path / "nowhere"))
    with pytest.raises(StoreError, match="no store"):
        missing.check_store()


def test_the_web_app_is_built_before_the_answering_parts_load(seed_store):
    """`qa serve` imported llama-index and opened the retriever before it said it was ready
    (1.4 s of its 4.7 s on the seeds); they now load once it is."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from qa.frontends.web import build_app; "
            "from qa.settings import Settings; "
            f"app = build_app(Settings.from_env().with_(store_dir=Path({str(seed_store)!r}))); "
            "print(sorted(m for m in ('llama_index.core', 'qa.answering.assistant') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"
