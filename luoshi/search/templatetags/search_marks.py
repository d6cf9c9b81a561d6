"""Search terms highlighted in the text they were found in: the text is escaped, the terms wrapped in <mark>."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

EXCERPT_AROUND = 60


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    # Longest first, so a term inside another is not marked twice.
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    text = str(text or "")
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out, at = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[at : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        at = m.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # every piece was escaped above


def excerpt(text: str, terms: list[str], around: int = EXCERPT_AROUND) -> str:
    """The part of a long text around the first term found (its beginning if none is)."""
    text = " ".join(str(text or "").split())
    pattern = _pattern(terms)
    m = pattern.search(text) if pattern else None
    start = max(0, m.start() - around) if m else 0
    end = min(len(text), (m.end() if m else 0) + around * 2)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@register.filter
def marked(text, terms) -> SafeString:
    return highlight(text, terms)


@register.filter
def marked_excerpt(text, terms) -> SafeString:
    return highlight(excerpt(text, terms), terms)
