"""The ingestion pipeline: files → articles → passages → vectors → store.

Incremental by content hash (unchanged articles are skipped), crash-safe (the store's own
metadata says which articles are complete; incomplete ones are redone), one writer at a time.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from qa.chunking import Chunker, ChunkingConfig, Passage
from qa.corpus import Article, FileProblem, load
from qa.embedding import MAX_WORD_PIECES, MODEL_ID, MiniLMEmbedding, shared_embedder
from qa.settings import Settings
from qa.store import Store, StoredArticle

# Bump when cleaning or chunking changes what a file turns into, so stores re-ingest.
PIPELINE_VERSION = "1"
DEFAULT_PATHS = ("seeds",)


@dataclass
class IngestSummary:
    """What one ingest did. `articles`/`passages`: written now; `skipped`: unchanged articles;
    `removed`: articles taken out of the store; `errors`: files (or lines) not ingested."""

    articles: int = 0
    passages: int = 0
    skipped: int = 0
    removed: int = 0
    errors: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data

    def line(self) -> str:
        return (
            f"articles: {self.articles}, passages: {self.passages}, skipped: {self.skipped}, "
            f"removed: {self.removed}, errors: {len(self.errors)}, seconds: {self.seconds:.2f}"
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
    settings: Settings | None = None,
    progress: bool | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest `paths` (default `seeds/`) into the store; returns the same summary as `qa ingest`.

    Raises `StoreError` when the store cannot be opened, locked or written.
    """
    started = time.perf_counter()
    settings = (settings or Settings.from_env()).with_(store_dir=Path(store) if store else None)
    paths = list(paths) if paths else list(DEFAULT_PATHS)
    loaded = load(paths, max_bytes=settings.max_file_bytes)
    summary = IngestSummary(errors=list(loaded.problems))

    config = ChunkingConfig(max_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap_tokens)
    target = Store(settings, create=True)
    with target.writer_lock(on_wait=on_message):
        if rebuild:
            target.reset()
        stored = target.manifest()
        todo = [a for a in loaded.articles if not _is_current(stored.get(a.id), version_hash(a, config))]
        summary.skipped = len(loaded.articles) - len(todo)
        stale = _stale_articles(stored, loaded.articles, loaded.files, loaded.problems, prune)
        target.delete_articles(stale)
        summary.removed = len(stale)
        written = 0
        if todo:  # the model loads only when there is something to embed
            embedder = shared_embedder(settings.embed_threads, settings.embed_batch_size)
            chunker = Chunker(replace(config, extra_counter=embedder.count_word_pieces, extra_limit=MAX_WORD_PIECES))
            written = _write_articles(target, todo, chunker, embedder, config, progress, on_progress)
        summary.articles, summary.passages = len(todo), written
        if rebuild or todo or stale:
            target.bump_generation()
    summary.seconds = time.perf_counter() - started
    return summary


def _is_current(stored: StoredArticle | None, wanted_hash: str) -> bool:
    return stored is not None and stored.complete and stored.content_hash == wanted_hash


def _stale_articles(
    stored: dict[str, StoredArticle],
    articles: list[Article],
    files: list[Path],
    problems: list[FileProblem],
    prune: bool,
) -> list[str]:
    """Articles to take out: gone from a file that was read again, or (with prune) from a file that is gone."""
    current_ids = {a.id for a in articles}
    read_sources = {a.source for a in articles}
    failed_sources = {Path(p.file.split(":")[0]).name for p in problems}
    present_sources = {f.name for f in files} | failed_sources  # a file that failed to read is not deleted
    stale = []
    for article_id, record in stored.items():
        if article_id in current_ids:
            continue
        if record.source in read_sources or (prune and record.source not in present_sources):
            stale.append(article_id)
    return stale


def _write_articles(
    store: Store,
    articles: list[Article],
    chunker: Chunker,
    embedder: MiniLMEmbedding,
    config: ChunkingConfig,
    progress: bool | None,
    on_progress: Callable[[int, int], None] | None,
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
            nodes = [_node(p, v.tolist(), wanted, len(passages)) for p, v in zip(passages, vectors)]
            store.replace_article(article.id, nodes)
            written += len(passages)
            if bar is not None:
                bar.update(len(passages))
            if on_progress:
                on_progress(written, total)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-writer") as writer:
        in_flight = []
        for window in _batches(passages_by_article, _SORT_WINDOW):
            flat = [(number, passage) for number, (_, passages) in enumerate(window) for passage in passages]
            vectors: list = [None] * len(flat)
            missing = [len(passages) for _, passages in window]
            starts = [0]
            for count in missing[:-1]:
                starts.append(starts[-1] + count)  # an article's passages are contiguous in flat
            order = sorted(range(len(flat)), key=lambda i: len(flat[i][1].text))
            for begin in range(0, len(order), embedder.embed_batch_size):
                chosen = order[begin:begin + embedder.embed_batch_size]
                ready = []
                for i, vector in zip(chosen, embedder.embed([flat[i][1].text for i in chosen])):
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


_SORT_WINDOW = 2048  # passages embedded in one length-sorted pass (bounds memory)


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


def _node(passage: Passage, vector: list[float], content_hash: str, n_passages: int):
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    metadata = passage.metadata() | {"content_hash": content_hash, "n_passages": n_passages}
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
