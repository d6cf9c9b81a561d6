"""Evidence files on disk kept in step with the rows that refer to them.

A file is written before its row (the row needs its name), so a transaction that rolls back would leave
the file behind. Acts that store evidence run in `atomic()`: files written inside it are removed when the
block rolls back, and handed to an enclosing `atomic()` when it succeeds (so a page saving several files
as one act removes all of them when any is refused). Only files this process wrote are removed, and a
file on disk is reused only when a committed row refers to it, so a removed file is never another row's.

What no transaction can undo (a process killed mid-write, an outer block that is not `atomic()` rolling
back) is found by `luoshi check_files`, which lists files with no row and rows with no file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage
from django.db import connection, transaction
from django.http import FileResponse, Http404

from .evidence_types import evidence_type
from .models import Evidence

log = logging.getLogger(__name__)

FOLDER = "evidence"


def _frames() -> list[list[tuple[Storage, str]]]:
    """Files written in each open `atomic()` block of this thread's connection, innermost last."""
    if not hasattr(connection, "luoshi_written_files"):
        connection.luoshi_written_files = []
    return connection.luoshi_written_files


@contextmanager
def atomic() -> Iterator[None]:
    """`transaction.atomic()` that also undoes the evidence files written inside it on rollback."""
    frames = _frames()
    frames.append([])
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _remove(frames.pop())
        raise
    written = frames.pop()
    if frames:
        frames[-1].extend(written)


def download(stored, original_name: str) -> FileResponse:
    """A stored file as an attachment under its original name, typed by its extension (never by the
    browser's guess). The caller has already checked who may read it."""
    kind = evidence_type(original_name)
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=original_name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def store(evidence: Evidence, name: str, content) -> None:
    """Point `evidence.file` at its content: the file a committed row already refers to, else a new file
    written now (inside `atomic()`, which removes it if the act does not commit)."""
    frames = _frames()
    if not frames:
        raise RuntimeError("store() must run inside evidence_files.atomic()")
    path = evidence.file.field.generate_filename(evidence, name)
    # Any model with `file`, `sha256` rows (report evidence, luoshi.items files) shares this.
    if type(evidence)._default_manager.filter(file=path).exists():
        evidence.file.name = path  # same content already stored for this assignment: reference it
        return
    if hasattr(content, "seek"):
        content.seek(0)
    evidence.file.save(name, content, save=False)
    frames[-1].append((evidence.file.storage, evidence.file.name))


def _remove(written: list[tuple[Storage, str]]) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove evidence file %s after a rollback", name)


# --- checking ---------------------------------------------------------------------------------------------

STALE_AFTER = 3600  # seconds: younger files may belong to an upload still in progress


@dataclass(frozen=True)
class Findings:
    orphans: list[str]  # files under media/evidence/ no row refers to, old enough to be strays
    recent: list[str]  # such files younger than STALE_AFTER: perhaps an upload not yet committed
    missing: list[Evidence]  # rows whose file is not on disk
    temporary: list[Path]  # upload temp files left by a killed process, older than STALE_AFTER


def check(now: float | None = None) -> Findings:
    now = time.time() if now is None else now
    root = Path(settings.MEDIA_ROOT)
    on_disk = {}
    folder = root / FOLDER
    if folder.exists():
        for path in folder.rglob("*"):
            if path.is_file():
                on_disk[path.relative_to(root).as_posix()] = path
    referenced = set()
    missing = []
    for evidence in Evidence.objects.select_related("report__assignment__unit").order_by("id").iterator():
        referenced.add(evidence.file.name)
        if evidence.file.name not in on_disk:
            missing.append(evidence)
    orphans, recent = [], []
    for name in sorted(set(on_disk) - referenced):
        (recent if now - on_disk[name].stat().st_mtime < STALE_AFTER else orphans).append(name)
    return Findings(orphans, recent, missing, _stale_temporary(now))


def upload_temp_dir() -> Path | None:
    value = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(value) if value else None


def _stale_temporary(now: float) -> list[Path]:
    folder = upload_temp_dir()
    if folder is None or not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and now - p.stat().st_mtime >= STALE_AFTER)


def remove_strays(findings: Findings) -> int:
    """Delete the stray files and stale temp files `check` found; rows are never touched. Returns the
    number of files removed."""
    root = Path(settings.MEDIA_ROOT)
    removed = 0
    for path in [root / name for name in findings.orphans] + findings.temporary:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
