"""The Chroma store: a persistent folder (`store/`) or a Chroma server by URL.

Passages are written as llama-index nodes through `ChromaVectorStore`, so retrieval reads
them back with the same library. Each passage carries its article's content hash and
passage count: that metadata is the manifest, so the store itself says which articles are
complete — a crash between two writes leaves nothing a later run cannot detect and repair.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from qa.index.modelcard import MODEL_ID
from qa.settings import Settings


# Below this much free space a failed write is put down to a full disk (a batch of passages with
# their embeddings and index updates takes a few MB).
_LOW_SPACE_BYTES = 16 * 1024 * 1024


class StoreError(RuntimeError):
    """The store cannot be used; the message says why and what to do."""


def is_panic(exc: BaseException) -> bool:
    """Chroma's Rust core reports some failures as `pyo3_runtime.PanicException`, a BaseException
    that `except Exception` lets through."""
    return type(exc).__name__ == "PanicException"


@contextmanager
def chroma_failures(doing: str, advice: str = "", panic_advice: str | None = None,
                    describe=None) -> Iterator[None]:
    """Any failure of Chroma becomes a `StoreError` of one line ("<doing>: <why><advice>"): Chroma
    raises many kinds, and its Rust core panics with a BaseException that `except Exception` misses."""
    describe = describe or _describe
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"{doing}: {describe(exc)}{advice}") from exc
    except BaseException as exc:
        if is_panic(exc):
            more = advice if panic_advice is None else panic_advice
            raise StoreError(f"{doing}: Chroma failed inside ({describe(exc)}){more}") from None
        raise


def reading(location: str):
    """Any failure of Chroma while reading becomes a `StoreError` with one line a person can act on."""
    return chroma_failures(f"cannot read the store at {location}",
                           "; it may be damaged — rebuild it with `qa ingest --rebuild` or restore a copy")


@dataclass(frozen=True)
class StoredArticle:
    """What the store holds of one article (built from its passages' metadata)."""

    article_id: str
    source: str
    title: str
    date: str | None
    content_hash: str
    expected_passages: int
    present_passages: int
    origin: str = ""  # absolute path of the file it came from ("" in stores written before it was kept)
    article_hash: str = ""  # the article's own content hash (`content_hash` also covers chunking)

    @property
    def complete(self) -> bool:
        return self.present_passages == self.expected_passages


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=True)


