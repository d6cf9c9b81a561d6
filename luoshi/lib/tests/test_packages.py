"""The package check never fails with anything but PackageProblem, whatever bytes or zip members it gets."""

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.lib.packages import CONTENT_TYPES, Limits, PackageProblem, check_package

LIMITS = Limits(max_unpacked_bytes=1024 * 1024, max_ratio=100)
EXTENSIONS = st.sampled_from(["docx", "xlsx", "pptx", "ofd"])


def _verdict(data: bytes, extension: str) -> str:
    try:
        check_package(io.BytesIO(data), extension, LIMITS)
    except PackageProblem as problem:
        return problem.code
    return "ok"


@given(st.binary(max_size=2048), EXTENSIONS)
def test_any_bytes_get_a_verdict(data, extension):
    assert _verdict(b"PK\x03\x04" + data, extension) in {"ok", "not_zip", "bomb", "not_package", "executable"}


NAMES = st.sampled_from(
    [
        CONTENT_TYPES,
        "word/document.xml",
        "xl/workbook.xml",
        "OFD.xml",
        "a.exe",
        "_rels/.rels",
        "docProps/app.xml",
    ]
)


DECLARING = b'<Types><Override PartName="/word/document.xml"/><Override PartName="/xl/workbook.xml"/></Types>'


@settings(max_examples=60)
@given(st.dictionaries(NAMES, st.one_of(st.binary(max_size=64), st.just(DECLARING)), max_size=5), EXTENSIONS)
def test_a_package_passes_only_with_its_declared_main_part_and_no_executable(members, extension):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    verdict = _verdict(buffer.getvalue(), extension)
    if verdict == "ok":
        assert "a.exe" not in members
        if extension == "ofd":
            assert "OFD.xml" in members
        else:
            main = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[
                extension
            ]
            assert members.get(main) and f"/{main}".encode() in members.get(CONTENT_TYPES, b"")
