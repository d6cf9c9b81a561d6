"""Read an uploaded file into text and, for a task-division table, its grid of cells.

The first intake stage: a cheap preflight (empty, too big, binary, PDF), then one reader per format,
chosen by magic bytes first and the filename's extension second. Plain text is decoded from UTF-8,
UTF-16 (with a BOM) or GB18030/GBK; .docx keeps paragraphs and tables in body order; .xlsx and .xls
give the rows of their first table-like sheet with each merged range's value copied into every cell it
covers. Every failure is an `IntakeError` with a stable code.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from .cell_lines import find_cell_line_table
from .errors import IntakeError
from .options import ParseOptions
from .tables import looks_like_division_table

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"OggS",
    b"fLaC",
    b"\x00\x00\x00",
    b"wOFF",
    b"\xca\xfe\xba\xbe",
    b"8BPS",
)
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
MAX_ROWS, MAX_COLS = 20000, 100  # a sheet's formatting can claim a million rows; tables are smaller
# Bytes below 0x20 that text may hold: tab, newline, vertical tab, form feed, carriage return, escape.
_TEXT_CONTROLS = {9, 10, 11, 12, 13, 27}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass
class Document:
    """What a reader found: the decoded text, and the table's rows when the file is a task-division
    table (a spreadsheet, or a Word file whose main content is such a table)."""

    text: str
    rows: list[list[str]] | None = None
    kind: str = "text"  # "text", "docx", "xlsx", "xls", "csv", "html", "text-table" (a table pasted as text)
    # For a table found in plain text: each row's (start, end) in `text`, so offsets can point at the
    # text as written. None for the other kinds, whose offsets are into the rows' own text.
    spans: list[tuple[int, int]] | None = None


def read_document(data: bytes, filename: str = "", options: ParseOptions | None = None) -> Document:
    """Preflight and read one uploaded file. Raises `IntakeError` (and nothing else) when it cannot."""
    options = options or ParseOptions()
    if not data or not data.strip(b" \t\r\n\x0b\x0c"):
        raise IntakeError(IntakeError.EMPTY)
    options.check_size(len(data))
    ext = PurePath(filename or "").suffix.lower().lstrip(".")
    try:
        return _read(data, ext, options)
    except IntakeError:
        raise
    except Exception as exc:  # a library choking on a malformed file
        raise IntakeError(IntakeError.CORRUPT, f"{type(exc).__name__}: {exc}"[:200]) from exc


def _read(data: bytes, ext: str, options: ParseOptions) -> Document:
    head = data[:8]
    if data.lstrip()[:5] == b"%PDF-" or head.startswith(b"%PDF"):
        raise IntakeError(IntakeError.SCANNED if _pdf_without_text(data) else IntakeError.UNSUPPORTED, "pdf")
    if head.startswith(ZIP_MAGIC):
        return _read_zip(data, ext, options)
    if head.startswith(OLE_MAGIC):
        return _read_ole(data, ext)
    if data.startswith(b"{\\rtf"):
        raise IntakeError(IntakeError.UNSUPPORTED, "rtf")
    if not any(data.startswith(bom) for bom, _ in BOMS) and any(data.startswith(m) for m in BINARY_MAGIC):
        raise IntakeError(IntakeError.BINARY, "magic")
    if ext in {"docx", "xlsx", "xlsm", "pptx"} and not _decodes(data):
        raise IntakeError(IntakeError.CORRUPT, f"not a {ext} file")
    if ext == "pdf":
        raise IntakeError(IntakeError.UNSUPPORTED, "pdf")
    if ext in {"doc", "wps", "ppt", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff"} and not _decodes(data):
        raise IntakeError(IntakeError.BINARY, ext)
    text = decode_text(data)
    # Office systems often export "Excel" as HTML or tab/comma-separated text.
    is_html = re.search(r"<(table|html|body|p|div)[\s>]", text[:5000], re.IGNORECASE) is not None
    if ext in {"xls", "xlsx", "csv", "tsv", "htm", "html"} or is_html:
        rows, kind = _rows_from_text(text, ext)
        if rows is not None and (kind != "html" or looks_like_division_table(rows)):
            return Document(text=_rows_text(rows), rows=rows, kind=kind)
        if is_html:
            return Document(text=_html_text(text), rows=None, kind="html")
    # A table pasted into a .txt (or a .tsv with a title line above it).
    found = find_text_table_spans(text)
    if found is not None:
        return Document(text=text, rows=found[0], kind="text-table", spans=found[1])
    return Document(text=text, rows=None, kind="text")


# ----------------------------------------------------------------------------------------------------
# Preflight helpers


def _pdf_without_text(data: bytes) -> bool:
    """A PDF that draws images and names no font has no text layer (a scan)."""
    return b"/Font" not in data and (b"/Image" in data or b"/XObject" in data or b"/DCTDecode" in data)


def _decodes(data: bytes) -> bool:
    try:
        decode_text(data)
    except IntakeError:
        return False
    return True


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    bad = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return bad / max(1, len(sample))


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 with no BOM: ASCII and newlines leave NULs on one side of each pair."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # ASCII and newlines put their NULs on the high-byte side; try that order first.
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    return None


_COMMON = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\t\n\r\u2460-\u24ff"
    r"\u25a0-\u25ff\u2100-\u214f\u3400-\u4dbf\u2150-\u218f\u0391-\u03c9\u0401-\u0451\ufeff"
    # Latin-1 signs a Chinese text uses (° ± · × ÷ §) and the pinyin vowels with tone marks.
    r"\u00a0\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u00e0\u00e1\u00e8\u00e9\u00ec\u00ed\u00f2\u00f3"
    r"\u00f9\u00fa\u00fc\u0101\u0113\u012b\u014d\u016b\u01ce\u01d0\u01d2\u01d4\u01d6\u01d8\u01da\u01dc"
    r"\u011b\u00ea\u20ac\u2190-\u21ff\u2200-\u22ff\u3200-\u32ff\u3300-\u33ff\ufe30-\ufe4f]"
)


def _plausible(text: str) -> bool:
    """Decoded text is mostly Chinese, ASCII and their punctuation (not mojibake)."""
    if not text:
        return False
    sample = text[:20000]
    common = len(_COMMON.findall(sample))
    return common >= 0.97 * len(sample)


def decode_text(data: bytes) -> str:
    """Decode a plain-text upload: BOM, then strict UTF-8, then strict GB18030, then charset-normalizer.

    Newlines become \\n. Raises BINARY for control-character noise and BAD_ENCODING when nothing fits.
    """
    text: str | None = None
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IntakeError(IntakeError.BAD_ENCODING, encoding) from exc
            break
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise IntakeError(IntakeError.BINARY, "NUL bytes")
    if text is None:
        if _control_ratio(data) > 0.05:
            raise IntakeError(IntakeError.BINARY, "control bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None:
            try:
                candidate = data.decode("gb18030")
            except UnicodeDecodeError:
                candidate = None
            if candidate is not None and _plausible(candidate):
                text = candidate
        if text is None:
            text = _charset_normalizer(data)
        if text is None:
            raise IntakeError(IntakeError.BAD_ENCODING)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    sample = text[:65536]
    if len(_CONTROL_CHARS.findall(sample)) > 0.05 * len(sample):
        raise IntakeError(IntakeError.BINARY, "control characters")
    text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        raise IntakeError(IntakeError.EMPTY)
    return text


def _charset_normalizer(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    return text if _plausible(text) else None


# ----------------------------------------------------------------------------------------------------
# Word


def _read_zip(data: bytes, ext: str, options: ParseOptions) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IntakeError(IntakeError.CORRUPT, "bad zip") from exc
    options.check_size(unpacked, unpacked=True)
    if "word/document.xml" in names:
        return _read_docx(data)
    if "xl/workbook.xml" in names:
        return _read_xlsx(data)
    if ext in {"docx", "xlsx", "xlsm"}:
        raise IntakeError(IntakeError.CORRUPT, f"zip without the {ext} parts")
    raise IntakeError(IntakeError.UNSUPPORTED, "zip archive")


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _docx_table_rows(table) -> list[list[str]]:
    """A Word table's rows; python-docx repeats a merged cell in every grid position it covers."""
    rows = []
    for row in table.rows:
        try:
            before = [""] * row.grid_cols_before
            cells = [_cell_text(c) for c in row.cells]
        except (ValueError, IndexError, AttributeError, KeyError):  # a malformed row
            before, cells = [], []
        rows.append(before + cells)
    return rows


