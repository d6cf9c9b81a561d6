"""The one text normaliser for everything a person types: titles, names, narratives, reasons, pasted text.

`clean_text` is applied in the services (so forms, the API, commands and the demo all get it) and in the
form fields (so a form shows and validates what will be stored). It

* turns CR LF and lone CR into LF;
* drops C0 and C1 control characters (and DEL) except newline and tab — ESC sequences, NUL and the like;
* drops bidirectional embedding, override and isolate characters (U+202A–202E, U+2066–2069, and the marks
  U+200E, U+200F, U+061C), which can make a title read differently from what is stored;
* drops zero-width characters (U+200B–200D, U+2060, U+FEFF), which hide differences between two titles;
* composes to Unicode NFC, so the same words are stored as the same code points.

NUL is dropped like the other controls; forms refuse it first with `NUL_MESSAGE` (see `has_nul`), because a
NUL in pasted text usually means a binary file was pasted, and a person should hear that.
"""

from __future__ import annotations

import re
import unicodedata

NUL_MESSAGE = "内容中含有空字符（NUL），通常是粘贴了二进制文件的内容；请检查后重新输入。"

_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n\t\r")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Every character `clean_text` removes (CR is not among them: it becomes a newline first).
REMOVED = frozenset(_CONTROLS + _BIDI + _ZERO_WIDTH)
_DROP = re.compile("[" + re.escape("".join(sorted(REMOVED))) + "]")


def clean_text(value: str | None) -> str:
    """`value` normalised as described above; None becomes ""."""
    if not value:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _DROP.sub("", text))


def has_nul(value: str | None) -> bool:
    return bool(value) and "\x00" in value
