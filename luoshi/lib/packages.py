"""What is inside a zip-based document (Office Open XML, OFD), judged from its central directory without
unpacking anything: is it the package its name claims, and is it a zip bomb.

A .docx renamed from any zip used to pass because a member name started with "word/". Now the package must
hold `[Content_Types].xml`, which must declare the format's main part, and that part must be present and not
empty; executables inside are refused. A bomb is refused by the sum of the members' declared uncompressed
sizes and by the ratio of that sum to the compressed size — before anything is stored or unpacked.
Nothing here imports Django: callers pass the limits and turn the reason into their own message.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

CONTENT_TYPES = "[Content_Types].xml"
# The part each format cannot do without (ECMA-376 Part 1; GB/T 33190 for OFD's entry file).
MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OFD_ENTRY = "OFD.xml"
EXECUTABLE = (".exe", ".dll", ".com", ".scr", ".bat", ".cmd", ".ps1", ".vbs", ".js", ".jar", ".msi", ".sh")
# Reading [Content_Types].xml is the only decompression done here; a real one is a few kilobytes.
CONTENT_TYPES_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Limits:
    max_unpacked_bytes: int
    max_ratio: int
    max_members: int = 10_000


class PackageProblem(Exception):
    """Why a package is refused: `code` is one of "not_zip", "bomb", "not_package", "executable"."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def check_package(stream: BinaryIO, extension: str, limits: Limits) -> None:
    """Raise PackageProblem unless `stream` is a sound package of `extension` ("docx", "xlsx", "pptx" or
    "ofd"). The stream's position is left at the start."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_size(members, limits)
            names = {m.filename: m for m in members}
            for name in names:
                if name.lower().endswith(EXECUTABLE):
                    raise PackageProblem("executable", name)
            if extension == "ofd":
                if OFD_ENTRY not in names:
                    raise PackageProblem("not_package", OFD_ENTRY)
                return
            _check_ooxml(archive, names, MAIN_PARTS[extension])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        raise PackageProblem("not_zip") from None
    finally:
        stream.seek(0)


def _check_size(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise PackageProblem("bomb", f"{len(members)} members")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise PackageProblem("bomb", f"{unpacked} bytes unpacked")
    if unpacked > max(packed, 1) * limits.max_ratio:
        raise PackageProblem("bomb", f"ratio {unpacked // max(packed, 1)}")


def _check_ooxml(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], main: str) -> None:
    types = names.get(CONTENT_TYPES)
    if types is None or types.file_size > CONTENT_TYPES_MAX_BYTES:
        raise PackageProblem("not_package", CONTENT_TYPES)
    part = names.get(main)
    if part is None or part.file_size == 0:
        raise PackageProblem("not_package", main)
    declared = archive.read(types).decode("utf-8", "replace")
    if not re.search(rf"""PartName\s*=\s*["']/{re.escape(main)}["']""", declared, re.IGNORECASE):
        raise PackageProblem("not_package", f"{main} not declared")
