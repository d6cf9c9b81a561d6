"""The one-scan stop finders agree with the plain definition of a stop, on any text.

`find_stop` answers at once when no bracket comes before the first stop, and `stop_positions` finds all of
a span's stops in one scan; both must give what walking the span character by character gives: a stop
counts outside quotes and brackets (a sentence end always), 1,000 is no stop, and each search after a
stop starts again at bracket depth 0.
"""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from luoshi.intake.segment import (
    CLAUSE_END,
    CLOSERS,
    OPENERS,
    SENTENCE_END,
    find_stop,
    split_at,
    stop_positions,
    strip_span,
)

ALPHABET = list(OPENERS + CLOSERS + CLAUSE_END + "、 \n甲乙1,0") + [
    "1,000",
    "“甲，乙”",
    "（一）",
    "（甲。乙，",
]
texts = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)
STOP_SETS = st.sampled_from([CLAUSE_END, SENTENCE_END, "；;" + SENTENCE_END, "，,", "：:", "，,；;、"])


def plain_stop(text: str, start: int, end: int, stops: str) -> int:
    """The first stop in the span, read one character at a time."""
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch in stops and (ch in SENTENCE_END or depth == 0):
            if not (ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
                return i
    return end


def plain_stops(text: str, start: int, end: int, stops: str) -> list[int]:
    found, pos = [], start
    while pos < end:
        stop = plain_stop(text, pos, end, stops)
        if stop >= end:
            break
        found.append(stop)
        pos = stop + 1
    return found


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 5), st.integers(0, 5), STOP_SETS)
@example("（甲。乙，丙", 0, 0, CLAUSE_END)  # after a sentence end inside a bracket, depth starts again at 0
def test_stops_are_those_a_character_walk_finds(text, cut_start, cut_end, stops):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert find_stop(text, start, end, stops) == plain_stop(text, start, end, stops)
    assert stop_positions(text, start, end, stops) == plain_stops(text, start, end, stops)


@settings(max_examples=200, deadline=None)
@given(texts, STOP_SETS)
def test_split_at_cuts_after_each_stop(text, stops):
    expected, pos = [], 0
    for stop in [*plain_stops(text, 0, len(text), stops), len(text)]:
        piece_end = min(stop + 1, len(text))
        s, e = strip_span(text, pos, piece_end)
        if s < e:
            expected.append((s, e))
        pos = piece_end
    assert split_at(text, 0, len(text), stops) == expected


def test_a_quoted_comma_is_passed_over_and_a_number_is_not_cut():
    text = "“甲，乙”丙，丁1,000元。"
    assert find_stop(text, 0, len(text)) == text.index("丙") + 1
    assert stop_positions(text, 0, len(text), CLAUSE_END) == [text.index("丙") + 1, len(text) - 1]
