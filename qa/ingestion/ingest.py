"""The ingestion pipeline: files → articles → passages → vectors → store.

Incremental by content hash (unchanged articles are skipped), crash-safe (the store's own
metadata says which articles are complete; incomplete ones are redone), one writer at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from qa.index.analyses import AnalysisStore, analyses_path
from qa.ingestion.chunking import Chunker, ChunkingConfig
from qa.ingestion.corpus import (Article, FileProblem, LoadResult, SourceFile, article_id, discover, read_files,
                                 unused_name)
from qa.index.ledger import FileMark, Ledger, forget_ledger, ledger_path, save_ledger
from qa.index.modelcard import MAX_WORD_PIECES, MODEL_ID
from qa.index.store import Store, StoreError, StoredArticle
from qa.ingestion.passagewriter import write_articles
from qa.settings import Settings

# Bump when cleaning or chunking changes what a file turns into, so stores re-ingest.
PIPELINE_VERSION = "4"  # 3: sentence vectors stored at ingest; 4: pooled in their passage's run
DEFAULT_PATHS = ("seeds",)
# What to do with a file whose identity the store already gives to another file.
ON_CONFLICT = ("skip", "replace", "keep-both")


@dataclass(frozen=True)
class Conflict:
    """A file that would take the place of another file's articles in the store."""

    file: str  # the new file
    source: str  # the identity both would have
    stored_origin: str  # where the stored articles came from ("" when the store does not know)
    stored_titles: tuple[str, ...]

    def describe(self, with_origin: bool = True) -> str:
        """`with_origin=False` for web visitors, who need not learn the server's folders."""
        where = f" from {self.stored_origin}" if self.stored_origin and with_origin else ""
        titles = "; ".join(f"“{t}”" for t in self.stored_titles[:3])
        return f"the store already holds {len(self.stored_titles)} article(s) of {self.source}{where} ({titles})"


@dataclass
class IngestSummary:
    """What one ingest did. `articles`/`passages`: written now; `skipped`: unchanged articles;
    `removed`: articles taken out of the store; `errors`: files (or lines) not ingested."""

    articles: int = 0
    passages: int = 0
    skipped: int = 0
    removed: int = 0
    replaced: int = 0  # of `articles`, how many took the place of an earlier version
    errors: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0
    sources: list[str] = field(default_factory=list)  # identities of the files read, in order

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["errors"] = [{k: v for k, v in e.items() if v not in (None, "")} for e in data["errors"]]
        return data

    def line(self) -> str:
        return (
            f"articles: {self.articles}, passages: {self.passages}, skipped: {self.skipped}, "
            f"removed: {self.removed}, replaced: {self.replaced}, errors: {len(self.errors)}, seconds: {self.seconds:.2f}"
        )

    @property
    def ok(self) -> bool:
        return not self.errors


def version_hash(article: Article, chunking: ChunkingConfig) -> str:
    """Changes when the article, the chunking or the embedder changes."""
    recipe = f"{article.content_hash}|{chunking.max_tokens}|{chunking.overlap_tokens}|{MODEL_ID}|{PIPELINE_VERSION}"
    return hashlib.sha256(recipe.encode()).hexdigest()


