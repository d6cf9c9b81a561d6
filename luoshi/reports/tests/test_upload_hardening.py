"""Evidence uploads judged by content and refused before anything is stored (issue 13's findings):

* a zip holding an empty `word/x` and `payload.exe` was accepted as a .docx;
* a 1 GB zip bomb was accepted as a .docx (stored, not unpacked);
* a 300 MB upload was written to the temporary directory in full before the 20 MB refusal;
* five 19 MB files in one request were accepted (no per-request total).
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from luoshi.conftest import login
from luoshi.lib.packages import Limits, PackageProblem, check_package
from luoshi.reports.evidence_types import check_evidence_file
from luoshi.reports.models import Evidence
from luoshi.reports.tests.packages import docx_bytes, xlsx_bytes

MB = 1024 * 1024
BOUNDARY = "luoshiboundary"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- package structure --------------------------------------------------------------------------------------


def test_real_word_and_excel_files_pass():
    assert check_evidence_file(SimpleUploadedFile("总结.docx", docx_bytes())) is None
    assert check_evidence_file(SimpleUploadedFile("统计.xlsx", xlsx_bytes())) is None


def test_a_zip_with_an_empty_word_member_and_an_executable_is_not_a_docx():
    fake = _zip({"word/x": b"", "payload.exe": b"MZ\x90\x00" * 100})
    message = check_evidence_file(SimpleUploadedFile("总结.docx", fake))
    assert message and "总结.docx" in message and "未上传" in message


@pytest.mark.parametrize(
    "members",
    [
        {"word/document.xml": b"<w:document/>"},  # no [Content_Types].xml
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},  # main part undeclared
        {
            "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType="x"/></Types>',
            "word/document.xml": b"",  # declared but empty
        },
    ],
)
def test_a_docx_needs_its_content_types_and_a_declared_main_part(members):
    message = check_evidence_file(SimpleUploadedFile("总结.docx", _zip(members)))
    assert message.startswith("不支持的文件类型：") and "不是完整的Word文件" in message


def test_an_excel_file_is_not_accepted_as_word():
    assert "不是完整的Word文件" in check_evidence_file(SimpleUploadedFile("总结.docx", xlsx_bytes()))


def test_an_executable_inside_a_real_document_is_refused():
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/media/setup.exe", b"MZ")
    assert "可执行程序" in check_evidence_file(SimpleUploadedFile("总结.docx", buffer.getvalue()))


# --- zip bombs -----------------------------------------------------------------------------------------------


def _bomb(unpacked: int) -> bytes:
    """A real .docx with one more member of `unpacked` zero bytes: deflate makes it about 1000 times smaller."""
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(unpacked // MB):
                member.write(chunk)
    return buffer.getvalue()


def test_a_one_gigabyte_zip_bomb_is_refused_before_it_is_stored(client, liaison, draft):
    bomb = _bomb(1024 * MB)
    assert len(bomb) < 5 * MB
    login(client, liaison)
    response = _post_files(client, draft, [SimpleUploadedFile("总结.docx", bomb)])
    body = response.content.decode()
    assert "疑似压缩炸弹" in body and "总结.docx" in body
    assert not Evidence.objects.exists()
    assert not _stored_files()


def test_the_ratio_catches_a_small_bomb_and_the_total_a_large_honest_package(settings):
    assert "疑似压缩炸弹" in check_evidence_file(SimpleUploadedFile("a.docx", _bomb(20 * MB)))
    settings.EVIDENCE_MAX_UNPACKED_BYTES = 64 * 1024
    noisy = _zip({**_members(docx_bytes()), "word/media/photo.png": bytes(range(256)) * 1024})
    assert "疑似压缩炸弹" in check_evidence_file(SimpleUploadedFile("a.docx", noisy))


def test_the_package_check_is_a_plain_function_with_reasons():
    limits = Limits(max_unpacked_bytes=10 * MB, max_ratio=100)
    check_package(io.BytesIO(docx_bytes()), "docx", limits)
    for data, code in [
        (b"PK\x03\x04 not really", "not_zip"),
        (_zip({"OFD.xml": b"<ofd/>", "run.bat": b"x"}), "executable"),
        (_zip({"Doc_0/Document.xml": b"<d/>"}), "not_package"),
    ]:
        with pytest.raises(PackageProblem) as caught:
            check_package(io.BytesIO(data), "ofd" if code != "not_zip" else "docx", limits)
        assert caught.value.code == code


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- request size, while the body streams --------------------------------------------------------------------


class Body:
    """A multipart body produced as it is read — nothing held in memory — that counts what was read.
    Each file is "%PDF-" followed by its own filler byte (so no two files are the same)."""

    def __init__(self, fields: dict[str, str], files: list[tuple[str, int]]):
        self.pieces = []
        for name, value in fields.items():
            self._text(f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
        for index, (filename, size) in enumerate(files):
            self._text(
                f'Content-Disposition: form-data; name="uploads"; filename="{filename}"\r\n'
                "Content-Type: application/pdf\r\n\r\n%PDF-"
            )
            self.pieces.append((b"", size - 5, b"0123456789"[index % 10 : index % 10 + 1]))
            self.pieces.append((b"\r\n", 0, b""))
        self.pieces.append((f"--{BOUNDARY}--\r\n".encode(), 0, b""))
        self.length = sum(len(p) + zeros for p, zeros, _ in self.pieces)
        self.read_bytes = 0

    def _text(self, text: str):
        self.pieces.append((f"--{BOUNDARY}\r\n{text}".encode(), 0, b""))

    def read(self, size=-1):
        out = bytearray()
        while self.pieces and (size < 0 or len(out) < size):
            prefix, zeros, fill = self.pieces[0]
            want = (size - len(out)) if size >= 0 else len(prefix) + zeros
            take = prefix[:want]
            out += take
            prefix, want = prefix[len(take) :], want - len(take)
            n = min(zeros, want)
            out += fill * n
            zeros -= n
            if prefix or zeros:
                self.pieces[0] = (prefix, zeros, fill)
            else:
                self.pieces.pop(0)
        self.read_bytes += len(out)
        return bytes(out)

    def readline(self, size=-1):  # not used by the multipart parser, present for the stream protocol
        return self.read(size)


def _stream(client, report, body: Body):
    return client.generic(
        "POST",
        reverse("reports:report_edit", args=[report.pk]),
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )


def _fields(report):
    return {"narrative": "开展培训两场", "percent": "40", "revision": str(report.revision), "action": "save"}


def test_five_19_mb_files_in_one_request_are_refused_unread(client, liaison, draft):
    body = Body(_fields(draft), [(f"材料{i}.pdf", 19 * MB) for i in range(5)])
    response = _stream(login(client, liaison), draft, body)
    assert response.status_code == 413
    assert "一次上传的文件合计不能超过 50 MB" in response.content.decode()
    assert body.read_bytes == 0
    assert not Evidence.objects.exists()
    draft.refresh_from_db()
    assert draft.narrative == "初稿"  # the form was not saved either


def test_a_300_mb_upload_is_refused_before_its_body_is_read(client, liaison, draft):
    body = Body(_fields(draft), [("录像.pdf", 300 * MB)])
    response = _stream(login(client, liaison), draft, body)
    assert response.status_code == 413 and body.read_bytes == 0


class SpyTemporaryHandler(TemporaryFileUploadHandler):
    """Django's handler that spools files to the temporary directory, noting the most it ever wrote."""

    most_written = 0

    def receive_data_chunk(self, raw_data, start):
        SpyTemporaryHandler.most_written = max(SpyTemporaryHandler.most_written, start + len(raw_data))
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def spooled(settings, tmp_path):
    """Every file goes to a temporary directory of the test's own, through SpyTemporaryHandler."""
    settings.FILE_UPLOAD_HANDLERS = [
        "luoshi.core.uploads.CappedUploadHandler",
        f"{__name__}.SpyTemporaryHandler",
    ]
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    SpyTemporaryHandler.most_written = 0
    return tmp_path / "upload-tmp"


