"""`luoshi check_files`: evidence files with no row, rows with no file, and upload temp files left by a
killed process; `--fix` removes the stray files (never a row, never a file an upload may still commit)."""

import os
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from luoshi.audit.services import Actor
from luoshi.reports import services

PDF = b"%PDF-1.7\n%%EOF\n"
TWO_HOURS_AGO = time.time() - 7200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()


@pytest.fixture
def draft(liaison, own_assignment):
    return services.start_report(Actor(liaison), own_assignment, period="2025-03")


def _evidence(liaison, draft, name, content):
    return services.add_evidence(Actor(liaison), draft, SimpleUploadedFile(name, content))


def _file(path, content=b"x", mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if mtime:
        os.utime(path, (mtime, mtime))
    return path


def _run(*args) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_files", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue() + err.getvalue()


@pytest.fixture
def messy(settings, liaison, draft):
    kept = _evidence(liaison, draft, "会议纪要.pdf", PDF)
    lost = _evidence(liaison, draft, "活动照片.pdf", PDF + b"photo")
    (settings.MEDIA_ROOT / lost.file.name).unlink()
    return {
        "kept": settings.MEDIA_ROOT / kept.file.name,
        "lost": lost,
        "stray": _file(settings.MEDIA_ROOT / "evidence/1/ab/" / ("ab" * 32), mtime=TWO_HOURS_AGO),
        "uploading": _file(settings.MEDIA_ROOT / "evidence/1/cd/" / ("cd" * 32)),
        "temp": _file(settings.FILE_UPLOAD_TEMP_DIR / "tmpk3j2.upload.pdf", mtime=TWO_HOURS_AGO),
        "temp_now": _file(settings.FILE_UPLOAD_TEMP_DIR / "tmpz9q1.upload.pdf"),
    }


def test_it_lists_every_kind_of_mismatch_in_chinese(messy):
    status, output = _run()
    assert status == 1
    assert "无记录的文件 1 个" in output
    assert "evidence/1/ab/" + "ab" * 32 in output
    assert "缺少文件的记录 1 条" in output
    assert "活动照片.pdf" in output
    assert "残留的上传临时文件 1 个" in output
    assert "tmpk3j2.upload.pdf" in output
    assert "1 小时内写入" in output and "evidence/1/cd/" + "cd" * 32 in output
    assert "--fix" in output
    assert all(p.exists() for k, p in messy.items() if k != "lost")


def test_fix_removes_strays_and_stale_temp_files_only(messy):
    status, output = _run("--fix")
    assert "已删除 2 个文件" in output
    assert not messy["stray"].exists() and not messy["temp"].exists()
    assert messy["kept"].exists() and messy["uploading"].exists() and messy["temp_now"].exists()
    assert type(messy["lost"]).objects.filter(pk=messy["lost"].pk).exists()
    assert status == 1  # the row without its file is still there for a person to look at


def test_a_clean_store_passes(liaison, draft):
    _evidence(liaison, draft, "会议纪要.pdf", PDF)
    status, output = _run()
    assert status == 0
    assert "佐证材料文件与记录一致" in output
