"""Files → `Article`s: reading, validating and cleaning the corpus.

Supported: `.txt`, `.md`, `.html`/`.htm`, `.jsonl` (one article per line: title, text,
optional date and url). A file that cannot be read yields a `FileProblem` with a reason
a person can act on; it never stops the other files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from qa.language.dates import parse_date
from qa.ingestion.markup import MarkupError, parse_html, parse_markdown
from qa.ingestion.textclean import Draft, paragraphs_from_text, split_articles

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Article:
    """One clean article. `text` starts with the title and holds every body sentence."""

    id: str
    title: str
    text: str
    source: str  # path relative to the ingest root ("2024/budget.txt"); a file's articles share it
    date: str | None = None  # ISO YYYY-MM-DD, where the page states one
    dateline: str | None = None  # e.g. "ISLAMABAD"
    url: str | None = None
    ordinal: int = 0  # position within its file
    origin: str = ""  # the file's absolute path: tells two files of one name apart across ingests

    @property
    def content_hash(self) -> str:
        payload = json.dumps(
            [self.title, self.text, self.source, self.date, self.dateline, self.url],  # not origin: a moved file is unchanged
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FileProblem:
    file: str
    reason: str
    line: int | None = None  # the line of a `.jsonl` file, when only that line failed
    source: str = ""  # the file's identity in the store (empty when it has none: a missing path)


@dataclass(frozen=True)
class SourceFile:
    """A file to read and the identity its articles get: its path relative to the folder it was
    found under (a file given by itself: its name)."""

    path: Path
    source: str

    @cached_property  # resolving a path is a system call per folder level, and it is asked often
    def origin(self) -> str:
        return str(self.path.resolve())


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)  # every file looked at, readable or not


class CorpusError(Exception):
    """A file that cannot become articles; the message is the reason."""


def article_id(source: str, ordinal: int) -> str:
    """Stable across runs: the same file position keeps its id while its text changes."""
    return hashlib.sha256(f"{source}#{ordinal}".encode("utf-8")).hexdigest()[:16]


def discover(paths: list[str | Path]) -> tuple[list[SourceFile], list[FileProblem]]:
    """Expand folders (recursively, hidden files skipped) and report paths that do not exist.

    A file's identity is its path relative to the folder given ("2023/budget.txt" and
    "2024/budget.txt" stay two sources); a file given by itself is known by its name. Two files
    of one run that would share an identity are told apart by their parent folders."""
    files: list[SourceFile] = []
    problems: list[FileProblem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                hidden = any(part.startswith(".") for part in relative.parts)
                if child.is_file() and not hidden and child.resolve() not in seen:
                    seen.add(child.resolve())
                    files.append(SourceFile(child, relative.as_posix()))
        elif path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(SourceFile(path, path.name))
        elif path.exists():
            problems.append(FileProblem(str(path), "not a regular file"))
        else:
            problems.append(FileProblem(str(path), "no such file or directory"))
    return _distinct(files), problems


def _distinct(files: list[SourceFile]) -> list[SourceFile]:
    """Files of one run that share an identity get their parent folders in front until unique."""
    taken: dict[str, int] = {}
    for file in files:
        taken[file.source] = taken.get(file.source, 0) + 1
    if all(count == 1 for count in taken.values()):
        return files
    result, used = [], {f.source for f in files if taken[f.source] == 1}
    for file in files:
        source = file.source
        if taken[source] > 1:
            parents = file.path.resolve().parent.parts[1:]
            depth = len(Path(source).parts) - 1
            while source in used and depth < len(parents):
                depth += 1
                source = "/".join(parents[len(parents) - depth:]) + "/" + file.path.name
            source = unused_name(source, used)
        used.add(source)
        result.append(SourceFile(file.path, source))
    return result


def unused_name(source: str, taken: set[str]) -> str:
    """`source`, or "name (2).txt", "name (3).txt"… — the first that is not taken."""
    if source not in taken:
        return source
    stem, dot, suffix = source.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot and "/" not in suffix else (source, "")
    number = 2
    while f"{stem} ({number}){suffix}" in taken:
        number += 1
    return f"{stem} ({number}){suffix}"


def load(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
         identities: dict[str, str] | None = None) -> LoadResult:
    """Every article under `paths`, and a problem for each file that could not be read.
    `identities`: origin → source for files the store already knows (they keep their identity)."""
    files, problems = discover(paths)
    if identities:
        files = [SourceFile(f.path, identities.get(f.origin, f.source)) for f in files]
    return read_files(files, max_bytes, problems)


def read_files(files: list[SourceFile], max_bytes: int = DEFAULT_MAX_BYTES,
               problems: list[FileProblem] | None = None) -> LoadResult:
    result = LoadResult(problems=list(problems or []), files=files)
    for file in files:
        try:
            articles, line_problems = read_file(file.path, max_bytes=max_bytes, source=file.source)
        except CorpusError as exc:
            result.problems.append(FileProblem(str(file.path), str(exc), source=file.source))
            continue
        result.articles.extend(replace(a, origin=file.origin) for a in articles)
        result.problems.extend(line_problems)
    return result


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> tuple[list[Article], list[FileProblem]]:
    """Articles of one file, plus problems with single lines of a `.jsonl` file."""
    text = _read_text(path, max_bytes)
    suffix = path.suffix.lower()
    source = source or path.name
    if suffix == ".jsonl":
        return _read_jsonl(text, source)
    if suffix in (".html", ".htm"):
        try:
            page = parse_html(text)
        except MarkupError as exc:
            raise CorpusError(str(exc)) from exc
        drafts = split_articles(page.paragraphs, title_hint=page.title)
        date, url = page.date, page.url
    elif suffix == ".md":
        page = parse_markdown(text)
        drafts = split_articles(page.paragraphs, title_hint=page.title)
        date, url = page.date, page.url
    else:
        drafts = split_articles(paragraphs_from_text(text))
        date = url = None
    articles = [
        _to_article(draft, source, ordinal, date=draft.date or date, url=url)
        for ordinal, draft in enumerate(drafts)
    ]
    articles = [a for a in articles if a.text.strip()]
    if not articles:
        raise CorpusError("no article text found (only boilerplate or whitespace)")
    return articles, []


def _read_text(path: Path, max_bytes: int) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        raise CorpusError(f"unsupported file type {shown}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size == 0:
            raise CorpusError("file is empty")
        if size > max_bytes:
            raise CorpusError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit (QA_MAX_FILE_BYTES)"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise CorpusError("cannot read file: permission denied") from None
    except IsADirectoryError:
        raise CorpusError("is a directory, not a file") from None
    except OSError as exc:
        raise CorpusError(f"cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in data[:8192]:
        raise CorpusError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8"
        ) from None
    if not text.strip():
        raise CorpusError("file is empty (only whitespace)")
    return text


def _read_jsonl(text: str, source: str) -> tuple[list[Article], list[FileProblem]]:
    articles: list[Article] = []
    problems: list[FileProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"

        def problem(reason: str, kept: bool = False) -> None:
            # A line kept (with a warning) is read; a failed one keeps what the store held for it.
            problems.append(FileProblem(where, reason, line=None if kept else number, source=source))

        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problem(f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            problem("each line must be a JSON object")
            continue
        title, body = record.get("title"), record.get("text")
        if not isinstance(title, str) or not title.strip():
            problem("missing or empty 'title'")
            continue
        if not isinstance(body, str) or not body.strip():
            problem("missing or empty 'text'")
            continue
        raw_date = record.get("date")
        date = parse_date(str(raw_date)) if raw_date else None
        if raw_date and not date:
            problem(f"unreadable date {raw_date!r}; article kept without a date", kept=True)
        title = " ".join(title.split())
        paragraphs = [title] + [p for p in paragraphs_from_text(body) if p != title]
        drafts = split_articles(paragraphs, title_hint=title)
        body_paragraphs = [p for d in drafts for p in ([] if d is drafts[0] else [d.title]) + d.paragraphs]
        draft = Draft(title=title, paragraphs=body_paragraphs, dateline=drafts[0].dateline if drafts else None)
        url = record.get("url") if isinstance(record.get("url"), str) else None
        articles.append(_to_article(draft, source, number - 1, date=date or (drafts[0].date if drafts else None), url=url))
    if not articles and not problems:
        raise CorpusError("file is empty (no JSON lines)")
    if not articles:
        raise CorpusError(f"no readable article lines ({len(problems)} bad lines; first: {problems[0].reason})")
    return articles, problems


def _to_article(draft: Draft, source: str, ordinal: int, date: str | None, url: str | None) -> Article:
    text = "\n\n".join([draft.title, *draft.paragraphs])
    return Article(
        id=article_id(source, ordinal),
        title=draft.title,
        text=text,
        source=source,
        date=date,
        dateline=draft.dateline,
        url=url,
        ordinal=ordinal,
    )


def describe(article: Article) -> str:
    """One line for logs and listings."""
    return f"{article.source}#{article.ordinal} {article.date or '----------'} {article.title[:70]}"


__all__ = [
    "Article", "CorpusError", "FileProblem", "LoadResult", "SUPPORTED_SUFFIXES", "SourceFile",
    "article_id", "discover", "load", "read_file", "read_files", "describe", "unused_name",
]
