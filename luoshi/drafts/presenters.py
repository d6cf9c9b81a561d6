"""Shape a draft's tree for the templates: one flat row per node, with its code, depth and unit names,
built with one query for the units whatever the size of the tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from luoshi.org.models import Unit

from . import tree as T
from .models import Draft
from .services import TIERS, publish_problems


@dataclass
class Row:
    node: dict
    code: str
    depth: int
    lead: list[Unit]
    co: list[Unit]
    first: bool
    last: bool
    source: str
    deadline: date | None
    tier_value: str
    needs_lead: bool
    children: int = 0
    pad: int = field(init=False)

    def __post_init__(self):
        self.pad = min(self.depth - 1, 6)


def rows(draft: Draft, units: dict[int, Unit] | None = None) -> list[Row]:
    if units is None:
        ids = {pk for n, *_ in T.walk(draft.tree) for pk in n.get("lead", []) + n.get("co", [])}
        units = Unit.objects.in_bulk(ids)
    out = []
    positions = {}
    for node, code, depth, parent in T.walk(draft.tree):
        siblings = parent["children"] if parent else draft.tree
        key = id(siblings)
        positions[key] = positions.get(key, -1) + 1
        i = positions[key]
        start, end = node.get("source_start"), node.get("source_end")
        source = draft.source_text[start:end].strip() if start is not None and end else ""
        out.append(
            Row(
                node=node,
                code=code,
                depth=depth,
                lead=[units[pk] for pk in node.get("lead", []) if pk in units],
                co=[units[pk] for pk in node.get("co", []) if pk in units],
                first=i == 0,
                last=i == len(siblings) - 1,
                source=source,
                deadline=date.fromisoformat(node["deadline"]) if node.get("deadline") else None,
                tier_value="guidance" if node.get("guidance") else node.get("tier", "routine"),
                needs_lead=not node.get("children") and not node.get("guidance") and not node.get("lead"),
                children=len(node.get("children", [])),
            )
        )
    return out


def tree_context(draft: Draft, error: str = "") -> dict:
    """Everything the tree partial needs."""
    all_rows = rows(draft)
    return {
        "draft": draft,
        "rows": all_rows,
        "tiers": TIERS.items(),
        "problems": publish_problems(draft),
        "error": error,
    }
