"""The ingest ledger: a no-op re-ingest reads neither the files nor every passage's metadata, and
the ledger is never trusted once the store may have changed without it."""

from __future__ import annotations

import os

import pytest

import qa.ingestion.ingest as ingest_module
from qa.index.ledger import ledger_path
from qa.index.store import Store
from qa.ingestion.ingest import ingest


@pytest.fixture
def files_read(monkeypatch) -> list[str]:
    """The names of the files each ingest reads, in order."""
    read: list[str] = []
    real = ingest_module.read_files

    def recording(files, *args, **kwargs):
        read.extend(f.path.name for f in files)
        return real(files, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "read_files", recording)
    return read


def _refuse_chroma_manifest(monkeypatch) -> None:
    def refuse(self):
        raise AssertionError("the manifest was read from every passage")

    monkeypatch.setattr(Store, "manifest_from_chroma", refuse)


def test_a_noop_reingest_reads_no_file_and_no_passage_metadata(seed_copy, scratch_settings, files_read, monkeypatch):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    assert len(files_read) == 5 and ledger_path(scratch_settings).exists()
    files_read.clear()
    _refuse_chroma_manifest(monkeypatch)
    again = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (again.articles, again.skipped, again.errors) == (0, 6, [])
    assert files_read == []
    assert len(again.sources) == 5  # the files are still reported as looked at


def test_a_touched_file_is_read_again_but_not_embedded_again(seed_copy, scratch_settings, files_read):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    files_read.clear()
    touched = sorted(seed_copy.iterdir())[1]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1_000_000))
    again = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert files_read == [touched.name]
    assert (again.articles, again.skipped) == (0, 6)
    files_read.clear()
    ingest([seed_copy], settings=scratch_settings, progress=False)
    assert files_read == []  # its new mtime was recorded


def test_an_edited_file_of_the_same_size_is_ingested_again(seed_copy, scratch_settings, files_read):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    path = seed_copy / "003_ab2a3f9dbd0efddb.txt"
    text = path.read_text(encoding="utf-8")
    assert "Future Prospects" in text
    path.write_text(text.replace("Future Prospects", "Further Prospects"), encoding="utf-8")  # one byte more
    path.write_text(text.replace("Future Prospects", "Future Prospectz"), encoding="utf-8")  # same size
    again = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (again.articles, again.skipped) == (1, 5)
    assert any("Prospectz" in node.get_content() for node in Store(scratch_settings, create=False).all_nodes())


def test_a_write_that_fails_leaves_no_ledger_to_trust(seed_copy, scratch_settings, monkeypatch):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    path = seed_copy / "003_ab2a3f9dbd0efddb.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA closing paragraph added later.\n", encoding="utf-8")

    def fail(store, articles, *rest):
        store.delete_articles([articles[0].id])  # half-way: the old passages are gone
        raise OSError("disk went away")

    with monkeypatch.context() as patch:
        patch.setattr(ingest_module, "write_articles", fail)
        with pytest.raises(OSError):
            ingest([seed_copy], settings=scratch_settings, progress=False)
    assert not ledger_path(scratch_settings).exists()
    store = Store(scratch_settings, create=False)
    assert len(store.manifest()) == 5  # from the passages: the article cut short is not there
    again = ingest([seed_copy], settings=scratch_settings, progress=False)
    assert (again.articles, again.skipped) == (1, 5)


def test_a_ledger_of_another_generation_or_a_damaged_one_is_not_trusted(seed_copy, scratch_settings, monkeypatch):
    ingest([seed_copy], settings=scratch_settings, progress=False)
    store = Store(scratch_settings, create=False)
    assert store.ledger() is not None
    store.bump_generation()  # as another writer would, having changed the passages
    assert Store(scratch_settings, create=False).ledger() is None
    ingest([seed_copy], settings=scratch_settings, progress=False)  # saves a ledger again
    assert Store(scratch_settings, create=False).ledger() is not None
    ledger_path(scratch_settings).write_bytes(b"\x00{not json")
    fresh = Store(scratch_settings, create=False)
    assert fresh.ledger() is None and len(fresh.manifest()) == 6