def _read_docx(data: bytes) -> Document:
    from docx import Document as load_docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = load_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise IntakeError(IntakeError.CORRUPT, "docx does not open") from exc
    lines: list[str] = []
    division: list[list[str]] = []
    state = {"chars": 0, "between": 0, "title": ""}  # table chars; paragraph chars since that table

    def visit(element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                line = Paragraph(child, doc).text
                lines.append(line)
                state["between"] += len(line.strip())
                if not division and line.strip():
                    state["title"] = line.strip()
            elif child.tag == qn("w:tbl"):
                rows = _docx_table_rows(Table(child, doc))
                # A table that goes on after a page break (or a 续表 label) joins the one above.
                goes_on = bool(division) and state["between"] < 40 and _continues(division, rows)
                if looks_like_division_table(rows) or goes_on:
                    division.extend(rows)
                    state["chars"] += sum(len(c) for r in rows for c in dict.fromkeys(r))
                    state["between"] = 0
                lines.extend(_rows_text(rows).split("\n"))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    visit(content)

    visit(doc.element.body)
    text = "\n".join(lines)
    if not text.strip():
        raise IntakeError(IntakeError.EMPTY)
    total = sum(len(line) for line in lines)
    # The table is the document when it carries most of the words (a notice with its table attached);
    # a long plan with a small table in it is read as text.
    if not division or state["chars"] * 10 < total * 4:
        return Document(text=text, rows=None, kind="docx")
    # The paragraph just above the table is its title; it rides along as a one-cell row.
    title = state["title"]
    rows = ([[title]] if title and len(title) <= 80 else []) + division
    return Document(text=text, rows=rows, kind="docx")


def _continues(division: list[list[str]], rows: list[list[str]]) -> bool:
    """A header-less table after a division table, with the same number of columns (the table went
    on across a page break, or was split by the writer)."""
    width = max((len(r) for r in division), default=0)
    return bool(rows) and all(len(r) == width for r in rows)


def _rows_text(rows: list[list[str]]) -> str:
    out = []
    for row in rows:
        cells = [c.replace("\n", " ") for c in dict.fromkeys(c for c in row if c)]
        if cells:
            out.append("\t".join(cells))
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------------
# Spreadsheets


def _trim(grid: list[list[str]]) -> list[list[str]]:
    """Drop empty rows and the empty columns at the right."""
    rows = [r for r in grid if any(c for c in r)]
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in rows]


