"""An official document (公文) as plain data, before it is laid out: the title, the opening paragraphs, the
numbered sections, the signature and date, and the attachment tables. The bulletins (`luoshi.documents`)
and the 催办通知单 (`luoshi.supervise`) compose one from the figures; the editing page turns its text back
into one; `gbt9704.write_docx` lays it out. Plain data and its layout live here, below the apps, so every
app that issues a document can use them.

Section headings are numbered by the writer (一、二、…). Inside a section, a paragraph that begins with its
own （一）… marker is a second-level heading: its words up to the first 。 are set in 楷体, as offices do."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
ORDINALS = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二 (section numbers and the 一是、二是 of a list)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else ORDINALS[tens - 1]}十{ORDINALS[ones - 1] if ones else ''}"


def points(items: list[str]) -> list[str]:
    """“一是……”, “二是……”: the way an office lists what it asks for, one paragraph each."""
    return [f"{ordinal(i)}是{text}" for i, text in enumerate(items, start=1)]


@dataclass
class Section:
    """A numbered part: its heading (without the number) and its paragraphs."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Table:
    """An attachment table (附件): its title, column headers and rows of text, widths in characters."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass
class OfficialDocument:
    title: str
    opening: list[str] = field(default_factory=list)
    number: str = ""  # 发文字号 / 通知单编号, e.g. 催〔2025〕3号, centred under the title
    sections: list[Section] = field(default_factory=list)
    addressee: str = ""  # 主送机关, e.g. 各区委统战部，市直各单位：
    issuer: str = ""  # 发文机关署名
    issued_on: date | None = None
    attachments: list[Table] = field(default_factory=list)


def arabic_date(day: date) -> str:
    """GB/T 9704-2012 writes the date in Arabic numerals: 2025年7月5日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
