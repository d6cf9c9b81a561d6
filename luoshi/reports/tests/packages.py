"""Real Office Open XML files for tests, written by the libraries that write them in practice."""

import io

import openpyxl
from docx import Document


def docx_bytes(text: str = "工作总结") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "统计"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
