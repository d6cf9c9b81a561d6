"""Where a task came from: the words of the plan's source text it was read from, with a little context.

A plan imported from a document keeps that document as `Plan.source_text`, and each of its tasks keeps
`source_start`/`source_end` into it. The pages show that span under a small 原文 disclosure, so whoever
checks or edits a task can see what the document actually said. The source is loaded once per page
(with the plan) and sliced here; rows never carry it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CONTEXT = 40  # characters of context either side, within the same paragraph
MAX_QUOTE = 600  # a quote longer than this is cut (a whole section is no "sentence")
ELLIPSIS = "…"


@dataclass(frozen=True)
class SourceExcerpt:
    """The quoted span and the context around it, ready to show (cells of a pasted table separated)."""

    before: str
    quote: str
    after: str


def source_excerpt(
    source: str, start: int | None, end: int | None, context: int = CONTEXT
) -> SourceExcerpt | None:
    """The excerpt for one span, or None when the task has no (usable) offsets."""
    if not source or start is None or end is None:
        return None
    start, end = max(0, start), min(len(source), end)
    if end <= start or not source[start:end].strip():
        return None
    quote = source[start:end].strip()
    if len(quote) > MAX_QUOTE:
        quote = quote[:MAX_QUOTE].rstrip() + ELLIPSIS
    return SourceExcerpt(
        before=_shown(_context_before(source, start, context)),
        quote=_shown(quote),
        after=_shown(_context_after(source, end, context)),
    )


def attach_excerpts(tasks: Iterable, source: str) -> None:
    """Set `source_excerpt` on each task from one already-loaded source text (no query)."""
    for task in tasks:
        task.source_excerpt = source_excerpt(source, task.source_start, task.source_end)


def _context_before(source: str, start: int, context: int) -> str:
    line_start = source.rfind("\n", 0, start) + 1
    if start - line_start <= context:
        return source[line_start:start].lstrip()
    return ELLIPSIS + source[start - context : start]


def _context_after(source: str, end: int, context: int) -> str:
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    if line_end - end <= context:
        return source[end:line_end].rstrip()
    return source[end : end + context] + ELLIPSIS


def _shown(text: str) -> str:
    """A pasted table's tab-separated cells read as cells, not as one run of words."""
    return text.replace("\t", " ｜ ")
