"""One archive holding the database and the evidence files, and restoring it into an empty installation.

The archive is a tar file: `manifest.json` first (format, when, which database, and the SHA-256 of every
other member), then the database — `database.sqlite3` made with SQLite's online backup API, or
`database.dump` from `pg_dump -Fc` — and the files under `media/`. Restoring checks every hash before
anything is written, and refuses an installation that already holds accounts, units, plans or audit
entries unless forced: the audit table's triggers refuse UPDATE, DELETE and TRUNCATE, so a restore never
edits rows in place. SQLite's backup API replaces the whole database file; `pg_restore --clean` drops and
recreates the tables it restores.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone

from luoshi.audit.models import AuditEntry
from luoshi.lib.errors import ServiceError
from luoshi.org.models import Unit, User
from luoshi.plans.models import Plan

FORMAT = "luoshi-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA = "media"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise ServiceError(f"不支持备份 {connection.vendor} 数据库。")
    return connection.vendor


def _pg_args() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    env = {**os.environ}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ServiceError(f"找不到 {command[0]}，请安装与服务器版本一致的 PostgreSQL 客户端。") from None
    if done.returncode != 0:
        raise ServiceError(f"{what}失败：{done.stderr.strip()[:500]}")


def _dump_database(vendor: str, out: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    args, env = _pg_args()
    dump = ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(out)]
    _run([*dump, connection.settings_dict["NAME"]], env, "导出数据库")


def backup(out: Path) -> Summary:
    """Write the archive to `out` (through a temporary file beside it, renamed when complete)."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        db_file = Path(work) / DATABASE_MEMBER[vendor]
        _dump_database(vendor, db_file)
        members = {DATABASE_MEMBER[vendor]: db_file}
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        partial = out.with_name(out.name + ".partial")
        try:
            with tarfile.open(partial, "w") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                for name, path in members.items():
                    archive.add(path, arcname=name, recursive=False)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    files = [p for n, p in members.items() if n.startswith(MEDIA + "/")]
    return Summary(vendor, len(files), sum(p.stat().st_size for p in files))


def holds_data() -> bool:
    """Whether the installation already has accounts, units, plans or audit entries (or evidence files)."""
    media = Path(settings.MEDIA_ROOT)
    has_files = media.exists() and any(p.is_file() for p in media.rglob("*"))
    try:
        rows = any(m.objects.exists() for m in (AuditEntry, User, Unit, Plan))
    except Exception:  # tables not created yet: an empty database
        rows = False
    return rows or has_files


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != ""


def _unpack(archive_path: Path, work: Path) -> dict:
    """Extract into `work`, checking the manifest's format and every member's hash; returns the manifest."""
    try:
        archive = tarfile.open(archive_path, "r")
    except (OSError, tarfile.TarError):
        raise ServiceError(f"无法读取备份文件 {archive_path}。") from None
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError):
            raise ServiceError("备份文件缺少清单（manifest.json），不是落实的备份。") from None
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise ServiceError("备份文件的格式或版本不对，不是本版本落实的备份。")
        expected = manifest.get("files") or {}
        seen = set()
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_member(member.name) or member.name not in expected:
                raise ServiceError(f"备份文件含有清单之外的内容：{member.name}。")
            target = work / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, CHUNK)
            if _sha256(target) != expected[member.name]:
                raise ServiceError(f"备份文件中 {member.name} 的 SHA-256 与清单不符，文件已损坏或被改动。")
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise ServiceError(f"备份文件缺少清单中的 {len(missing)} 个文件，如 {missing[0]}。")
    return manifest


def _load_database(vendor: str, source: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    args, env = _pg_args()
    restore = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
    ]
    _run([*restore, *args, "-d", connection.settings_dict["NAME"], str(source)], env, "恢复数据库")


def restore(archive_path: Path, *, force: bool = False) -> Summary:
    """Restore the archive into this installation's database and media folder."""
    vendor = _vendor()
    if connection.in_atomic_block:
        raise ServiceError("不能在事务中恢复备份。")
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        manifest = _unpack(archive_path, work)
        if manifest["database"] != vendor:
            raise ServiceError(f"备份来自 {manifest['database']} 数据库，当前是 {vendor}，不能直接恢复。")
        if not force and holds_data():
            raise ServiceError("当前数据库或佐证材料目录中已有数据，拒绝覆盖。确需覆盖时加 --force。")
        _load_database(vendor, work / DATABASE_MEMBER[vendor])
        media_root = Path(settings.MEDIA_ROOT)
        files = [n for n in manifest["files"] if n.startswith(MEDIA + "/")]
        total = 0
        for name in files:
            target = media_root / name.removeprefix(MEDIA + "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
            total += target.stat().st_size
    connection.close()  # the next query sees the restored database from a fresh connection
    return Summary(vendor, len(files), total)
