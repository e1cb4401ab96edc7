"""The Chroma store: persistent folder, manifest, locking, and a real Chroma server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.ingestion.ingest import ingest
from qa.index.store import Store, StoreError, _chroma_settings

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
        f"{sys.executable} -m qa.frontends.cli ask 'How much was the JF-17 deal worth?' --store {mount} --json > {tmp_path}/ask.json && "
        f"{sys.executable} -m qa.frontends.cli ingest {seeds} --store {mount} --rebuild"
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


def _damage(path: Path, start_fraction: float = 0.5) -> None:
    """Overwrite 200 bytes every 8 KB of the second half of a file (pages Chroma reads lazily)."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * start_fraction) // 8192 * 8192 + 100
    for offset in range(start, len(data), 8192):
        data[offset:offset + 200] = bytes((i * 37 + offset) % 256 for i in range(200))
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def larger_store(seeds, tmp_path_factory):
    """A store large enough to have pages that Chroma reads only on demand."""
    from helpers import qa

    base = tmp_path_factory.mktemp("larger")
    corpus = base / "corpus"
    corpus.mkdir()
    for n in range(12):
        for source in seeds.iterdir():
            (corpus / f"c{n:02d}_{source.name}").write_bytes(source.read_bytes())
    assert qa("ingest", str(corpus), "--store", str(base / "store")).returncode == 0
    return corpus, base / "store"


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["inside", "truncated", "garbled", "missing"])
def test_a_damaged_store_is_one_line_and_exit_2(larger_store, tmp_path, damage):
    """Damage inside chroma.sqlite3 once ended in a traceback (exit 1) or a Rust panic that
    `except Exception` misses; every kind now gives one line, exit 2, from the CLI and the API."""
    from helpers import qa

    import qa as library
    from qa.index.store import StoreError

    corpus, original = larger_store
    store = tmp_path / "store"
    shutil.copytree(original, store)
    database = store / "chroma.sqlite3"
    if damage == "inside":
        _damage(database)
    elif damage == "truncated":
        database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    elif damage == "garbled":
        database.write_bytes(bytes(range(256)) * 64)
    else:
        shutil.rmtree(store)
    commands = [["ask", "How much was the JF-17 deal worth?"]]
    if damage != "missing":  # ingesting into a missing folder creates a store: that is not a failure
        commands.append(["ingest", str(corpus)])
    for command in commands:
        result = qa(*command, "--store", str(store))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith("qa: error:") and "Traceback" not in result.stderr and "panicked" not in result.stderr
    if damage != "missing":
        with pytest.raises(StoreError):
            library.Assistant.open(store=store).ask("How much was the JF-17 deal worth?")


def test_a_private_copy_of_a_read_only_store_goes_when_the_store_is_closed(seed_store, tmp_path):
    from dataclasses import replace as _replace

    from qa.settings import Settings

    store = Store(_replace(Settings.from_env(), store_dir=seed_store), create=False)
    copy = tmp_path / "copy-parent"
    copy.mkdir()
    store.private_copy = copy  # what _open_private_copy records
    store.close()
    assert not copy.exists()


_STORE_FACTS = (
    "import json,sys; from dataclasses import replace; from pathlib import Path;"
    "from qa.settings import Settings; from qa.index.store import Store;"
    "s=Store(replace(Settings.from_env(), store_dir=Path(sys.argv[1]), chroma_url=None), create=False);"
    "m=s.manifest(); print('FACTS', json.dumps({'count': s.count(), 'complete': all(a.complete for a in m.values()),"
    "'articles': len(m), 'generation': s.generation}))"
)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("unshare"), reason="needs util-linux unshare")
@pytest.mark.parametrize("room_kb", [600, 17_500], ids=["full-before-it-starts", "fills-half-way"])
def test_a_full_disk_stops_an_ingest_with_one_line_and_loses_nothing(seed_store, seeds, tmp_path, room_kb):
    """A store on a small tmpfs (a private mount namespace): the ingest that would fill it stops
    with one line naming the full disk and exit 2 — it does not hang in Chroma's retries — and the
    store stays complete, answerable and announces what was written (a new generation)."""
    import json

    from helpers import ROOT

    corpus = tmp_path / "more"
    corpus.mkdir()
    for n in range(30):
        for source in seeds.iterdir():
            (corpus / f"m{n:02d}_{source.name}").write_bytes(source.read_bytes())
    size_kb = sum(f.stat().st_size for f in seed_store.rglob("*") if f.is_file()) // 1024 + room_kb
    mount = tmp_path / "small"
    mount.mkdir()
    python = sys.executable
    script = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {mount} && cp -r {seed_store} {mount}/store && "
        f"{python} -c \"{_STORE_FACTS}\" {mount}/store && "
        f"{python} -m qa.frontends.cli ingest {corpus} --store {mount}/store; echo EXIT=$?; "
        f"{python} -c \"{_STORE_FACTS}\" {mount}/store; "
        f"{python} -m qa.frontends.cli ask 'How much was the JF-17 deal worth?' --store {mount}/store --json"
    )
    result = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    if "mount:" in result.stderr and "EXIT=" not in result.stdout:
        pytest.skip("mount namespaces are not available here")
    assert "EXIT=2" in result.stdout, (result.stdout[-2000:], result.stderr[-2000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("qa: error:")]
    assert len(errors) == 1 and "disk holding the store is full" in errors[0], result.stderr[-1500:]
    assert "Traceback" not in result.stderr
    before, after = (json.loads(line.split(" ", 1)[1]) for line in result.stdout.splitlines() if line.startswith("FACTS"))
    assert after["complete"] and after["count"] >= before["count"] and after["articles"] >= before["articles"]
    if room_kb > 16_384:  # room for a few articles before the disk counts as full: they went in, readers are told
        assert after["count"] > before["count"] and after["generation"] != before["generation"]
    answer = json.loads(result.stdout[result.stdout.rindex("FACTS"):].split("\n", 1)[1])
    assert "1.6 billion" in answer["answer"]
