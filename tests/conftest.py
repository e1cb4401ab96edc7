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

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


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
    from qa.embedding import shared_embedder

    return shared_embedder(2, 32)
