"""The ingestion pipeline: files → articles → passages → vectors → store.

Incremental by content hash (unchanged articles are skipped), crash-safe (the store's own
metadata says which articles are complete; incomplete ones are redone), one writer at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.index.analyses import AnalysisStore, analyses_path, passage_sentences
from qa.ingestion.chunking import Chunker, ChunkingConfig, Passage
from qa.ingestion.corpus import (Article, FileProblem, LoadResult, SourceFile, article_id, discover, read_files,
                                 unused_name)
from qa.index.ledger import FileMark, Ledger, forget_ledger, ledger_path, save_ledger
from qa.index.modelcard import MAX_WORD_PIECES, MODEL_ID, SENTENCE_VECTORS_ID
from qa.index.store import Store, StoreError, StoredArticle
from qa.settings import Settings

if TYPE_CHECKING:  # the embedder and retrieval load llama-index: only an ingest that writes needs them
    from qa.index.embedding import MiniLMEmbedding

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
                    written = _write_articles(target, todo, chunker, embedder, config, progress, on_progress, analyses)
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
            from qa.index.retrieval import lexical_index

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


def _write_articles(
    store: Store,
    articles: list[Article],
    chunker: Chunker,
    embedder: MiniLMEmbedding,
    config: ChunkingConfig,
    progress: bool | None,
    on_progress: Callable[[int, int], None] | None,
    analyses: AnalysisStore,
) -> int:
    """Embed passages in length-sorted batches across many articles (padding costs ~15 % when
    batches mix lengths) and write each article whole as soon as all its vectors exist, on one
    writer thread so that a many-core machine overlaps writing with embedding."""
    passages_by_article = [(a, chunker.chunk(a)) for a in articles]
    total = sum(len(p) for _, p in passages_by_article)
    bar = _progress_bar(total, progress)
    written = 0

    def write(ready: list[tuple[Article, list[Passage], list]]) -> None:
        nonlocal written
        for article, passages, vectors in ready:
            wanted = version_hash(article, config)
            nodes = [_node(p, v.tolist(), wanted, len(passages), article) for p, v in zip(passages, vectors)]
            store.replace_article(article.id, nodes)
            written += len(passages)
            if bar is not None:
                bar.update(len(passages))
            if on_progress:
                on_progress(written, total)

    def analyse(window: list[tuple[Article, list[Passage]]]) -> dict:
        return analyses.add(passage.text for _, passages in window for passage in passages)

    windows = list(_batches(passages_by_article, _SORT_WINDOW))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-writer") as writer, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-analyser") as analyser:
        in_flight = []
        # spaCy (one core) analyses the next window while the embedder (which releases the GIL)
        # works through this one: on 2 cores the second core is otherwise idle during the analysis.
        upcoming = analyser.submit(analyse, windows[0]) if windows else None
        for at, window in enumerate(windows):
            flat = [(number, passage) for number, (_, passages) in enumerate(window) for passage in passages]
            # What answering needs per sentence, done once here: the analysis and the vector (read
            # from the passage's own model run; a sentence in two overlapping passages once).
            analysed = upcoming.result()
            if at + 1 < len(windows):
                upcoming = analyser.submit(analyse, windows[at + 1])
            spans = _sentence_spans_to_pool([passage.text for _, passage in flat], analysed, analyses)
            vectors: list = [None] * len(flat)
            missing = [len(passages) for _, passages in window]
            starts = [0]
            for count in missing[:-1]:
                starts.append(starts[-1] + count)  # an article's passages are contiguous in flat
            order = sorted(range(len(flat)), key=lambda i: len(flat[i][1].text))
            for begin in range(0, len(order), embedder.embed_batch_size):
                chosen = order[begin:begin + embedder.embed_batch_size]
                ready = []
                passage_vectors, sentence_vectors = embedder.embed_in_context(
                    [flat[i][1].text for i in chosen], [[(a, b) for a, b, _ in spans[i]] for i in chosen])
                # Stored before any article they belong to is written: a written article has them.
                _store_sentence_vectors(chosen, spans, sentence_vectors, embedder, analyses)
                for i, vector in zip(chosen, passage_vectors):
                    vectors[i] = vector
                    number = flat[i][0]
                    missing[number] -= 1
                    if missing[number] == 0:
                        ready.append(number)
                if ready:
                    in_flight.append(writer.submit(write, [_complete(window, starts, vectors, n) for n in ready]))
            for future in in_flight:
                future.result()  # re-raises a write error here
            in_flight.clear()
    if bar is not None:
        bar.close()
    return written


_SORT_WINDOW = 512  # passages embedded in one length-sorted pass (bounds memory; the first is analysed alone)


def _sentence_spans_to_pool(texts: list[str], analysed: dict, analyses: AnalysisStore) -> list[list[tuple[int, int, str]]]:
    """Per passage, (start char, end char, text) of each sentence answering weighs that has no
    stored vector yet and no earlier passage of this window to take it from."""
    sentences = [[(analysis.starts[first], analysis.ends[end - 1], text)
                  for first, end, text in passage_sentences(analysis)]
                 for analysis in (analysed[t] for t in texts)]
    unique = list(dict.fromkeys(text for spans in sentences for _, _, text in spans))
    wanted = set(analyses.without_sentence_vectors(SENTENCE_VECTORS_ID, unique))
    result = []
    for spans in sentences:
        mine = [span for span in spans if span[2] in wanted]
        wanted.difference_update(text for _, _, text in mine)
        result.append(mine)
    return result


def _store_sentence_vectors(chosen: list[int], spans, pooled: list, embedder: MiniLMEmbedding,
                            analyses: AnalysisStore) -> None:
    """Keep the pooled sentence vectors of a batch; a sentence whose word pieces never reached the
    model (a zero row: past a truncation) is embedded alone."""
    fresh = {}
    alone = []
    for i, vectors in zip(chosen, pooled):
        for (_, _, text), vector in zip(spans[i], vectors):
            if vector.any():
                fresh[text] = vector
            else:
                alone.append(text)
    if alone:
        fresh.update(zip(alone, embedder.embed(alone)))
    analyses.add_sentence_vectors(SENTENCE_VECTORS_ID, fresh)


def _complete(window, starts: list[int], vectors, number: int) -> tuple[Article, list[Passage], list]:
    article, passages = window[number]
    return article, passages, vectors[starts[number]:starts[number] + len(passages)]


def _batches(items: list[tuple[Article, list[Passage]]], size: int) -> Iterator[list[tuple[Article, list[Passage]]]]:
    """Whole articles, grouped until a group holds at least `size` passages."""
    batch: list[tuple[Article, list[Passage]]] = []
    count = 0
    for article, passages in items:
        batch.append((article, passages))
        count += len(passages)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _node(passage: Passage, vector: list[float], content_hash: str, n_passages: int, article: Article):
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    metadata = passage.metadata() | {"content_hash": content_hash, "n_passages": n_passages,
                                     "article_hash": article.content_hash, "origin": article.origin}
    return TextNode(
        id_=passage.id,
        text=passage.text,
        embedding=vector,
        metadata=metadata,
        start_char_idx=passage.start,
        end_char_idx=passage.end,
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=passage.article_id)},
        excluded_embed_metadata_keys=list(metadata),
        excluded_llm_metadata_keys=list(metadata),
    )


def _progress_bar(total: int, progress: bool | None):
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="passage", desc="ingesting", file=sys.stderr, leave=False)
