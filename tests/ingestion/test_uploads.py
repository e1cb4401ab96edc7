"""Uploads: checked, asked about when they would replace articles, kept beside the store, refused ones not kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.settings import Settings
from qa.ingestion.uploads import commit_upload, plan_upload, uploads_dir


@pytest.fixture
def settings(seed_store, tmp_path, monkeypatch) -> Settings:
    monkeypatch.delenv("QA_UPLOADS", raising=False)
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    return replace(Settings.from_env(), store_dir=store, chroma_url=None)


def _file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_uploads_live_beside_the_store(settings):
    assert uploads_dir(settings) == settings.store_dir / "uploads"


def test_a_wrong_type_is_refused_and_not_kept(settings, tmp_path):
    plan = plan_upload([_file(tmp_path / "in", "photo.png", "not text")], settings)
    assert plan.rejected and "unsupported file type .png" in plan.rejected[0] and not plan.files
    result = commit_upload(plan, "replace", settings)
    assert result.summary is None and not (uploads_dir(settings) / "photo.png").exists()


def test_an_unreadable_upload_is_not_kept(settings, tmp_path):
    binary = tmp_path / "in" / "renamed.txt"
    binary.parent.mkdir()
    binary.write_bytes(b"\x00\x01\x02binary")
    result = commit_upload(plan_upload([binary], settings), "replace", settings)
    assert any("binary" in m for m in result.messages) and not (uploads_dir(settings) / "renamed.txt").exists()


def test_a_name_the_store_gives_another_file_is_asked_about(settings, tmp_path):
    clash = _file(tmp_path / "in", "000_c8fa9c6b29247889.txt", "A short note\n\nIt has two lines only.\n")
    plan = plan_upload([clash], settings)
    assert plan.needs_decision and "already holds 2 article(s)" in plan.question()
    assert "/" not in plan.question().split(":", 1)[1]  # no server folder is shown to a visitor
    cancelled = commit_upload(plan, "cancel", settings)
    assert cancelled.summary is None and "cancelled" in cancelled.messages[0]
    kept = commit_upload(plan, "keep-both", settings)
    assert kept.summary.articles == 1 and (uploads_dir(settings) / "000_c8fa9c6b29247889 (2).txt").exists()


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("unshare"), reason="needs util-linux unshare")
def test_an_upload_to_a_read_only_store_says_why_and_keeps_nothing(settings, tmp_path):
    """It showed a bare red "Error" and still copied the file into uploads/."""
    from helpers import ROOT

    mount = tmp_path / "ro"
    mount.mkdir()
    upload = _file(tmp_path / "in", "note.txt", "A note\n\nSomething happened on Monday.\n")
    code = (
        "import sys; from dataclasses import replace; from pathlib import Path;"
        "from qa.settings import Settings; from qa.ingestion.uploads import plan_upload; from qa.index.store import StoreError;"
        f"s = replace(Settings.from_env(), store_dir=Path('{mount}'), chroma_url=None)\n"
        "try:\n    plan_upload([Path(sys.argv[1])], s)\nexcept StoreError as e:\n    print('REFUSED', e)"
    )
    script = f"mount --bind -o ro {settings.store_dir} {mount} && {sys.executable} -c \"{code}\" {upload}"
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    if "mount:" in result.stderr:
        pytest.skip("mount namespaces are not available here")
    assert "REFUSED" in result.stdout and "read-only" in result.stdout, (result.stdout, result.stderr)
    assert not (settings.store_dir / "uploads" / "note.txt").exists()
