"""A draft as the Excel 任务分解表, through the intake package's writer so the layout is the same one the
parser reads back."""

from __future__ import annotations

import io

from luoshi.intake import Node, ParseResult, Target
from luoshi.intake.export_xlsx import write_division_table
from luoshi.lib.cndates import cn_date
from luoshi.org.models import Unit

from . import tree as T
from .models import Draft


def as_parse_result(draft: Draft) -> ParseResult:
    ids = {pk for n, *_ in T.walk(draft.tree) for pk in n.get("lead", []) + n.get("co", [])}
    units = Unit.objects.in_bulk(ids)

    def names(node: dict, role: str) -> list[str]:
        known = [units[pk].name for pk in node.get(role, []) if pk in units]
        return known + list(node.get(f"unknown_{role}", []))

    def convert(node: dict) -> Node:
        from datetime import date

        deadline = node.get("deadline_text") or (
            cn_date(date.fromisoformat(node["deadline"])) if node.get("deadline") else None
        )
        return Node(
            title=node["title"],
            text=_without_marker(node.get("text", ""), node.get("marker")),
            children=[convert(c) for c in node.get("children", [])],
            lead_units=names(node, "lead"),
            co_units=names(node, "co"),
            marker=None,  # codes follow the edited order, as on the page
            deadline=deadline,
            targets=[
                Target(value=_number(t.get("target_value")), unit=t.get("unit", ""), text=t.get("text") or "")
                for t in node.get("targets", [])
            ],
            start=node.get("source_start") or 0,
            end=node.get("source_end") or 0,
        )

    return ParseResult(meeting=None, items=[convert(n) for n in draft.tree], source=draft.source_text)


def _without_marker(text: str, marker: str | None) -> str:
    """The text less its enumerator (一、 （二） 三是): 序号 has a column of its own, and without the
    marker a text that only repeats the title leaves 具体内容 empty."""
    text = (text or "").strip()
    marker = (marker or "").strip()
    if marker and text.startswith(marker):
        return text[len(marker) :].lstrip("，,、：: ")
    return text


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def division_table(draft: Draft) -> bytes:
    stream = io.BytesIO()
    title = draft.title if draft.title.endswith("任务分解表") else f"{draft.title}任务分解表"
    write_division_table(as_parse_result(draft), stream, title=title)
    return stream.getvalue()
