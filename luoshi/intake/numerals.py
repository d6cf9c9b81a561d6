"""Chinese numerals: the character classes the recognisers share, and a small converter."""

from __future__ import annotations

# Digits as they appear in enumerators (一、 （二） 三是) and framework names (四项工程, 两支队伍).
CN_DIGITS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_VALUES = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 二十, 一百零五 or 三万; None when `text` is not one."""
    if not text or len(text) > 12:
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _VALUES:
            digit = _VALUES[ch]
        elif ch in _UNITS:
            # A bare 十 means ten (十二 = 12), so a missing digit counts as one.
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def count_to_int(text: str) -> int | None:
    """Value of a count as a framework name writes it: Chinese (四, 十二) or Arabic, full-width too (3, ５)."""
    ascii_text = text.translate(_FULLWIDTH)
    if ascii_text.isascii() and ascii_text.isdigit():
        return int(ascii_text)
    return cn_to_int(text)


def to_number(text: str) -> float | None:
    """Arabic (also full-width) or Chinese numeral → number; None when it is neither."""
    ascii_text = text.translate(_FULLWIDTH)
    try:
        return float(ascii_text)
    except ValueError:
        value = cn_to_int(text)
        return None if value is None else float(value)


def circled_value(ch: str) -> int | None:
    """① → 1 … ⑳ → 20."""
    index = CIRCLED.find(ch)
    return index + 1 if index >= 0 else None


def enumerator_value(text: str) -> int | None:
    """Value of an enumerator's number: Arabic, full-width, Chinese or circled."""
    if len(text) == 1 and text in CIRCLED:
        return circled_value(text)
    value = to_number(text)
    return int(value) if value is not None and value == int(value) else None
