"""Segmentation with offsets: paragraphs, sentences, clauses and heads, all as (start, end) spans.

Every function takes the whole source text plus a span, so offsets stay offsets into the source and no
substring is copied until a title or note is finally cut out.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

SPACE = " \t\r\f\v\u3000\u00a0\ufeff\u200b"
SENTENCE_END = "。！？!?"
CLAUSE_END = SENTENCE_END + "；;，,：:"
OPENERS = "“‘《（(〔【「『"
CLOSERS = "”’》）)〕】」』"

# A lead-in such as 会议强调， 他指出： introduces the content; a node's head starts after it.
LEAD_IN = re.compile(
    r"[^，。；：,:;！？\n]{0,10}?(?:强调|指出|要求|表示|认为|提出|明确|希望|号召|部署)[，,：:]\s*"
)


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines, trimmed of spaces (full-width too)."""
    spans: list[Span] = []
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = strip_span(text, pos, end)
        if s < e:
            spans.append((s, e))
        pos = end + 1
    return spans


_BLANK = frozenset(SPACE + "\n")


def strip_span(text: str, start: int, end: int) -> Span:
    """The span without leading and trailing whitespace."""
    while start < end and text[start] in _BLANK:
        start += 1
    while end > start and text[end - 1] in _BLANK:
        end -= 1
    return start, end


def _is_comma_in_number(text: str, i: int) -> bool:
    # 1,000 is a number, not two clauses.
    return text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


_STOP_PATTERNS: dict[str, re.Pattern] = {}
_BRACKETS = frozenset(OPENERS + CLOSERS)
_BRACKET = re.compile("[" + re.escape(OPENERS + CLOSERS) + "]")


def _stop_pattern(stops: str) -> re.Pattern:
    pattern = _STOP_PATTERNS.get(stops)
    if pattern is None:
        pattern = re.compile("[" + re.escape(OPENERS + CLOSERS + stops) + "]")
        _STOP_PATTERNS[stops] = pattern
    return pattern


def find_stop(text: str, start: int, end: int, stops: str = CLAUSE_END) -> int:
    """Index of the first stop character outside quotes and brackets, or `end`.

    Sentence ends always stop (an unbalanced quote must not swallow the rest of a document); clause
    stops such as ， only count at bracket depth 0.
    """
    pattern = _STOP_PATTERNS.get(stops) or _stop_pattern(stops)
    m = pattern.search(text, start, end)
    if m is None:
        return end
    i = m.start()
    if text[i] not in _BRACKETS and not _is_comma_in_number(text, i):
        return i  # the common case: a stop before any bracket
    depth = 0
    while m is not None:
        i = m.start()
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif (ch in SENTENCE_END or depth == 0) and not _is_comma_in_number(text, i):
            return i
        m = pattern.search(text, i + 1, end)
    return end


def stop_positions(
    text: str, start: int, end: int, stops: str, pattern: re.Pattern | None = None
) -> list[int]:
    """Every stop `find_stop` meets walking the span from stop to stop (each search starting after the
    last stop, at bracket depth 0), found in one scan."""
    pattern = pattern or _STOP_PATTERNS.get(stops) or _stop_pattern(stops)
    if _BRACKET.search(text, start, end) is None:
        # No bracket or quote in the span: every stop counts (the depth never leaves 0), but 1,000.
        return [
            m.start()
            for m in pattern.finditer(text, start, end)
            if text[m.start()] != "," or not _is_comma_in_number(text, m.start())
        ]
    found: list[int] = []
    depth = 0
    for m in pattern.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            if depth:
                depth -= 1
        elif ch in SENTENCE_END or depth == 0:
            if ch == "," and _is_comma_in_number(text, i):
                continue
            found.append(i)
            depth = 0
    return found


def split_at(text: str, start: int, end: int, stops: str) -> list[Span]:
    """Pieces of the span cut after each stop character (the stop stays with its piece), trimmed."""
    pieces: list[Span] = []
    pos = start
    for stop in [*stop_positions(text, start, end, stops), end]:
        piece_end = min(stop + 1, end)
        s, e = strip_span(text, pos, piece_end)
        if s < e:
            pieces.append((s, e))
        pos = piece_end
        if pos >= end:
            break
    return pieces


def sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences (cut after 。！？), each keeping its end mark."""
    return split_at(text, start, end, SENTENCE_END)


def skip_lead_in(text: str, start: int, end: int) -> int:
    """Position after a lead-in like 会议强调，, if the span starts with one and goes on after it."""
    m = LEAD_IN.match(text, start, end)
    if m and m.end() < end:
        return m.end()
    return start


def head_span(text: str, start: int, end: int, stops: str = CLAUSE_END) -> Span:
    """The head of an item: its first clause, trimmed of spaces and the stop that ends it."""
    s, _ = strip_span(text, start, end)
    stop = find_stop(text, s, end, stops)
    s, e = strip_span(text, s, stop)
    if s >= e and stop < end:  # a leading stop: take the next clause instead
        return head_span(text, stop + 1, end, stops) if stop + 1 < end else (s, s)
    if (
        stop < end
        and text[stop] in "，,"
        and (_TIME_LEAD.fullmatch(text, s, e) or _CONNECTIVE.fullmatch(text, s, e))
    ):
        # 2026年，全区… / 同时，要…: a time adverbial or a connective is no head; the next clause is
        # (taken once, without recursing).
        ns, _ = strip_span(text, stop + 1, end)
        ne = find_stop(text, ns, end, stops)
        ns, ne = strip_span(text, ns, ne)
        if ns < ne:
            return ns, ne
    return s, e


_CONNECTIVE = re.compile(r"同时|与此同时|此外|另外|其次|再次|然后|随后|最后|会上|会议上|會上|會議上")
_TIME_LEAD = re.compile(
    r"[0-9０-９]{4}年(?:[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)?|今年|明年|去年|新的一年"
)


def head_title(text: str, start: int, end: int, limit: int = 80) -> str:
    """Title for an item: its first clause, at most `limit` characters."""
    hs, he = head_span(text, start, end)
    if he < end and text[he] in "：:":
        # 开展A — 牵头单位：B: the clause runs into the label of a field set after a dash.
        m = _DASH_LABEL.search(text, hs, he)
        if m and m.start() > hs:
            he = m.start()
    return text[hs : min(he, hs + limit)]


_DASH_LABEL = re.compile(r"[ \t\u3000]*(?:—{1,2}|-{2}|－{1,2})[ \t\u3000]*[\u4e00-\u9fff]{2,6}$")


def clause_around(text: str, start: int, end: int, lo: int, hi: int) -> Span:
    """The clause (between ，；。 stops at depth 0) that contains the span lo..hi."""
    s = lo
    while s > start and text[s - 1] not in CLAUSE_END:
        s -= 1
    e = find_stop(text, hi, end)
    return strip_span(text, s, e)


def has_sentence_punct(text: str, start: int, end: int) -> bool:
    """Whether the span holds any clause or sentence punctuation."""
    for i in range(start, end):
        if text[i] in CLAUSE_END:
            return True
    return False
