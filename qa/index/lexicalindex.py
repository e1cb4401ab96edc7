"""The saved BM25 index of a store generation: built a page of passages at a time (by the ingest,
or by the first reader that finds none), saved beside the store, loaded by every later process.

Builders of one generation take turns under a file lock; a build cut short leaves nothing behind;
an index whose folder lacks its "complete" marker is never loaded.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bm25s.utils.corpus import JsonlCorpus
from llama_index.retrievers.bm25 import BM25Retriever

from qa.language.lexical import content_terms
from qa.index.store import Store

log = logging.getLogger(__name__)


@dataclass
class LexicalIndex:
    generation: str
    bm25: object
    corpus: Sequence[dict] = field(default_factory=list)  # a list, or the saved corpus read on demand
    document_frequency: dict[str, int] = field(default_factory=dict)  # stemmed content term → passages
    filter_fields_path: Path | None = None  # saved beside the index: what filters read of each passage
    _filter_fields: list[dict] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def filter_fields(self) -> list[dict]:
        """Per passage, the metadata date/source/article filters read; loaded on the first filtered
        question, so an unfiltered process never parses every passage."""
        with self._lock:
            if self._filter_fields is None:
                if self.filter_fields_path is not None and self.filter_fields_path.exists():
                    self._filter_fields = json.loads(self.filter_fields_path.read_text(encoding="utf-8"))
                else:
                    self._filter_fields = [_filter_fields(doc) for doc in self.corpus]
            return self._filter_fields


_FILTER_KEYS = ("date", "source", "article_id")


def _filter_fields(doc: dict) -> dict:
    meta = doc.get("metadata", doc)
    return {key: meta.get(key) for key in _FILTER_KEYS}


class _StoredCorpus(JsonlCorpus):
    """bm25s's memory-mapped corpus (a passage's JSON line is parsed only when a hit needs it; loading
    100k passages whole took 1.3 s and 440 MB at every start), read by slicing the map: its own reads
    move one shared file position, which two questions at once would race on."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, show_progress=False, save_index=False, verbosity=0)

    def __getitem__(self, index):
        if not isinstance(index, int):
            return super().__getitem__(index)  # slices and lists come back here one int at a time
        start = self.mmindex[index]
        end = self.mmap_obj.find(b"\n", start)
        return json.loads(self.mmap_obj[start:end if end >= 0 else len(self.mmap_obj)])


def lexical_index(store: Store, generation: str | None = None) -> LexicalIndex:
    """The store's BM25 index and term counts for `generation`: loaded from beside the store when
    an earlier process (normally the ingest) saved them, else built from every passage and saved.
    Building reads every passage (80 s at 100k); loading reads two arrays and the saved corpus's
    line index. Builders of one generation take turns, so the second loads what the first saved."""
    generation = generation or store.generation
    folder = _lexical_folder(store, generation)
    saved = _saved(folder, generation)
    if saved is not None:
        return saved
    with _one_builder(folder):
        saved = _saved(folder, generation)  # another process or thread built it while this one waited
        if saved is not None:
            return saved
        built = _build_into(store, generation, folder)
    if built is not None:
        return built
    # An empty store, or a folder that cannot be written (read-only, full): kept in memory only.
    return _build_lexical(store, generation)


def _saved(folder: Path, generation: str) -> LexicalIndex | None:
    if not (folder / _COMPLETE).exists():
        return None
    try:
        return _load_lexical(folder, generation)
    except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
        log.warning("BM25 index in %s cannot be read (%s); rebuilding it", folder, exc)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        return None


@contextlib.contextmanager
def _one_builder(folder: Path):
    """Hold the generation's build lock (a file lock, so across processes and threads alike): an
    ingest's final build and a web app that has just seen its new generation built the same index
    side by side, 1.2 GB each at 100k passages. Without a writable folder, no turns are taken."""
    import fcntl

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        handle = open(folder.parent / f"{_LOCK_PREFIX}{folder.name}", "a")
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # releases the lock


_LOCK_PREFIX = ".saving-lock-"  # ".saving-…": kept by `_drop_other_generations` while in use


_COMPLETE = "complete"  # written last: a folder without it is a save that was interrupted


def _lexical_folder(store: Store, generation: str):
    # For a Chroma server, this machine's cache: each reader builds a generation's index once.
    return store.settings.beside_store / "lexical" / generation


def _build_lexical(store: Store, generation: str) -> LexicalIndex:
    import Stemmer

    nodes = store.all_nodes()
    if not nodes:
        return LexicalIndex(generation=generation, bm25=None)
    built = BM25Retriever.from_defaults(nodes=nodes, stemmer=Stemmer.Stemmer("english"), language="en")
    built.bm25.corpus = built.corpus  # lets later retrievers share this index
    frequency: dict[str, int] = {}
    for node in nodes:
        for term in content_terms(node.get_content()):
            frequency[term] = frequency.get(term, 0) + 1
    log.info("BM25 index built over %d passages (generation %s)", len(nodes), generation)
    return LexicalIndex(generation=generation, bm25=built.bm25, corpus=built.corpus, document_frequency=frequency)


# Passages per Chroma read while building. At 100k passages (the build alone, peak RSS and time,
# pages read by offset): every node at once 2,365 MB / 70 s; pages of 500, 1,006 MB / 126 s;
# pages of 2,000, 1,174 MB / 87 s; read by id (`Store.node_pages`, a page of 2,000 in 0.24 s
# against 0.34 s by offset at 50,000), 1,189 MB / 80 s.
_PAGE = 2000


