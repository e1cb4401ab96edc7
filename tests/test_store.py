"""The Chroma store: persistent folder, manifest, locking, and a real Chroma server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.ingest import ingest
from qa.store import Store, StoreError, _chroma_settings

from helpers import free_port, wait_for_port


def test_missing_store_is_a_clear_error(scratch_settings):
    with pytest.raises(StoreError, match="run `qa ingest` first"):
        Store(scratch_settings, create=False)


def test_manifest_lists_complete_articles(seeds, scratch_settings):
    summary = ingest([seeds], settings=scratch_settings, progress=False)
    store = Store(scratch_settings, create=False)
    manifest = store.manifest()
    assert len(manifest) == 6 and all(a.complete for a in manifest.values())
    assert store.count() == summary.passages == sum(a.expected_passages for a in manifest.values())
    assert {a.source for a in manifest.values()} == {p.name for p in seeds.iterdir()}


def test_store_from_another_embedder_is_refused(scratch_settings):
    import chromadb

    scratch_settings.store_dir.mkdir(parents=True)
    client = chromadb.PersistentClient(path=str(scratch_settings.store_dir), settings=_chroma_settings())
    client.create_collection(scratch_settings.collection, metadata={"embedder": "something-else"})
    del client
    with pytest.raises(StoreError, match="--rebuild"):
        Store(scratch_settings, create=True)


def test_writer_lock_refuses_a_second_writer(scratch_settings):
    first = Store(scratch_settings)
    second = Store(scratch_settings)
    with first.writer_lock():
        with pytest.raises(StoreError, match=r"another ingest \(pid \d+\)"):
            with second.writer_lock(wait_s=0.5):
                pass
    with second.writer_lock(wait_s=0.5):  # free again once the first is done
        pass


def test_unreachable_server_is_a_clear_error(scratch_settings):
    settings = replace(scratch_settings, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(settings)


@pytest.mark.slow
def test_ingest_and_query_through_a_real_chroma_server(seeds, tmp_path, embedder):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma CLI comes with chromadb"
    port = free_port()
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        from qa.settings import Settings

        settings = replace(Settings.from_env(), chroma_url=f"http://127.0.0.1:{port}", store_dir=tmp_path / "unused")
        summary = ingest([seeds], settings=settings, progress=False)
        assert (summary.articles, summary.errors) == (6, [])
        assert not (tmp_path / "unused" / "chroma.sqlite3").exists()  # nothing went to a local folder
        store = Store(settings, create=False)
        assert store.count() == summary.passages
        question = embedder.embed(["Where did the border clashes between Pakistan and Afghanistan happen?"])[0]
        hits = store.collection.query(query_embeddings=[question.tolist()], n_results=3)
        assert hits["metadatas"][0][0]["source"] == "000_c8fa9c6b29247889.txt"
        assert "Spin Boldak" in " ".join(hits["documents"][0])
        again = ingest([seeds], settings=settings, progress=False)
        assert (again.articles, again.skipped) == (0, 6)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _can_mount_read_only() -> bool:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return shutil.which("unshare") is not None and probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("unshare"), reason="needs util-linux unshare")
def test_read_only_store_answers_but_refuses_writes(seeds, tmp_path):
    """A read-only bind mount (root ignores chmod) of an ingested store: asking works, ingest
    fails with one line and exit 2."""
    if not _can_mount_read_only():
        pytest.skip("mount namespaces are not available here")
    from helpers import ROOT, qa

    store = tmp_path / "store"
    assert qa("ingest", str(seeds), "--store", str(store)).returncode == 0
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (
        f"mount --bind -o ro {store} {mount} && "
        f"{sys.executable} -m qa.cli ask 'How much was the JF-17 deal worth?' --store {mount} --json > {tmp_path}/ask.json && "
        f"{sys.executable} -m qa.cli ingest {seeds} --store {mount} --rebuild"
    )
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]  # the ingest's own line, after ask's notice
    assert last.startswith("qa: error:") and "read-only" in last
    assert "Traceback" not in result.stderr
    import json

    answer = json.loads((tmp_path / "ask.json").read_text())  # asking still works, from a private copy
    assert "1.6 billion" in answer["answer"] and not answer["abstained"]
