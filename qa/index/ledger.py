"""What the last complete ingest left in the store, saved beside it: the manifest and each file's
size and modification time.

Reading the manifest from Chroma means fetching every passage's metadata (1.5 s at 10k articles,
8 s at 100k passages), and telling that a file is unchanged meant reading and cleaning it again.
The ledger answers both from one small file, and only while it provably describes the store:
it names the store's generation and passage count, a writer deletes it before its first write
and saves it after its last (holding the ingest lock), so a crash leaves no ledger at all and
the next run reads Chroma again. Anything wrong with the file only costs that slower path.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import astuple, dataclass, field
from pathlib import Path

from qa.settings import Settings

_FORMAT = 1


@dataclass(frozen=True)
class FileMark:
    """A file as the ingest read it: its size and mtime then, the identity its articles got, and
    each article's id with the version hash stored for it."""

    size: int
    mtime_ns: int
    source: str
    articles: tuple[tuple[str, str], ...]


@dataclass
class Ledger:
    generation: str
    passages: int
    recipe: str  # what turned files into passages (chunking, model, pipeline, size limit)
    manifest: dict = field(default_factory=dict)  # article id → StoredArticle
    files: dict[str, FileMark] = field(default_factory=dict)  # origin → mark


def ledger_path(settings: Settings) -> Path:
    return settings.beside_store / f"ingest-ledger-{settings.collection}.json"


def load_ledger(path: Path, generation: str, passages: int) -> Ledger | None:
    """The ledger if it describes the store as it is now; None otherwise."""
    from qa.index.store import StoredArticle

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != _FORMAT or raw["generation"] != generation or raw["passages"] != passages:
            return None
        manifest = {row[0]: StoredArticle(*row) for row in raw["manifest"]}
        files = {origin: FileMark(size, mtime, source, tuple(tuple(pair) for pair in articles))
                 for origin, (size, mtime, source, articles) in raw["files"].items()}
        return Ledger(generation, passages, raw["recipe"], manifest, files)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_ledger(path: Path, ledger: Ledger) -> None:
    """Written whole under another name, then renamed: a reader sees the old file or the new one."""
    payload = {
        "format": _FORMAT, "generation": ledger.generation, "passages": ledger.passages, "recipe": ledger.recipe,
        "manifest": [astuple(record) for record in ledger.manifest.values()],
        "files": {origin: [m.size, m.mtime_ns, m.source, [list(pair) for pair in m.articles]]
                  for origin, m in ledger.files.items()},
    }
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the next run reads Chroma instead
        with contextlib.suppress(OSError):
            temporary.unlink()


def forget_ledger(path: Path) -> None:
    """Before a write: from here on the ledger would describe a store that no longer exists."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