def _build_into(store: Store, generation: str, folder: Path) -> LexicalIndex | None:
    """Build the index a page of passages at a time and save it in `folder`, then load it from there.

    The same index as `_build_lexical` (llama-index's tokenisation of each node's text, its corpus
    entry per passage), without holding every passage as a node (about 36 KB each: the ingest's
    final step held 2.4 GB at 100k passages for them). Here a page of nodes lives at a time,
    their corpus lines go to disk and only the token ids stay. None when the store is empty, the
    folder cannot be written, or the saved index went before it could be loaded."""
    import os
    import shutil
    import tempfile

    import bm25s
    import Stemmer
    from bm25s import json_functions
    from bm25s.tokenization import Tokenized
    from bm25s.utils.corpus import find_newline_positions, save_mmindex
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import node_to_metadata_dict

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _sweep_abandoned(folder.parent)
        if folder.exists() and not (folder / _COMPLETE).exists():
            shutil.rmtree(folder)  # a removal that was cut short: never a complete index
        scratch = Path(tempfile.mkdtemp(prefix=f".saving-{os.getpid()}-", dir=folder.parent))
    except OSError as exc:
        log.info("BM25 index cannot be saved in %s (%s); building it in memory", folder, exc)
        return None
    stemmer = Stemmer.Stemmer("english")
    vocabulary: dict[str, int] = {}
    token_ids: list[list[int]] = []
    frequency: dict[str, int] = {}
    filter_fields: list[dict] = []
    try:
        with open(scratch / "corpus.jsonl", "w", encoding="utf-8") as corpus:
            for nodes in store.node_pages(_PAGE):
                page = bm25s.tokenize([node.get_content(metadata_mode=MetadataMode.EMBED) for node in nodes],
                                      stopwords="en", stemmer=stemmer, show_progress=False)
                to_global = {local: vocabulary.setdefault(token, len(vocabulary)) for token, local in page.vocab.items()}
                token_ids.extend([to_global[i] for i in doc] for doc in page.ids)
                for node in nodes:
                    entry = node_to_metadata_dict(node) | {"node_id": node.node_id}
                    corpus.write(json_functions.dumps(entry, ensure_ascii=False) + "\n")
                    filter_fields.append(_filter_fields(entry))
                    for term in content_terms(node.get_content()):
                        frequency[term] = frequency.get(term, 0) + 1
        if not token_ids:
            shutil.rmtree(scratch, ignore_errors=True)
            return None
        bm25 = bm25s.BM25()
        bm25.index(Tokenized(ids=token_ids, vocab=vocabulary), show_progress=False)
        del token_ids
        bm25.save(str(scratch), show_progress=False)
        save_mmindex(find_newline_positions(scratch / "corpus.jsonl", show_progress=False), path=scratch / "corpus.jsonl")
        (scratch / "document_frequency.json").write_text(json.dumps(frequency), encoding="utf-8")
        (scratch / _FILTER_FIELDS).write_text(json.dumps(filter_fields), encoding="utf-8")
        (scratch / _COMPLETE).write_text(generation, encoding="utf-8")
        os.replace(scratch, folder)
    except OSError as exc:  # a full disk; or another process saved this generation first
        shutil.rmtree(scratch, ignore_errors=True)
        if not (folder / _COMPLETE).exists():
            log.info("BM25 index not saved in %s (%s); building it in memory", folder, exc)
            return None
    except BaseException:  # Chroma failing mid-way, Ctrl-C: no half-written folder stays behind
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    log.info("BM25 index built over %d passages (generation %s)", len(filter_fields), generation)
    if store.generation == generation:  # else an ingest has moved on, and its index must stay
        _drop_other_generations(folder)
    try:
        return _load_lexical(folder, generation)
    except OSError:  # removed meanwhile by a process that saved a newer generation
        return None


def _sweep_abandoned(parent: Path) -> None:
    """Remove `.saving-<pid>-…` folders whose process is gone (killed mid-build)."""
    import os
    import shutil

    for other in parent.iterdir():
        if not other.name.startswith(".saving-"):
            continue
        try:
            os.kill(int(other.name.split("-")[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(other, ignore_errors=True)
        except (ValueError, IndexError, PermissionError, OSError):
            pass  # not ours to judge: another user's process, or a name of another form


def _drop_other_generations(folder: Path) -> None:
    import shutil

    for other in folder.parent.iterdir():
        if other.name.startswith(_LOCK_PREFIX):
            if other.name != _LOCK_PREFIX + folder.name:
                other.unlink(missing_ok=True)  # an old generation's: at worst it is built twice
        elif other != folder and not other.name.startswith(".saving-"):
            shutil.rmtree(other, ignore_errors=True)


_FILTER_FIELDS = "filter_fields.json"


def _load_lexical(folder, generation: str) -> LexicalIndex:
    import bm25s

    bm25 = bm25s.BM25.load(str(folder), load_corpus=False, show_progress=False)
    corpus = _StoredCorpus(folder / "corpus.jsonl")
    bm25.corpus = corpus
    frequency = json.loads((folder / "document_frequency.json").read_text(encoding="utf-8"))
    log.info("BM25 index loaded for %d passages (generation %s)", len(corpus), generation)
    return LexicalIndex(generation=generation, bm25=bm25, corpus=corpus, document_frequency=frequency,
                    filter_fields_path=folder / _FILTER_FIELDS)

