"""Evidence uploads are checked by size, extension and first bytes before anything is stored."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from luoshi.reports.evidence_types import check_evidence_file
from luoshi.reports.forms import ReportForm
from luoshi.reports.tests.packages import docx_bytes, xlsx_bytes

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("会议纪要.pdf", PDF_BYTES),
        ("照片.PNG", PNG_BYTES),
        ("现场.jpg", JPEG_BYTES),
        ("现场.jpeg", JPEG_BYTES),
        ("旧版.doc", OLE_BYTES),
        ("台账.xls", OLE_BYTES),
        ("通知.wps", OLE_BYTES),
        ("总结.docx", docx_bytes()),
        ("统计.xlsx", xlsx_bytes()),
        ("公文.ofd", _zip("OFD.xml", "Doc_0/Document.xml")),
        ("说明.txt", "工作进展说明".encode()),
        ("说明GBK.txt", "工作进展说明".encode("gb18030")),
    ],
)
def test_it_accepts_known_types(name, content):
    assert check_evidence_file(SimpleUploadedFile(name, content)) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("病毒.exe", b"MZ\x90\x00"),
        ("改名.pdf", b"MZ\x90\x00 not a pdf"),
        ("照片.png", JPEG_BYTES),
        ("打包.zip", _zip("a.txt")),
        ("假文档.docx", _zip("a.txt")),
        ("表格.xlsx", docx_bytes()),
        ("二进制.txt", b"abc\x00def"),
        ("无扩展名", PDF_BYTES),
    ],
)
def test_it_rejects_wrong_types(name, content):
    message = check_evidence_file(SimpleUploadedFile(name, content))
    assert message.startswith("不支持的文件类型：")
    assert name in message


def test_it_rejects_oversize_files_with_the_limit_in_the_message(settings):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    upload.size = 20 * 1024 * 1024 + 1
    assert check_evidence_file(upload) == "文件“x.pdf”超过 20 MB 上限，未上传"


def test_it_rejects_empty_files():
    assert "空文件" in check_evidence_file(SimpleUploadedFile("空.pdf", b""))


def test_the_form_reports_every_refused_file(settings):
    settings.EVIDENCE_MAX_BYTES = 64
    files = [
        SimpleUploadedFile("大.pdf", PDF_BYTES * 10),
        SimpleUploadedFile("好.pdf", PDF_BYTES),
        SimpleUploadedFile("坏.exe", b"MZ"),
    ]
    form = _form(files)
    assert not form.is_valid()
    errors = form.errors["uploads"]
    assert len(errors) == 2
    assert "大.pdf" in errors[0] and "坏.exe" in errors[1]


def test_the_form_requires_percent_between_0_and_100():
    form = ReportForm({"narrative": "x", "percent": "101", "revision": "0"})
    assert not form.is_valid()
    assert form.errors["percent"] == ["完成进度须为 0 到 100 的整数"]


def test_the_form_collects_target_values(db):
    from luoshi.tests.factories import TargetFactory

    target = TargetFactory()
    form = ReportForm(
        {"narrative": "x", "percent": "40", "revision": "3", f"target_{target.pk}": "12.5"}, targets=[target]
    )
    assert form.is_valid(), form.errors
    assert form.values() == {target.pk: Decimal("12.5")}


def _form(files):
    return ReportForm(
        {"narrative": "x", "percent": "10", "revision": "0"}, MultiValueDict({"uploads": files})
    )
