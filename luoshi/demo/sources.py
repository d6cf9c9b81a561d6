"""Where each demo task was said: its sentence in the founding meeting's report, found when the demo loads.

The document (`wuhan-tongzhan-2023.txt` of the shared corpus, under `settings.SHARED_DIR`) is not part of
the project and none of its sentences are copied here. When it is present it becomes the plan's source
text, and each task of `data.PLAN` is located in it: the intake parser splits the report into its items
(the 四项工程, their parts, the 四个重点 and 四个导向) with their offsets; a task with sub-tasks points at the
parsed item most like its title, and a task without points at the clause (or parsed item) most like its
title inside its parent's item — likeness being shared pairs of characters, weighed against length.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from luoshi.intake import Node, parse_text

from .data import DemoTask

FOUNDING_DOCUMENT = Path("corpus/dev/wuhan-tongzhan-2023.txt")  # under settings.SHARED_DIR
_CLAUSE_END = re.compile(r"[，；。：！？]")
_PIECE_END = re.compile(r"[，；。：！？、]")
_SENTENCE_END = "。"

Path_ = tuple[int, ...]  # a task's place in data.PLAN: (0,), (0, 2), (3, 1, 0)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def founding_document_path() -> Path:
    return Path(settings.SHARED_DIR) / FOUNDING_DOCUMENT


def founding_document() -> str | None:
    """The report's text, or None when the shared corpus is not beside the repository."""
    path = founding_document_path()
    return path.read_text(encoding="utf-8") if path.is_file() else None


def missing_note() -> str:
    return f"未找到全市统战部长会议的原文（{founding_document_path()}），演示部署的任务不关联原文句子。"


def locate(plan: list[DemoTask], text: str) -> dict[Path_, Span]:
    """Each task's span in `text`, by its place in `plan`; a task whose title shares nothing with the text
    is left out (the caller decides whether that is acceptable)."""
    items = [
        _Candidate(Span(n.start, n.end), n.title)
        for n in _walk(parse_text(text).items)
        if n.section != "review" and not n.mirror
    ]
    found: dict[Path_, Span] = {}

    def visit(tasks: list[DemoTask], prefix: Path_, region: Span | None) -> None:
        for i, task in enumerate(tasks):
            path = (*prefix, i)
            inside = [c for c in items if region is None or _within(c.span, region)]
            candidates = inside if task.children else inside + _clauses(text, region)
            best = _most_like(task.title, candidates)
            if best is None:
                continue
            found[path] = _first_sentence(text, best) if task.children else best
            visit(list(task.children), path, best)

    visit(plan, (), None)
    return found


@dataclass(frozen=True)
class _Candidate:
    """A span a task may point at, and the words it is judged by: a parsed item's title, a clause's text."""

    span: Span
    label: str


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner != outer


def _clauses(text: str, region: Span | None) -> list[_Candidate]:
    """Clauses (to ，；。) and their parts (to 、) inside `region`, trimmed of spaces."""
    if region is None:
        return []
    spans = []
    for pattern in (_CLAUSE_END, _PIECE_END):
        start = region.start
        for m in pattern.finditer(text, region.start, region.end):
            spans.append(_trimmed(text, start, m.start()))
            start = m.end()
        spans.append(_trimmed(text, start, region.end))
    return [_Candidate(s, text[s.start : s.end]) for s in spans if s.end > s.start]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _most_like(title: str, candidates: list[_Candidate]) -> Span | None:
    """The span of the candidate sharing most character pairs with `title` for its length (the cosine of
    the two sets of pairs); on a tie the shorter span."""
    wanted = _pairs(title)
    best, best_score = None, 0.0
    for candidate in sorted(candidates, key=lambda c: (c.span.end - c.span.start, c.span.start)):
        pairs = _pairs(candidate.label)
        if not pairs:
            continue
        score = len(wanted & pairs) / math.sqrt(len(wanted) * len(pairs))
        if score > best_score:
            best, best_score = candidate.span, score
    return best


def _first_sentence(text: str, span: Span) -> Span:
    """A parent item's own sentence: its span up to the first 。 (its sub-items follow)."""
    end = text.find(_SENTENCE_END, span.start, span.end)
    return span if end < 0 else Span(span.start, end + 1)
