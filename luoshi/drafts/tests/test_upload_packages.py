"""An uploaded .docx/.xlsx gets the evidence files' package checks (luoshi.lib.packages) before it is stored
or parsed: a zip bomb, a zip dressed up as Word or Excel, and one carrying an executable are refused on the
form with a Chinese message, and no draft, no audit entry and no stored input are left behind."""

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.drafts import parsing
from luoshi.drafts.models import Draft

MB = 1024 * 1024


@pytest.fixture
def sv(client, supervisor):
    client.force_login(supervisor)
    return client


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、加强思想政治引领。6月底前完成。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务"])
    book.active.append(["1", "加强思想政治引领"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_member(package: bytes, name: str, size: int) -> bytes:
    """`package` with one more member of `size` zero bytes (deflate makes it about 1000 times smaller)."""
    buffer = io.BytesIO(package)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(size // MB):
                member.write(bytes(MB))
    return buffer.getvalue()


def fake_ooxml() -> bytes:
    """The shape that used to pass as a .docx: an empty `word/x` and a program, no package structure."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/x", b"")
        archive.writestr("notes.txt", "一、加强引领。")
    return buffer.getvalue()


def stored_inputs(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / parsing.INPUT_DIR
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("要点.docx", with_member(docx_bytes(), "word/media/image1.bin", 1024 * MB), "疑似压缩炸弹"),
        ("台账.xlsx", with_member(xlsx_bytes(), "xl/media/image1.bin", 300 * MB), "疑似压缩炸弹"),
        ("要点.docx", fake_ooxml(), "不是完整的 Word 或 Excel 文件"),
        ("台账.xlsx", docx_bytes(), "不是完整的 Word 或 Excel 文件"),
        ("要点.docx", with_member(docx_bytes(), "payload.exe", MB), "内含可执行程序"),
        ("要点.docx", b"PK\x03\x04garbage", "文件已损坏或无法打开"),
    ],
)
def test_a_bad_package_is_refused_on_the_form_before_anything_is_stored(sv, settings, name, data, message):
    assert len(data) < 5 * MB
    response = sv.post(
        reverse("drafts:new"), {"title": "要点", "year": 2025, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert not Draft.objects.exists()
    assert not AuditEntry.objects.filter(action="create_draft").exists()
    assert stored_inputs(settings) == []


def test_the_limits_are_the_evidence_files_limits(sv, settings):
    settings.EVIDENCE_MAX_UNPACKED_BYTES = 2 * MB
    data = with_member(docx_bytes(), "word/media/image1.bin", 3 * MB)
    settings.EVIDENCE_MAX_ZIP_RATIO = 10**9  # only the total can refuse it now
    response = sv.post(reverse("drafts:new"), {"year": 2025, "file": SimpleUploadedFile("a.docx", data)})
    assert "超过 2 MB" in response.content.decode() and not Draft.objects.exists()


@pytest.mark.parametrize("name,data", [("要点.docx", docx_bytes()), ("台账.xlsx", xlsx_bytes())])
def test_sound_word_and_excel_files_are_stored_for_the_parse(sv, settings, name, data):
    settings.INTAKE_PARSE_DETACHED = False
    response = sv.post(reverse("drafts:new"), {"year": 2025, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    assert Draft.objects.get().source_filename == name
