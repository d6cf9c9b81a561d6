"""Numbered outline headings: 一、 （一） 1. （1） ① at the start of a paragraph, and their levels.

The level follows the enumerator, as Chinese official documents number them (GB/T 9704): 一、 is 1,
（一） 2, 1. 3, （1） 4, ① 5. Nesting is left to the assembler, which keeps a stack of open levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import CIRCLED, CN_DIGITS, enumerator_value

_CN = f"[{CN_DIGITS}百零]{{1,4}}"
_AR = "[0-9０-９]{1,3}"
_PATTERNS = [
    (1, re.compile(rf"({_CN})(?:、|[．.](?![0-9０-９]))")),
    (2, re.compile(rf"[（(]({_CN})[)）]")),
    (3, re.compile(rf"({_AR})(?:[.．](?![0-9０-９])|、)")),
    (4, re.compile(rf"[（(]({_AR})[)）]|({_AR})[)）]")),
    (5, re.compile(f"([{CIRCLED}])")),
]
_SPACES = re.compile(r"[ \t\u3000\u00a0]{0,4}")


@dataclass(frozen=True)
class Marker:
    """An enumerator as written, its outline level, its number, and where the heading text starts."""

    text: str
    level: int
    value: int
    content_start: int


# The characters a marker can open with: most paragraphs open with none, and are answered at once.
_MARKER_FIRST = frozenset(CN_DIGITS + "百零（(0123456789０１２３４５６７８９" + CIRCLED)


def outline_marker(text: str, start: int, end: int) -> Marker | None:
    """The numbered-heading marker at `start`, if the paragraph begins with one and goes on after it."""
    if start >= end or text[start] not in _MARKER_FIRST:
        return None
    for level, pattern in _PATTERNS:
        m = pattern.match(text, start, end)
        if not m:
            continue
        number = next(g for g in m.groups() if g)
        value = enumerator_value(number)
        content = _SPACES.match(text, m.end(), end).end()
        if value is None or content >= end:
            return None
        return Marker(text[start : m.end()], level, value, content)
    return None


_STOPS = re.compile("[。；;！？!?：:]")


# In a document pasted as one line, a space stands where a line break was (…势头 （一）积极…).
_STOPS_ONE_LINE = re.compile("[。；;！？!?：:]|[ \u3000](?=[（(]?[一二三四五六七八九十]{1,3}[、）)])")


def _markers_after_stops(text: str, start: int, end: int):
    """Outline markers that open a sentence inside the span: (position, marker)."""
    stops = _STOPS_ONE_LINE if end - start >= _ONE_LINE_DOCUMENT else _STOPS
    pos = start
    while pos < end:
        stop = stops.search(text, pos, end)
        if stop is None:
            return
        j = stop.end()
        while j < end and text[j] in " \t\u3000":
            j += 1
        if j >= end:
            return
        marker = outline_marker(text, j, end)
        if marker:
            yield j, marker
        pos = j


_ONE_LINE_DOCUMENT = 200  # a paragraph this long holding 一、…（一）… is a document pasted as one line


def _nested_start(text: str, found: list[tuple[int, Marker]], size: int) -> set[int]:
    """A long paragraph whose outline opens (一、…。 （一）…) but breaks off before any second heading:
    the level of a 1 followed, after a sentence of its own, by the 1 one level deeper."""
    if size < _ONE_LINE_DOCUMENT:
        return set()
    for i, (pos, marker) in enumerate(found):
        if marker.value != 1:
            continue
        for later, deeper in found[i + 1 :]:
            if deeper.level == marker.level + 1 and deeper.value == 1:
                # a sentence of its own between them, or a space where a line break was
                if ("。" in text[pos:later] and _STOPS.search(text, pos, later)) or text[
                    later - 1
                ] in " \u3000":
                    return {marker.level}
                break
    return set()


# "我讲三点意见。一、…", "讲三个方面的问题。 一、…": a sentence that counts the parts to come.
_COUNTS_PARTS = re.compile(rf"(?:{_CN}|[几两]|[0-9０-９]{{1,2}})(?:个|点|條|条)?(?:方面|点|問題|问题|部分)")
_SENTENCE_STOPS = "。！？!?：:"


def _announced_start(text: str, found: list[tuple[int, Marker]]) -> set[int]:
    """The level of a first heading (一、 or （一）) standing right after a sentence that counts the parts
    to come, when the text breaks off before the second: a speech pasted as one line."""
    for pos, marker in found:
        if marker.value != 1 or marker.level > 2:
            continue
        stop = pos - 1
        while stop > 0 and text[stop] in " \t\u3000":
            stop -= 1
        if text[stop] not in _SENTENCE_STOPS:
            continue
        begin = max(text.rfind(ch, 0, stop) for ch in "。！？!?\n") + 1
        if _COUNTS_PARTS.search(text, begin, stop):
            return {marker.level}
    return set()


def split_numbered(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph holding several numbered items (（1）…；（2）…) into one span per item.

    A marker inside the paragraph only starts a new item when it continues the numbering: the next
    number at a level already open, or 1 one level deeper. A paragraph that does not begin numbered is
    cut only before a run that starts at 1 and goes on to 2 (a whole outline pasted as one line).
    """
    first = outline_marker(text, start, end)
    found = list(_markers_after_stops(text, start, end)) if end - start > 8 else []
    if not found:
        return [(start, end)]
    expect: dict[int, int] = {}
    if first:
        expect[first.level] = first.value + 1
    else:
        ones = {m.level for _, m in found if m.value == 1}
        twos = {m.level for _, m in found if m.value == 2}
        levels = ones & twos or _nested_start(text, found, end - start) or _announced_start(text, found)
        if not levels:
            return [(start, end)]
        expect[min(levels)] = 1
    cuts = []
    for pos, marker in found:
        level = marker.level
        deeper_ok = marker.value == 1 and level - 1 in expect and level not in expect
        if expect.get(level) == marker.value or deeper_ok:
            cuts.append(pos)
            expect[level] = marker.value + 1
            for deeper in [lv for lv in expect if lv > level]:
                del expect[deeper]
    if not cuts:
        return [(start, end)]
    spans, pos = [], start
    for cut in cuts:
        s, e = pos, cut
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        if e > s:
            spans.append((s, e))
        pos = cut
    spans.append((pos, end))
    return spans
