"""The year a document is about, as it writes it in its title or first line (全区2027年统战工作会议).

A draft's deadlines (6月底前) are dated in its year; a document written for next year but imported with
this year in the form would get every deadline in the past. The year written in the document wins.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\d)")
_NOT_A_TITLE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(]|\d+[、.．])|回顾|总结")
_SKIP = re.compile(
    r"^\s*(?:20\d{2}\s*年)?\s*\d{1,2}\s*月"
)  # a dateline (2026年12月3日), not the document's year


def year_written(*heads: str | None) -> int | None:
    """The first year written in the first non-empty of `heads` (a title, then the opening line)."""
    for head in heads:
        head = (head or "").strip()
        if not head:
            continue
        for m in _YEAR.finditer(head):
            if _SKIP.match(head[m.start() :]):
                continue
            return int(m.group(1))
        return None
    return None


def first_line(text: str, limit: int = 120) -> str:
    """The document's opening line when it reads as a title: not a numbered item (一、 （一） 1.) and not a
    look back at last year (2025年工作回顾)."""
    for line in (text or "").splitlines():
        if line.strip():
            line = line.strip()[:limit]
            return "" if _NOT_A_TITLE.search(line) else line
    return ""