def _cell_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        try:
            return value.strftime("%Y-%m-%d") if not getattr(value, "hour", 0) else value.isoformat(" ")
        except ValueError:
            return str(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _pick_sheet(sheets: list[list[list[str]]]) -> list[list[str]] | None:
    """The first sheet that looks like a task-division table, else the first sheet with cells."""
    filled = [s for s in sheets if s]
    for sheet in filled:
        if looks_like_division_table(sheet):
            return sheet
    return filled[0] if filled else None


def _sheet_document(sheets: list[list[list[str]]], kind: str) -> Document:
    rows = _pick_sheet([_trim(s) for s in sheets])
    if rows is None:
        raise IntakeError(IntakeError.EMPTY)
    return Document(text=_rows_text(rows), rows=rows, kind=kind)


def _fill(grid: list[list[str]], row0: int, col0: int, row_end: int, col_end: int) -> None:
    """Copy a merged range's value (its top-left cell) into every cell it covers; ends exclusive."""
    if row0 >= len(grid) or col0 >= len(grid[row0]):
        return
    top = grid[row0][col0]
    for r in range(row0, min(row_end, len(grid))):
        row = grid[r]
        for c in range(col0, min(col_end, len(row))):
            row[c] = top


def _read_xlsx(data: bytes) -> Document:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise IntakeError(IntakeError.CORRUPT, "xlsx does not open") from exc
    sheets = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = ws.iter_rows(
            max_row=min(ws.max_row, MAX_ROWS), max_col=min(ws.max_column, MAX_COLS), values_only=True
        )
        grid = [[_cell_str(v) for v in row] for row in rows]
        for merged in ws.merged_cells.ranges:
            _fill(grid, merged.min_row - 1, merged.min_col - 1, merged.max_row, merged.max_col)
        sheets.append(grid)
    return _sheet_document(sheets, "xlsx")


def _read_ole(data: bytes, ext: str) -> Document:
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except NotImplementedError:  # formatting_info is not supported for every file
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "workbook" in str(exc).lower() or ext in {"doc", "wps", "ppt", "dps", "et"}:
            # An OLE file that holds no workbook: an old Word (.doc/.wps) or PowerPoint file.
            raise IntakeError(IntakeError.UNSUPPORTED, "old office format") from exc
        raise IntakeError(IntakeError.CORRUPT, str(exc)[:200]) from exc
    sheets = []
    for index in range(book.nsheets):
        sh = book.get_sheet(index)
        if getattr(sh, "visibility", 0):
            continue
        grid = [
            [_xls_cell(book, sh.cell(r, c)) for c in range(min(sh.ncols, MAX_COLS))]
            for r in range(min(sh.nrows, MAX_ROWS))
        ]
        for rlo, rhi, clo, chi in getattr(sh, "merged_cells", []):
            _fill(grid, rlo, clo, rhi, chi)
        sheets.append(grid)
    book.release_resources()
    return _sheet_document(sheets, "xls")


def _xls_cell(book, cell) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_str(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _cell_str(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    return _cell_str(cell.value)


# ----------------------------------------------------------------------------------------------------
# Spreadsheets saved as text (CSV, tab-separated, HTML)


class _TableHTML(HTMLParser):
    """Rows of the first HTML table that has rows; colspan/rowspan fill every cell they cover."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []
            self._span = (_int(attrs.get("rowspan")), _int(attrs.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None and self._row is not None:
            text = re.sub(r"[ \t\r\f\v\xa0]+", " ", "".join(self._cell)).strip()
            r = len(self.rows)
            self._fill_pending(r)
            rowspan, colspan = self._span
            for k in range(colspan):
                col = len(self._row)
                self._row.append(text)
                for dr in range(1, rowspan):
                    self._pending[(r + dr, col)] = text
                del k
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._fill_pending(len(self.rows), final=True)
            self.rows.append(self._row)
            self._row = None

    def _fill_pending(self, r: int, final: bool = False) -> None:
        assert self._row is not None
        while (r, len(self._row)) in self._pending:
            self._row.append(self._pending.pop((r, len(self._row))))
        if final:
            for (pr, pc), text in sorted(self._pending.items()):
                if pr == r and pc >= len(self._row):
                    self._row.extend([""] * (pc - len(self._row)))
                    self._row.append(text)
                    del self._pending[(pr, pc)]

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _int(value) -> int:
    try:
        return max(1, min(int(value), 200))
    except (TypeError, ValueError):
        return 1


def _html_text(text: str) -> str:
    """The visible text of an HTML page, one block a line."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h[1-6]|table)>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _rows_from_text(text: str, ext: str) -> tuple[list[list[str]] | None, str]:
    if re.search(r"<table[\s>]", text[:200000], re.IGNORECASE):
        parser = _TableHTML()
        parser.feed(text)
        parser.close()
        rows = _trim(parser.rows)
        return (rows or None), "html"
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None, "text"
    for delimiter, _kind in (("\t", "tsv"), (",", "csv")):
        if ext == "csv" and delimiter == "\t":
            continue
        if sum(delimiter in line for line in lines) * 10 >= len(lines) * 8:
            rows = [
                [c.strip() for c in r] for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
            ]
            return _trim(rows) or None, "csv"
    return None, "text"


# ----------------------------------------------------------------------------------------------------
# A table pasted into plain text (a Word or Excel table copied as tab columns, a pipe table, or
# columns lined up with spaces), with a title or a covering note above it

_LABELLED = re.compile(r"[:：]\s*\S")  # a label with its value after it
_NOT_WORD = re.compile(r"[\s|｜:：\-—─=+]+")  # what the share of words does not count
_PIPE_SEPARATOR = re.compile(r"^[\s|｜:：\-—─=+]+$")
_SPACED_SPLIT = re.compile(r"[ \xa0]{2,}|\u3000+|\t")
_ATTACHMENT = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*$")
_NOT_TITLE_END = tuple("。；;：:，,！!？?")
# What each way of writing columns needs somewhere in the text (see _cells).
_COLUMN_MARKS = (
    ("tab", re.compile("\t")),
    ("pipe", re.compile("[|｜]")),
    ("spaced", _SPACED_SPLIT),
)
_MAX_GAP = 3  # lines without columns inside a table (group rows, a cell's second paragraph)
_HEADER_MAX = 300  # a header line is short; longer lines are not tried


def _cells(line: str, kind: str) -> list[tuple[int, str]]:
    """A line's cells for one way of writing columns, each with its display column (for spaced text)."""
    if kind == "tab":
        if "\t" not in line:
            return []
        return [(0, _unquote(c)) for c in line.split("\t")]
    if kind == "pipe":
        body = line.strip()
        if not re.search(r"[|｜]", body) or _PIPE_SEPARATOR.match(body):
            return []
        body = re.sub(r"^[|｜]|[|｜]$", "", body)
        return [(0, c.strip()) for c in re.split(r"[|｜]", body)]
    # spaced: runs of two or more spaces (or full-width spaces) between cells
    stripped = line.strip(" \xa0\u3000")
    if not _SPACED_SPLIT.search(stripped):
        return []
    indent = _width(line[: len(line) - len(line.lstrip(" \xa0\u3000"))])
    cells, pos = [], 0
    for m in _SPACED_SPLIT.finditer(stripped):
        cells.append((indent + _width(stripped[:pos]), stripped[pos : m.start()]))
        pos = m.end()
    cells.append((indent + _width(stripped[:pos]), stripped[pos:]))
    return [(col, c.strip()) for col, c in cells if c.strip()]


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        cell = cell[1:-1].replace('""', '"')
    return cell


def _width(text: str) -> int:
    """Display width: a Chinese character or full-width sign takes two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _align(cells: list[tuple[int, str]], starts: list[int]) -> list[str]:
    """Place a spaced row's cells under the header columns they start nearest to (a blank cell leaves
    only a wider gap in text lined up with spaces)."""
    row = [""] * len(starts)
    col = -1
    for start, text in cells:
        best = min(range(len(starts)), key=lambda k: (abs(starts[k] - start), k))
        col = max(best, col + 1)
        if col >= len(starts):
            row[-1] = f"{row[-1]} {text}".strip()
        else:
            row[col] = text
    return row


def find_text_table(text: str) -> list[list[str]] | None:
    """The task-division table in a plain text, as rows (a title above it as a one-cell first row), or
    None. A table starts at a line whose columns pass the division-header test and runs over the lines
    split the same way; it must carry a good part of the text's words, so a plan with a few tab-indented
    lines, or a long text that quotes a small table, stays text."""
    found = find_text_table_spans(text)
    return found[0] if found is not None else None


Span = tuple[int, int]


def find_text_table_spans(text: str) -> tuple[list[list[str]], list[Span]] | None:
    """As `find_text_table`, with each row's line span in `text` (start, end of the line less its
    surrounding spaces), so a task read from the table can point at its own line of the pasted text."""
    # Only the ways of writing columns the text uses at all are tried on its lines.
    kinds = [kind for kind, mark in _COLUMN_MARKS if mark.search(text)]
    lines = text.split("\n") if kinds else []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    total = None
    for i, line in enumerate(lines):
        if not line.strip() or len(line) > _HEADER_MAX:
            continue
        for kind in kinds:
            header = _cells(line, kind)
            names = [c for _, c in header]
            if not 2 <= len(names) <= MAX_COLS or any(_LABELLED.search(c) for c in names):
                continue  # 牵头单位：A<TAB>配合单位：B is a note, not a header
            if not looks_like_division_table([names]):
                continue
            block = _table_block(lines, i, kind, header)
            if block is None:
                continue
            rows, indexes = block
            chars = sum(len(_NOT_WORD.sub("", c)) for r in rows for c in r)
            total = len(_NOT_WORD.sub("", text)) if total is None else total
            if chars * 10 < total * 4:
                return None
            spans = [_line_span(lines[k], starts[k]) for k in indexes]
            title = _title_before(lines[:i])
            if title is None:
                return rows, spans
            return [[title[1]], *rows], [_line_span(lines[title[0]], starts[title[0]]), *spans]
    return find_cell_line_table(text)


def _line_span(line: str, start: int) -> Span:
    """A line's span in the text, less the spaces around it."""
    lead = len(line) - len(line.lstrip())
    return start + lead, start + len(line.rstrip())


def _table_block(
    lines: list[str], i: int, kind: str, header: list[tuple[int, str]]
) -> tuple[list[list[str]], list[int]] | None:
    """The rows from the header line at `i` down to the last line split the same way, with the index of
    the line each row was read from."""
    starts = [col for col, _ in header]
    rows = [[c for _, c in header]]
    indexes = [i]
    pending: list[tuple[int, str]] = []  # lines without columns, kept only when more rows follow
    data = 0
    for k in range(i + 1, len(lines)):
        line = lines[k]
        if not line.strip():
            continue
        cells = _cells(line, kind)
        if len(cells) >= 2:
            rows.extend([c] for _, c in pending)
            indexes.extend(j for j, _ in pending)
            pending = []
            rows.append(_align(cells, starts) if kind == "spaced" else [c for _, c in cells])
            indexes.append(k)
            data += 1
        elif kind == "pipe" and _PIPE_SEPARATOR.match(line.strip()):
            continue
        else:
            pending.append((k, line.strip()))
            if len(pending) > _MAX_GAP:
                break
    return (rows, indexes) if data else None


def _title_before(lines: list[str]) -> tuple[int, str] | None:
    """The line just above the table (its index and text) when it reads as a title (short, no closing
    punctuation); an 附件 label in between is passed over."""
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k].strip()
        if not line or _ATTACHMENT.match(line):
            continue
        if len(line) <= 80 and not line.endswith(_NOT_TITLE_END):
            return k, line
        return None
    return None