class Store:
    """One Chroma collection of passages. Open a fresh `Store` to see another writer's vectors."""

    def __init__(self, settings: Settings, create: bool = True) -> None:
        self.settings = settings
        self.location = settings.chroma_url or str(settings.store_dir)
        try:
            with chroma_failures(f"cannot open the store at {self.location}", panic_advice="; it may be damaged — "
                                 "rebuild it with `qa ingest --rebuild`"):
                self.client = self._client(settings, create)
                self.collection = self._collection(create)
        except StoreError as error:
            if not create and not settings.chroma_url and "readonly" in str(error.__cause__).lower():
                self._open_private_copy(settings)  # Chroma writes even to read; read a copy instead
                return
            raise

    @staticmethod
    def _client(settings: Settings, create: bool):
        import chromadb

        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if not url.hostname:
                raise StoreError(f"QA_CHROMA_URL is not a URL: {settings.chroma_url!r}")
            return chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https", settings=_chroma_settings(),
            )
        store_dir = settings.store_dir
        if not create and not (store_dir / "chroma.sqlite3").exists():
            raise StoreError(f"no store at {store_dir}/: run `qa ingest` first")
        store_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(store_dir), settings=_chroma_settings())

    def _open_private_copy(self, settings: Settings) -> None:
        import atexit
        import logging
        import tempfile
        from dataclasses import replace

        copy = Path(tempfile.mkdtemp(prefix="qa-readonly-store-")) / "store"
        shutil.copytree(settings.store_dir, copy, ignore=shutil.ignore_patterns(".ingest-*.lock"))
        atexit.register(shutil.rmtree, copy.parent, True)
        logging.getLogger(__name__).warning("store %s is read-only: answering from a private copy", settings.store_dir)
        reopened = Store(replace(settings, store_dir=copy), create=False)
        self.settings, self.client, self.collection = reopened.settings, reopened.client, reopened.collection
        self.private_copy = copy.parent  # removed by close(), or at exit
        self.read_only_source = settings.store_dir

    def _collection(self, create: bool):
        name = self.settings.collection
        if not create:
            try:
                collection = self.client.get_collection(name, embedding_function=None)
            except Exception:
                raise StoreError(f"the store at {self.location} has no passages yet: run `qa ingest` first") from None
        else:
            collection = self.client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine", "embedder": MODEL_ID}, embedding_function=None
            )
        embedder = (collection.metadata or {}).get("embedder")
        if embedder != MODEL_ID:
            raise StoreError(
                f"the store was built with embedder {embedder!r}, not {MODEL_ID!r}: re-run `qa ingest --rebuild`"
            )
        return collection

    def detach(self) -> None:
        """Let the next `Store` of this folder open a Chroma system of its own (one that sees what
        other processes wrote since), while this one keeps serving the questions in flight."""
        if self.settings.chroma_url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient as Shared

        identifier = self.client._identifier
        with Shared._refcount_lock:
            self._detached_system = Shared._identifier_to_system.pop(identifier, None)
            Shared._identifier_to_refcount.pop(identifier, None)

    def close(self) -> None:
        """Release the Chroma client (its threads and file handles once no other client shares them)."""
        detached = getattr(self, "_detached_system", None)
        try:
            if detached is not None:
                self._detached_system = None
                detached.stop()
            elif not getattr(self.client, "_closed", True):
                self.client.close()
        except Exception:  # closing is best effort: the process may be going down
            pass
        copy = getattr(self, "private_copy", None)
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
            self.private_copy = None

    @property
    def vector_store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    def count(self) -> int:
        with reading(self.location):
            return self.collection.count()

    def manifest(self) -> dict[str, StoredArticle]:
        """Every article in the store, with how many of its passages are present: from the ledger
        the last ingest saved when it still describes the store, else from every passage."""
        ledger = self.ledger()
        return dict(ledger.manifest) if ledger is not None else self.manifest_from_chroma()

    def ledger(self):
        """The last ingest's ledger (`qa.index.ledger`) if the store has not changed since; else None."""
        from qa.index.ledger import ledger_path, load_ledger

        return load_ledger(ledger_path(self.settings), self.generation, self.count())

    def manifest_from_chroma(self) -> dict[str, StoredArticle]:
        """The manifest as the passages' metadata says it, now."""
        seen: dict[str, dict] = {}
        counts: dict[str, dict[str, int]] = {}  # article → content hash → passages
        for meta in self._all_metadata():
            article_id, content_hash = str(meta.get("article_id")), str(meta.get("content_hash"))
            per_hash = counts.setdefault(article_id, {})
            per_hash[content_hash] = per_hash.get(content_hash, 0) + 1
            seen.setdefault(article_id, meta)
        manifest = {}
        for article_id, meta in seen.items():  # (metadata already read through `reading`)
            hashes = counts[article_id]
            # Passages of two versions of one article: a write was cut short; never complete.
            present = hashes[str(meta.get("content_hash"))] if len(hashes) == 1 else -1
            manifest[article_id] = StoredArticle(
                article_id=article_id, source=str(meta.get("source", "")), title=str(meta.get("title", "")),
                date=meta.get("date") or None, content_hash=str(meta.get("content_hash", "")),
                expected_passages=int(meta.get("n_passages", 0)), present_passages=present,
                origin=str(meta.get("origin") or ""), article_hash=str(meta.get("article_hash") or ""),
            )
        return manifest

    def all_nodes(self, page: int = 5000) -> list:
        """Every passage as a llama-index node (about 36 KB each in memory: for small stores)."""
        return [node for nodes in self.node_pages(page) for node in nodes]

    def node_pages(self, page: int = 5000) -> Iterator[list]:
        """Every passage as a llama-index node, a page at a time, in the store's order. The ids
        are read first: pages read by offset skip or repeat passages an ingest replaces meanwhile,
        and each offset read walks past all the rows before it."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        with reading(self.location):
            ids = self.collection.get(include=[])["ids"]
        for begin in range(0, len(ids), page):
            wanted = ids[begin:begin + page]
            with reading(self.location):
                batch = self.collection.get(ids=wanted, include=["documents", "metadatas"])
            found = {i: (text, meta) for i, text, meta in
                     zip(batch.get("ids") or [], batch.get("documents") or [], batch.get("metadatas") or [])}
            nodes = [metadata_dict_to_node(found[i][1], text=found[i][0]) for i in wanted if i in found]
            if nodes:
                yield nodes

    def _all_metadata(self, page: int = 5000) -> Iterator[dict]:
        offset = 0
        while True:
            with reading(self.location):
                batch = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            metadatas = batch.get("metadatas") or []
            yield from (m or {} for m in metadatas)
            if len(metadatas) < page:
                return
            offset += page

    def replace_article(self, article_id: str, nodes: list) -> None:
        """Remove any passages of the article, then add the new ones (nodes carry embeddings)."""
        self.ensure_space(sum(len(node.get_content()) + 4 * len(node.embedding or ()) + 2048 for node in nodes))
        self.delete_articles([article_id])
        if nodes:
            self._write(lambda: self.vector_store.add(nodes))

    def delete_articles(self, article_ids: list[str]) -> None:
        if article_ids:
            self._write(lambda: self.collection.delete(where={"article_id": {"$in": list(article_ids)}}))

    @property
    def generation(self) -> str:
        """Changes whenever an ingest changes the passages; readers compare it to stay fresh."""
        with reading(self.location):
            fresh = self.client.get_collection(self.settings.collection, embedding_function=None)  # metadata is a snapshot
        return str((fresh.metadata or {}).get("generation", "0"))

    def bump_generation(self) -> None:
        import uuid

        # Chroma refuses a metadata update that repeats the hnsw settings; they are kept anyway.
        kept = {k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")}
        self._write(lambda: self.collection.modify(metadata=kept | {"generation": uuid.uuid4().hex}))

    def reset(self) -> None:
        """Drop every passage (`--rebuild`)."""
        def drop():
            self.client.delete_collection(self.settings.collection)
            self.collection = self._collection(create=True)
        self._write(drop)

    def _write(self, action) -> None:
        with chroma_failures(f"cannot write to the store at {self.location}", panic_advice="; nothing more was written",
                             describe=self._why_write_failed):
            action()

    def ensure_space(self, payload_bytes: int) -> None:
        """Refuse a write the store's disk cannot hold before it starts: on a full disk Chroma's
        sqlite layer retries forever instead of failing, and a replaced article would lose its
        old passages half-way."""
        free = self._free_bytes()
        needed = max(_LOW_SPACE_BYTES, 4 * payload_bytes)  # sqlite's journal, full-text index and HNSW copy it
        if free is not None and free < needed:
            raise StoreError(f"cannot write to the store at {self.location}: the disk holding the store is full "
                             f"({free // 1024} KiB free, about {needed // 1024} KiB needed); free some space and "
                             "run the ingest again — what was stored before is kept")

    def _why_write_failed(self, exc: BaseException) -> str:
        """Chroma reports a full disk as a compaction or sqlite error that never says so; the free
        space of the store's disk does."""
        described = _describe(exc)
        free = self._free_bytes()
        if free is not None and free < _LOW_SPACE_BYTES:
            return (f"the disk holding the store is full ({free // 1024} KiB free; {described}); "
                    "free some space and run the ingest again — what was stored before is kept")
        return described

    def _free_bytes(self) -> int | None:
        """Free space on the store's disk; None for a Chroma server or when it cannot be known."""
        if self.settings.chroma_url is not None:
            return None
        try:
            return shutil.disk_usage(self.settings.store_dir).free
        except OSError:
            return None

    @contextmanager
    def writer_lock(self, wait_s: float | None = None, on_wait=None) -> Iterator[None]:
        """One ingest at a time per store; a second waits up to `wait_s`, then stops."""
        wait_s = self.settings.lock_timeout_s if wait_s is None else wait_s
        path = self._lock_path()
        try:
            handle = open(path, "a+")
        except OSError as exc:
            raise StoreError(f"cannot create the ingest lock {path}: {exc.strerror}") from None
        try:
            deadline = time.monotonic() + wait_s
            told = False
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    holder = _read_holder(path)
                    if time.monotonic() >= deadline:
                        raise StoreError(
                            f"another ingest{holder} is writing to {self.location}; "
                            f"waited {wait_s:.0f} s — try again when it has finished"
                        ) from None
                    if on_wait and not told:
                        on_wait(f"waiting for another ingest{holder} to finish (up to {wait_s:.0f} s)…")
                        told = True
                    time.sleep(0.2)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.close()  # closing releases the lock, also when the process is killed

    def _lock_path(self) -> Path:
        folder = self.settings.beside_store  # for a server: one lock per machine (this cache)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f".ingest-{self.settings.collection}.lock"


def _read_holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "readonly" in text.lower() or "read-only" in text.lower() or "permission" in text.lower():
        return f"{text} (is the folder read-only?)"
    if "connect" in text.lower():
        return f"{text} (is the Chroma server running?)"
    return text


def open_ingested(settings: Settings) -> Store:
    """The store of `settings` opened for reading; one that is missing or holds no passages yet is
    refused with what to do (the web app's start and every assistant open it this way)."""
    opened = Store(settings, create=False)
    if opened.count() == 0:
        opened.close()
        raise StoreError(f"the store at {opened.location} has no passages yet: run `qa ingest` first")
    return opened
