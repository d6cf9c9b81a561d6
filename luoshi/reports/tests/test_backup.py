"""`luoshi backup` and `luoshi restore`: one archive with the database and the evidence files, checked by
SHA-256 on the way back, and restored only into an empty installation unless forced. Runs on whichever
database the suite runs on (SQLite's backup API, or pg_dump/pg_restore)."""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.org.models import Unit, User
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.reports import services
from luoshi.reports.models import Evidence, Report

MODELS = (Unit, User, Plan, Task, Assignment, Report, Evidence, AuditEntry)
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows() -> dict:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def _files(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _empty_installation(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def filled(liaison, own_assignment, own_report):
    draft = services.start_report(Actor(liaison), own_assignment, period="2025-04")
    for n in range(3):
        services.add_evidence(
            Actor(liaison), draft, SimpleUploadedFile(f"照片{n}.pdf", PDF + bytes([n]) * 500)
        )
    return draft


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file(filled, settings, tmp_path):
    before_rows, before_files = _rows(), _files(settings.MEDIA_ROOT)
    archive = tmp_path / "luoshi.tar"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    _empty_installation(settings.MEDIA_ROOT)
    assert not Plan.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "佐证材料 3 个" in out.getvalue()
    after = _rows()
    # The restore appends its own audit entry; everything before it is as it was.
    assert after["AuditEntry"][-1]["action"] == "restore"
    after["AuditEntry"] = after["AuditEntry"][:-1]
    assert after == before_rows
    assert _files(settings.MEDIA_ROOT) == before_files
    call_command("verify_audit", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_restoring_over_data_is_refused_unless_forced(filled, settings, tmp_path):
    archive = tmp_path / "luoshi.tar"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="已有数据，拒绝覆盖"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert Evidence.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_changed_archive_is_refused_before_anything_is_written(filled, settings, tmp_path):
    archive, changed = tmp_path / "luoshi.tar", tmp_path / "changed.tar"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as source, tarfile.open(changed, "w") as target:
        manifest = json.load(source.extractfile("manifest.json"))
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data + b"tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    assert manifest["files"]
    _empty_installation(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="SHA-256 与清单不符"):
        call_command("restore", str(changed))
    assert not Plan.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))
