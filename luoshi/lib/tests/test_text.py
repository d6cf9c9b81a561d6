"""The text normaliser: what it removes, what it keeps, and that it settles in one pass."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from luoshi.lib.text import NUL_MESSAGE, REMOVED, clean_text, has_nul

HOSTILE = [
    "\x1b[31m",  # an ANSI colour sequence starts with ESC
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\ufeff",  # zero-width no-break space (BOM)
    "\x00",
    "\x85",  # C1 next line
    "\x7f",
]


def test_controls_bidi_and_zero_width_characters_are_dropped():
    for bad in HOSTILE[1:]:
        assert clean_text(f"深化{bad}凝心工程") == "深化凝心工程"
    assert clean_text("深化\x1b[31m凝心工程") == "深化[31m凝心工程"
    assert clean_text("报告\u202eexe.txt") == "报告exe.txt"
    assert clean_text("凝\u200b心\u200d工\u2060程\ufeff") == "凝心工程"


def test_newline_and_tab_stay_and_carriage_returns_become_newlines():
    assert clean_text("第一段\r\n第二段\r第三段\t完") == "第一段\n第二段\n第三段\t完"


def test_text_is_composed_to_nfc():
    assert clean_text("e\u0301") == "\u00e9"
    assert clean_text(None) == "" and clean_text("") == ""


def test_nul_is_recognised_and_explained_in_chinese():
    assert has_nul("文\x00稿") and not has_nul("文稿") and not has_nul(None)
    assert "空字符" in NUL_MESSAGE


@given(st.text())
def test_the_result_holds_nothing_that_is_removed_and_is_nfc(text):
    cleaned = clean_text(text)
    assert not (set(cleaned) & REMOVED)
    assert "\r" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


@given(st.text())
def test_cleaning_twice_changes_nothing(text):
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(alphabet=st.characters(blacklist_characters=sorted(REMOVED | {"\r"}))))
def test_ordinary_text_is_only_composed(text):
    assert clean_text(text) == unicodedata.normalize("NFC", text)


@given(st.text(), st.sampled_from(sorted(REMOVED)), st.integers(min_value=0))
def test_a_planted_character_is_removed_wherever_it_sits(text, bad, at):
    at %= len(text) + 1
    assert clean_text(text[:at] + bad + text[at:]) == clean_text(text[:at] + text[at:])
