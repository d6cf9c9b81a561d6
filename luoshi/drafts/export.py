"""A draft as the Excel 任务分解表, through the intake package's writer (the one the published plan's export
uses too), so the layout is the same one the parser reads back."""

from __future__ import annotations

from datetime import date

from luoshi.intake.export_xlsx import DivisionRow, content_of
from luoshi.lib.cndates import cn_deadline
from luoshi.lib.targets import target_label
from luoshi.org.models import Unit
from luoshi.plans.export import workbook

from . import tree as T
from .models import Draft
from .services import TIERS


def division_rows(draft: Draft) -> list[DivisionRow]:
    """One row per item in the edited order, codes as on the page; unmatched unit names are kept."""
    ids = {pk for n, *_ in T.walk(draft.tree) for pk in n.get("lead", []) + n.get("co", [])}
    units = Unit.objects.in_bulk(ids)

    def names(node: dict, role: str) -> list[str]:
        known = [units[pk].name for pk in node.get(role, []) if pk in units]
        return known + list(node.get(f"unknown_{role}", []))

    rows = []
    for node, code, _depth, _parent in T.walk(draft.tree):
        deadline = date.fromisoformat(node["deadline"]) if node.get("deadline") else None
        rows.append(
            DivisionRow(
                code=code,
                title=node["title"],
                content=content_of(node["title"], _without_marker(node.get("text", ""), node.get("marker"))),
                lead=names(node, "lead"),
                co=names(node, "co"),
                deadline=cn_deadline(deadline, node.get("deadline_text", "")),
                targets=[
                    target_label(t.get("metric", ""), t.get("target_value") or 0, t.get("unit", ""))
                    for t in node.get("targets", [])
                ],
                tier=TIERS["guidance" if node.get("guidance") else node.get("tier") or "routine"],
                weight=str(node.get("weight") or ""),
                has_children=bool(node.get("children")),
            )
        )
    return rows


def _without_marker(text: str, marker: str | None) -> str:
    """The text less its enumerator (一、 （二） 三是): 序号 has a column of its own, and without the
    marker a text that only repeats the title leaves 具体内容 empty."""
    text = (text or "").strip()
    marker = (marker or "").strip()
    if marker and text.startswith(marker):
        return text[len(marker) :].lstrip("，,、：: ")
    return text


def division_table(draft: Draft) -> bytes:
    return workbook(division_rows(draft), draft.title)
