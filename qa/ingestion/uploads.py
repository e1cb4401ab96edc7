"""Files a visitor uploads: checked, kept beside the store, ingested — never replacing another
file's articles without being asked.

An upload is known by its file name (its path relative to the uploads folder). When the store
already gives that name to another file's articles, the upload is held back and the visitor is
asked: replace them, or keep both (the upload then gets a free name such as "notes (2).txt").
Files that are refused (wrong type, unreadable, a store that cannot be written) are not kept.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qa.ingestion.corpus import SUPPORTED_SUFFIXES, unused_name
from qa.ingestion.ingest import Conflict, IngestSummary, find_conflicts, ingest
from qa.settings import Settings
from qa.index.store import Store, StoreError

DECISIONS = ("replace", "keep-both", "cancel")


def uploads_dir(settings: Settings) -> Path:
    """`QA_UPLOADS`, else an `uploads` folder inside the store folder (never the working directory)."""
    configured = os.environ.get("QA_UPLOADS", "").strip()
    return Path(configured) if configured else settings.store_dir / "uploads"


@dataclass
class UploadPlan:
    """Uploaded files sorted out before anything is written."""

    files: list[Path] = field(default_factory=list)  # acceptable, waiting to be ingested
    rejected: list[str] = field(default_factory=list)  # "name: reason"
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def needs_decision(self) -> bool:
        return bool(self.conflicts)

    def question(self) -> str:
        lines = [f"{Path(c.file).name}: {c.describe(with_origin=False)}." for c in self.conflicts]
        return "\n".join(lines + ["Replace those articles with the upload, or keep both?"])


@dataclass
class UploadResult:
    summary: IngestSummary | None
    messages: list[str]


def plan_upload(paths: list[str | Path], settings: Settings) -> UploadPlan:
    plan = UploadPlan()
    for raw in paths:
        path = Path(raw)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            plan.rejected.append(f"{path.name}: unsupported file type {path.suffix or '(none)'}; "
                                 f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        else:
            plan.files.append(path)
    if plan.files:
        plan.conflicts = find_conflicts(plan.files, settings)
    return plan


def commit_upload(plan: UploadPlan, decision: str, settings: Settings,
                  on_progress: Callable[[int, int], None] | None = None) -> UploadResult:
    """Copy the plan's files into the uploads folder and ingest them. `decision` answers the
    plan's conflicts ("replace", "keep-both" or "cancel"; ignored when there are none)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    messages = [f"Rejected {r}" for r in plan.rejected]
    clashing = {Path(c.file).name for c in plan.conflicts}
    files = plan.files
    if plan.conflicts and decision == "cancel":
        files = [f for f in files if f.name not in clashing]
        messages += [f"Not ingested {name}: cancelled, the stored articles are unchanged." for name in sorted(clashing)]
    if not files:
        return UploadResult(None, messages)
    store = Store(settings, create=True)  # a store that cannot be opened fails before any copy
    try:
        names_in_store = {a.source for a in store.manifest().values()}
    finally:
        store.close()
    renamed = clashing if decision == "keep-both" else set()
    placed = _place(files, uploads_dir(settings), renamed, names_in_store)
    try:
        summary = ingest([target for target, _ in placed], settings=settings, progress=False,
                         on_conflict="replace" if decision == "replace" else "skip", on_progress=on_progress)
    except StoreError:
        _undo(placed)
        raise
    failed = {Path(e.file.split(":")[0]).name for e in summary.errors if e.line is None}
    _undo([(target, backup) for target, backup in placed if target.name in failed])  # refused files are not kept
    _drop_backups([(t, b) for t, b in placed if t.name not in failed])
    messages.append(_summary_line(summary))
    messages += [f"Rejected {Path(e.file).name}: {e.reason}" for e in summary.errors]
    return UploadResult(summary, messages)


def _place(files: list[Path], folder: Path, renamed: set[str], names_in_store: set[str]) -> list[tuple[Path, Path | None]]:
    """Copy each file into `folder` (those named in `renamed` under a name neither the folder nor
    the store uses): (where it went, the backup of an earlier upload it overwrote)."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = {p.name for p in folder.iterdir()}
    placed: list[tuple[Path, Path | None]] = []
    for path in files:
        name = unused_name(path.name, taken | names_in_store) if path.name in renamed else path.name
        if name in {t.name for t, _ in placed}:  # two uploads of one name in one go: both kept
            name = unused_name(name, taken | names_in_store)
        target = folder / name
        backup = None
        if target.exists():
            backup = target.with_name(f".{target.name}.previous")
            os.replace(target, backup)
        shutil.copyfile(path, target)
        taken.add(name)
        placed.append((target, backup))
    return placed


def _undo(placed: list[tuple[Path, Path | None]]) -> None:
    for target, backup in placed:
        target.unlink(missing_ok=True)
        if backup is not None:
            os.replace(backup, target)


def _drop_backups(placed: list[tuple[Path, Path | None]]) -> None:
    for _, backup in placed:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _summary_line(summary: IngestSummary) -> str:
    line = f"Ingested {summary.articles} article(s), {summary.passages} passage(s); {summary.skipped} unchanged"
    if summary.replaced:
        line += f"; {summary.replaced} replaced an earlier version"
    if summary.removed:
        line += f"; {summary.removed} removed"
    return line + f"; {summary.seconds:.1f} s."
