"""Build return files for tests: a downloaded sheet filled in, and hostile variants."""

import io
import zipfile

from openpyxl import load_workbook

from luoshi.documents.returns import layout
from luoshi.documents.returns.sheet import return_sheet


def filled(plan, unit, period, fill: dict[tuple[str, str], dict], edit=None) -> bytes:
    """The unit's sheet with cells filled: {(task code, metric or ""): {column header: value}}."""
    wb = load_workbook(io.BytesIO(return_sheet(plan, unit, period)))
    ws = wb[layout.SHEET]
    for row in ws.iter_rows(min_row=layout.FIRST_DATA_ROW):
        key = (str(row[layout.CODE].value), row[layout.METRIC].value or "")
        for header, value in fill.get(key, {}).items():
            row[layout.HEADERS.index(header)].value = value
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_member(data: bytes, name: str, content: bytes, compress=zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook zip with one more member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, content, compress_type=compress)
    return out.getvalue()
