"""Open an uploaded return only after checking it is what it claims to be, cheapest checks first:

1. size (a return is a few hundred rows: `MAX_BYTES`);
2. an OLE2 container is either a password-protected workbook (Excel encrypts .xlsx into one, with an
   `EncryptionInfo` stream) or an old .xls — both refused with their reason;
3. a zip whose members would unpack to more than `MAX_UNPACKED`, or with a member compressed beyond
   `MAX_RATIO` (a zip bomb), is refused from its directory alone, before anything is decompressed;
4. macros (`vbaProject.bin`, a macro-enabled content type or an .xlsm name) are refused;
5. formulas anywhere on the return sheet are refused, naming their cells: a return carries figures, and a
   formula's cached value may not be what the sheet shows when opened elsewhere.

Then python-calamine reads the values. The result is plain data; nothing here touches the database."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from luoshi.lib.errors import ServiceError

from . import layout

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 500
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cheap scan first: most returns have none
FORMULA = re.compile(
    rb'<(?:\w+:)?c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f[\s>/]', re.S
)


class ReturnFileError(ServiceError):
    """The file cannot be read as a return at all (one message for the whole file)."""


@dataclass
class ReturnSheet:
    """What the file says: the header block's unit, period and plan, and the rows under the table header
    (cell values as python-calamine gives them: str, float, int, bool, dates), numbered as Excel does."""

    unit: str
    period: str
    plan: str
    rows: list[tuple[int, list]]


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def preflight(data: bytes, filename: str = "") -> zipfile.ZipFile:
    """The open zip of a workbook that passed every check, else a ReturnFileError in Chinese."""
    if len(data) > MAX_BYTES:
        raise ReturnFileError(f"文件过大（{_mb(len(data))}），报送表不应超过{_mb(MAX_BYTES)}。")
    if not data:
        raise ReturnFileError("文件是空的。")
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReturnFileError("该工作簿设置了打开密码，系统无法读取。请取消密码后重新上传。")
        raise ReturnFileError("这是旧版 Excel（.xls）文件，请使用下载的 .xlsx 报送表填写后上传。")
    if filename.lower().endswith((".xlsm", ".xltm", ".xlsb")):
        raise ReturnFileError("不接受启用宏的工作簿（.xlsm 等），请使用下载的 .xlsx 报送表填写后上传。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReturnFileError("不是有效的 Excel（.xlsx）文件，可能已损坏或不是报送表。") from None
    if len(members) > MAX_MEMBERS:
        raise ReturnFileError("文件结构异常（内部文件过多），已拒绝读取。")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED or any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
    ):
        raise ReturnFileError(f"文件解压后异常庞大（{_mb(unpacked)}），疑似压缩炸弹，已拒绝读取。")
    names = {m.filename.lower() for m in members}
    content_types = archive.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    if any(name.endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types:
        raise ReturnFileError(
            "该工作簿包含宏，系统不接受启用宏的工作簿。请使用下载的 .xlsx 报送表填写后上传。"
        )
    if "xl/workbook.xml" not in names:
        raise ReturnFileError("不是有效的 Excel（.xlsx）文件，可能已损坏或不是报送表。")
    return archive


def formula_cells(archive: zipfile.ZipFile) -> list[str]:
    """The references of every cell holding a formula, in any worksheet of the workbook."""
    found: list[str] = []
    for name in sorted(archive.namelist()):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            xml = archive.read(name)
            if ANY_FORMULA.search(xml):
                found += [m.decode() for m in FORMULA.findall(xml)]
    return found


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def read_return(data: bytes, filename: str = "") -> ReturnSheet:
    archive = preflight(data, filename)
    formulas = formula_cells(archive)
    if formulas:
        shown = "、".join(formulas[:10]) + ("等" if len(formulas) > 10 else "")
        raise ReturnFileError(f"报送表中不能使用公式，请把以下单元格改为直接填写的数值：{shown}。")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if layout.SHEET not in workbook.sheet_names:
            raise ReturnFileError(f"找不到“{layout.SHEET}”工作表，请使用系统下载的报送表填写。")
        values = workbook.get_sheet_by_name(layout.SHEET).to_python(skip_empty_area=False)
    except ReturnFileError:
        raise
    except Exception:  # calamine raises its own error types for every way a file can be broken
        raise ReturnFileError("文件无法读取，可能已损坏。请重新下载报送表填写后上传。") from None
    meta = values[layout.META_ROW - 1] if len(values) >= layout.META_ROW else []
    meta = [_text(v) for v in meta] + [""] * 6
    if tuple(meta[0:6:2]) != layout.META_LABELS:
        raise ReturnFileError(
            "报送表表头（填报单位、报送周期、工作部署编号）被改动或缺失，请重新下载报送表填写。"
        )
    header = [_text(v) for v in values[layout.HEADER_ROW - 1]] if len(values) >= layout.HEADER_ROW else []
    if header[: len(layout.HEADERS)] != layout.HEADERS:
        raise ReturnFileError("报送表的列标题被改动，请重新下载报送表填写，不要增删或移动列。")
    rows = [
        (number, list(row[: len(layout.HEADERS)]) + [""] * (len(layout.HEADERS) - len(row)))
        for number, row in enumerate(values[layout.FIRST_DATA_ROW - 1 :], start=layout.FIRST_DATA_ROW)
        if any(_text(v) for v in row)
    ]
    return ReturnSheet(unit=meta[1], period=meta[3], plan=meta[5], rows=rows)
