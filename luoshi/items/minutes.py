"""Split a meeting's minutes into its decisions (会议议定事项), one per item. Pure Python.

A decision is a numbered line (一、 （一） 1. 1、 ①) or one of several "一是…二是…" clauses of a line;
the numbering is dropped. Lines too short to be a decision (a heading such as "会议议定：") are skipped.
"""

from __future__ import annotations

import re

MARKER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、．.]|\d+[、．.)]|[①-⑳])\s*"
)
CLAUSE = re.compile(r"(?=(?<![一二三四五六七八九十])[一二三四五六七八九十]+是)")
HEADING = re.compile(r"^.{0,12}[：:]$")
MIN_LENGTH = 4


def split_decisions(minutes: str) -> list[str]:
    """The decisions in `minutes`, in order, each stripped of its numbering and surrounding space."""
    decisions = []
    for line in (minutes or "").splitlines():
        line = MARKER.sub("", line.strip()).strip()
        if not line or HEADING.match(line):
            continue
        for clause in CLAUSE.split(line):
            clause = clause.strip().rstrip("；;，,").strip()
            clause = re.sub(r"^[一二三四五六七八九十]+是", "", clause).strip("，, ")
            if len(clause) >= MIN_LENGTH:
                decisions.append(clause)
    return decisions