def ingest(
    paths: Iterable[str | Path] | None = None,
    store: str | Path | None = None,
    *,
    rebuild: bool = False,
    prune: bool = False,
    on_conflict: str = "skip",
    settings: Settings | None = None,
    progress: bool | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest `paths` (default `seeds/`) into the store; returns the same summary as `qa ingest`.

    A file is known by its path relative to the folder given (a file given alone: its name); a
    file the store already holds keeps the identity it got first. A different file that would
    take an existing identity is a conflict: `on_conflict` "skip" reports it and leaves the store
    as it is, "replace" replaces the stored articles, "keep-both" adds it under a new identity.

    Raises `StoreError` when the store cannot be opened, locked or written.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
    started = time.perf_counter()
    settings = (settings or Settings.from_env()).with_(store_dir=Path(store) if store else None)
    paths = [Path(p) for p in paths] if paths else [Path(p) for p in DEFAULT_PATHS]
    files, problems = discover(paths)

    config = ChunkingConfig(max_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap_tokens)
    target = Store(settings, create=True)
    ledger_file = ledger_path(settings)
    with target.writer_lock(on_wait=on_message):
        if rebuild:
            _forget(ledger_file, target)
            target.reset()
        ledger = target.ledger()
        stored = dict(ledger.manifest) if ledger is not None else target.manifest_from_chroma()
        recipe = _recipe(config, settings.max_file_bytes)
        marks = ledger.files if ledger is not None and ledger.recipe == recipe else {}
        files, conflicts = _settle_identities(files, stored, on_conflict)
        unchanged, to_read, seen = _unchanged_files(files, marks, stored)
        loaded = read_files(to_read, settings.max_file_bytes, problems)
        loaded.files = files
        conflicts = [c for c in conflicts if not _same_content(c, loaded.articles, stored)]
        if on_conflict == "skip" and conflicts:
            skipped = {c.source for c in conflicts}
            loaded.articles = [a for a in loaded.articles if a.source not in skipped]
            loaded.files = [f for f in loaded.files if f.source not in skipped]
            loaded.problems += [FileProblem(c.file, f"{c.describe()}; not replaced — ask again with "
                                            "--replace, or --keep-both to add it beside them", source=c.source)
                                for c in conflicts]
        summary = IngestSummary(errors=list(loaded.problems), sources=[f.source for f in loaded.files])
        todo = [a for a in loaded.articles if not _is_current(stored.get(a.id), version_hash(a, config))]
        summary.skipped = len(loaded.articles) - len(todo) + sum(len(m.articles) for m in unchanged.values())
        summary.replaced = sum(1 for a in todo if a.id in stored)
        current_ids = {a.id for a in loaded.articles} | {i for m in unchanged.values() for i, _ in m.articles}
        read_sources = {a.source for a in loaded.articles} | {m.source for m in unchanged.values()}
        stale = _stale_articles(stored, current_ids, read_sources, loaded.files, loaded.problems, paths, prune)
        # Refused before anything changes; passages overlap, and each carries a vector and metadata.
        target.ensure_space(sum(2 * len(a.text.encode()) + 8192 for a in todo))
        written = 0
        changes = bool(rebuild or todo or stale)
        if changes:
            _forget(ledger_file, target)
        try:
            target.delete_articles(stale)
            summary.removed = len(stale)
            if todo:  # the model loads only when there is something to embed
                from qa.index.embedding import shared_embedder

                embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
                chunker = Chunker(replace(config, extra_counter=embedder.count_word_pieces, extra_limit=MAX_WORD_PIECES))
                analyses = AnalysisStore(analyses_path(settings))
                try:
                    written = write_articles(target, todo, chunker, embedder, lambda a: version_hash(a, config),
                                             progress, on_progress, analyses)
                finally:
                    analyses.close()
        except BaseException:
            # A write failed half-way: readers must still see the articles that were written.
            with contextlib.suppress(StoreError):
                target.bump_generation()
            raise
        if changes:
            target.bump_generation()
            # The BM25 index and term counts of the new generation, saved beside the store, so that
            # no reader rebuilds them from every passage at its start (for a server: in this
            # machine's cache; readers elsewhere build their own once per generation).
            from qa.index.lexicalindex import lexical_index

            lexical_index(target)
        marked = unchanged | _marks(loaded, seen, config)
        if changes or ledger is None or marked != ledger.files:
            manifest = target.manifest_from_chroma() if changes else stored
            save_ledger(ledger_file, Ledger(target.generation, target.count(), recipe, manifest, marked))
        summary.articles, summary.passages = len(todo), written
    summary.seconds = time.perf_counter() - started
    return summary


def find_conflicts(paths: Iterable[str | Path], settings: Settings | None = None) -> list[Conflict]:
    """The files under `paths` that would replace another file's articles (asked before an upload)."""
    settings = settings or Settings.from_env()
    files, _ = discover([Path(p) for p in paths])
    stored = Store(settings, create=True).manifest()
    files, conflicts = _settle_identities(files, stored, "skip")
    loaded = read_files(files, settings.max_file_bytes)
    return [c for c in conflicts if not _same_content(c, loaded.articles, stored)]


def _settle_identities(files: list[SourceFile], stored: dict[str, StoredArticle],
                       on_conflict: str) -> tuple[list[SourceFile], list[Conflict]]:
    """Files the store holds keep their identity; a different file that wants a taken identity
    is a conflict (renamed under "keep-both")."""
    by_origin = {a.origin: a.source for a in stored.values() if a.origin}
    by_source: dict[str, list[StoredArticle]] = {}
    for record in stored.values():
        by_source.setdefault(record.source, []).append(record)
    settled, conflicts = [], []
    taken = set(by_source)
    for file in files:
        if file.origin in by_origin:
            settled.append(SourceFile(file.path, by_origin[file.origin]))
            continue
        holders = by_source.get(file.source, [])
        origins = {h.origin for h in holders}
        if holders and origins != {""}:  # held by another file (a store that knows no origins: the same)
            if on_conflict == "keep-both":
                file = SourceFile(file.path, unused_name(file.source, taken | {f.source for f in files}))
            else:
                conflicts.append(Conflict(file=str(file.path), source=file.source,
                                          stored_origin=next(iter(sorted(origins - {""})), ""),
                                          stored_titles=tuple(h.title for h in sorted(holders, key=lambda h: h.title))))
        taken.add(file.source)
        settled.append(file)
    return settled, conflicts


def _same_content(conflict: Conflict, articles: list[Article], stored: dict[str, StoredArticle]) -> bool:
    """A file moved or copied elsewhere, unchanged: no conflict (its articles are already there)."""
    new = sorted(a.content_hash for a in articles if a.source == conflict.source)
    old = sorted(s.article_hash for s in stored.values() if s.source == conflict.source)
    return bool(new) and new == old


def _is_current(stored: StoredArticle | None, wanted_hash: str) -> bool:
    return stored is not None and stored.complete and stored.content_hash == wanted_hash


def _recipe(config: ChunkingConfig, max_file_bytes: int) -> str:
    """What a file mark depends on besides the file: a change of any of it re-reads every file."""
    return f"{config.max_tokens}|{config.overlap_tokens}|{MODEL_ID}|{PIPELINE_VERSION}|{max_file_bytes}"


def _forget(ledger_file: Path, target: Store) -> None:
    try:
        forget_ledger(ledger_file)
    except OSError as exc:  # a ledger left behind would describe the store wrongly: write nothing
        raise StoreError(f"cannot write to the store at {target.location}: cannot remove {ledger_file} "
                         f"({exc.strerror or exc})") from None


def _unchanged_files(files: list[SourceFile], marks: dict[str, FileMark], stored: dict[str, StoredArticle]
                     ) -> tuple[dict[str, FileMark], list[SourceFile], dict[str, os.stat_result]]:
    """Files whose size and mtime are those the last ingest recorded, under the same identity, with
    every article of them stored and current: they are not read again. Returns those marks, the
    files to read, and the stat of each file to read (taken before reading it: a file changed
    while it is read gets a newer mtime than the one recorded, and is read again next time)."""
    unchanged, to_read, seen = {}, [], {}
    for file in files:
        try:
            stat = file.path.stat()
        except OSError:
            to_read.append(file)  # reading it will say what is wrong
            continue
        mark = marks.get(file.origin)
        if (mark is not None and mark.size == stat.st_size and mark.mtime_ns == stat.st_mtime_ns
                and mark.source == file.source and all(_is_current(stored.get(i), h) for i, h in mark.articles)):
            unchanged[file.origin] = mark
        else:
            to_read.append(file)
            seen[file.origin] = stat
    return unchanged, to_read, seen


def _marks(loaded: LoadResult, seen: dict[str, os.stat_result], config: ChunkingConfig) -> dict[str, FileMark]:
    """Marks for the files read now whose every article is in the store (none for a file with a
    problem, a `.jsonl` line that failed, or a file held back as a conflict)."""
    troubled = {p.source for p in loaded.problems}
    kept = {f.origin for f in loaded.files if f.source not in troubled}
    articles: dict[str, list[Article]] = {}
    for article in loaded.articles:
        articles.setdefault(article.origin, []).append(article)
    marks = {}
    for origin, stat in seen.items():
        if origin in kept and articles.get(origin):
            source = articles[origin][0].source
            marks[origin] = FileMark(stat.st_size, stat.st_mtime_ns, source,
                                     tuple((a.id, version_hash(a, config)) for a in articles[origin]))
    return marks


def _stale_articles(
    stored: dict[str, StoredArticle],
    current_ids: set[str],
    read_sources: set[str],
    files: list[SourceFile],
    problems: list[FileProblem],
    paths: list[Path],
    prune: bool,
) -> list[str]:
    """Articles to take out: gone from a file that was read again, or (with prune) of a file that
    is gone from the folders given. Never those of a file, or a `.jsonl` line, that failed to read."""
    failed_files = {p.source for p in problems if p.source and p.line is None}
    failed_lines = {article_id(p.source, p.line - 1) for p in problems if p.source and p.line is not None}
    present = {f.source for f in files}
    roots = [str(p.resolve()) for p in paths if p.is_dir()]
    stale = []
    for key, record in stored.items():
        if key in current_ids or key in failed_lines or record.source in failed_files:
            continue
        if record.source in read_sources:
            stale.append(key)
        elif prune and record.source not in present and _gone_from(record, roots):
            stale.append(key)
    return stale


def _gone_from(record: StoredArticle, roots: list[str]) -> bool:
    """The article's file was under one of the folders given and is not there any more."""
    if not record.origin:
        return True  # a store from before origins were kept: the name alone decides, as it did
    under = any(record.origin == root or record.origin.startswith(root.rstrip("/") + "/") for root in roots)
    return under and not Path(record.origin).exists()
