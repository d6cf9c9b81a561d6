"""Which evidence files may be stored: size against `settings.EVIDENCE_MAX_BYTES`, type by extension AND by
the file's first bytes, so a renamed executable is refused even with a ".pdf" name; zip-based documents
(.docx, .xlsx, .ofd) also by their package structure, with zip bombs refused (`luoshi.lib.packages`).

The service (`services.add_evidence`) applies this check to every file, whoever calls it; the form runs
the same check first so a page can list every refused file at once.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from luoshi.lib.packages import Limits, PackageProblem, check_package

PDF = b"%PDF-"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office and WPS: .doc .xls .wps .et
ZIP = b"PK\x03\x04"  # Office Open XML and OFD are zip containers
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class EvidenceType:
    """An accepted kind of evidence file: how to recognise it and what to serve it as."""

    label: str
    content_type: str
    magic: bytes | None = None
    # Zip containers (OOXML, OFD): their package structure is checked by luoshi.lib.packages.
    is_package: bool = False


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    "pdf": EvidenceType("PDF", "application/pdf", PDF),
    # OFD is the national standard for fixed-layout e-documents (GB/T 33190); offices issue it.
    "ofd": EvidenceType("OFD", "application/ofd", ZIP, is_package=True),
    "doc": EvidenceType("Word", "application/msword", OLE2),
    "docx": EvidenceType(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        is_package=True,
    ),
    "wps": EvidenceType("WPS 文字", "application/vnd.ms-works", OLE2),
    "xls": EvidenceType("Excel", "application/vnd.ms-excel", OLE2),
    "xlsx": EvidenceType(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, is_package=True
    ),
    "et": EvidenceType("WPS 表格", "application/vnd.ms-excel", OLE2),
    "jpg": EvidenceType("图片", "image/jpeg", JPEG),
    "jpeg": EvidenceType("图片", "image/jpeg", JPEG),
    "png": EvidenceType("图片", "image/png", PNG),
    "txt": EvidenceType("文本", "text/plain; charset=utf-8"),
}
# Zip archives are not accepted: a reviewer cannot open them in the browser and they hide their contents
# from the type check. Several files can be uploaded at once instead.
ACCEPT_ATTR = ",".join(f".{ext}" for ext in EVIDENCE_TYPES)
ALLOWED_TEXT = "PDF、OFD、Word（doc/docx/wps）、Excel（xls/xlsx/et）、图片（jpg/png）、文本（txt）"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def evidence_type(name: str) -> EvidenceType | None:
    return EVIDENCE_TYPES.get(extension(name))


def max_size_text() -> str:
    mb = settings.EVIDENCE_MAX_BYTES / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{settings.EVIDENCE_MAX_BYTES // 1024} KB"


def _head(upload: UploadedFile, n: int = 4096) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # The sample may end inside a multi-byte character; an incremental decoder allows that tail.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _package_refusal(upload: UploadedFile, name: str, kind: EvidenceType) -> str | None:
    """Zip containers are opened (never unpacked): the package structure, executables, zip bombs."""
    limits = Limits(settings.EVIDENCE_MAX_UNPACKED_BYTES, settings.EVIDENCE_MAX_ZIP_RATIO)
    try:
        check_package(upload, extension(name), limits)
    except PackageProblem as problem:
        if problem.code == "bomb":
            return f"文件“{name}”解压后过大（超过 {settings.EVIDENCE_MAX_UNPACKED_BYTES // (1024 * 1024)} MB 或压缩比异常），疑似压缩炸弹，未上传"
        if problem.code == "executable":
            return f"文件“{name}”内含可执行程序，未上传"
        return f"不支持的文件类型：“{name}”不是完整的{kind.label}文件（文件结构不符）。可上传 {ALLOWED_TEXT}"
    return None


def check_evidence_file(upload: UploadedFile) -> str | None:
    """The Chinese reason an upload is refused, or None when it may be stored."""
    name = upload.name or "未命名文件"
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        return f"文件“{name}”超过 {max_size_text()} 上限，未上传"
    if upload.size == 0:
        return f"文件“{name}”是空文件，未上传"
    kind = evidence_type(name)
    if kind is None:
        return f"不支持的文件类型：“{name}”。可上传 {ALLOWED_TEXT}"
    head = _head(upload)
    if kind.magic is None:
        ok = _looks_like_text(head)
    else:
        ok = head.startswith(kind.magic)
    if not ok:
        return f"不支持的文件类型：“{name}”的内容与扩展名不符。可上传 {ALLOWED_TEXT}"
    return _package_refusal(upload, name, kind) if kind.is_package else None
