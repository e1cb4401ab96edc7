"""Embedding passages and writing them to the store, article by article.

Passages are embedded in length-sorted batches; each sentence's vector is pooled from its
passage's own model run and kept with the analyses before the article it belongs to is written;
spaCy analyses the next window on a second thread while the embedder works on this one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate
from typing import TYPE_CHECKING

from qa.index.analyses import AnalysisStore, passage_sentences
from qa.index.modelcard import SENTENCE_VECTORS_ID
from qa.index.store import Store
from qa.ingestion.chunking import Chunker, Passage
from qa.ingestion.corpus import Article

if TYPE_CHECKING:  # the embedder loads llama-index: only an ingest that writes needs it
    from qa.index.embedding import MiniLMEmbedding


def write_articles(
    store: Store,
    articles: list[Article],
    chunker: Chunker,
    embedder: MiniLMEmbedding,
    content_hash_of: Callable[[Article], str],
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
            wanted = content_hash_of(article)
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
            starts = [0, *accumulate(missing[:-1])]  # an article's passages are contiguous in flat
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