def test_a_file_over_the_cap_is_never_written_past_it(client, liaison, draft, settings, spooled):
    settings.EVIDENCE_MAX_BYTES = settings.INTAKE_MAX_BYTES = 256 * 1024
    body = Body(_fields(draft), [("小.pdf", 10 * 1024), ("大.pdf", 8 * MB)])
    response = _stream(login(client, liaison), draft, body)
    assert response.status_code == 413
    assert "文件“大.pdf”超过 256 KB 上限" in response.content.decode()
    assert SpyTemporaryHandler.most_written <= 256 * 1024  # stopped at the cap, not at 8 MB
    assert not Evidence.objects.exists()
    assert not list(spooled.iterdir())  # the partial file and the finished one are both gone


def test_the_request_total_is_counted_while_streaming(client, liaison, draft, settings, spooled):
    settings.UPLOAD_MAX_REQUEST_BYTES = 512 * 1024  # the declared length passes (form fields' allowance)
    body = Body(_fields(draft), [(f"材料{i}.pdf", 200 * 1024) for i in range(5)])
    response = _stream(login(client, liaison), draft, body)
    assert response.status_code == 413 and "合计不能超过 512 KB" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list(spooled.iterdir())


def test_files_within_the_limits_still_upload(client, liaison, draft):
    body = Body(_fields(draft), [(f"材料{i}.pdf", 1 * MB) for i in range(3)])
    response = _stream(login(client, liaison), draft, body)
    assert response.status_code == 302
    assert Evidence.objects.count() == 3


# --- helpers -------------------------------------------------------------------------------------------------


def _post_files(client, report, files):
    return client.post(
        reverse("reports:report_edit", args=[report.pk]), {**_fields(report), "uploads": files}
    )


def _stored_files():
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
