"""Shape a draft's tree for the templates: one flat row per node, with its code, depth and unit names,
built with one query for the units whatever the size of the tree.

A large tree (more than COLLAPSE_ABOVE items) opens collapsed: only the top level shows, CHUNK rows at a
time, and a branch's children are fetched when the person opens it (`branch_context`). The open branches
travel with every edit (`open` fields, see `Opened`), so an edit redraws the tree as the person left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from luoshi.org.models import Unit

from . import tree as T
from .errors import DraftError
from .models import Draft
from .services import TIERS, last_edit, publish_problems


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
    collapsed: bool = False  # has children that are not shown (a large tree's closed branch)
    expanded: bool = False  # a large tree's branch that was opened: it can be closed again
    pad: int = field(init=False)

    def __post_init__(self):
        self.pad = min(self.depth - 1, 6)


def rows(
    draft: Draft, units: dict[int, Unit] | None = None, opened: Opened | None = None
) -> list[Row | More]:
    """Every node as a row in document order; with `opened`, only the rows of open branches (and a `More`
    where a branch has more children than are shown)."""
    walked = list(T.walk(draft.tree)) if opened is None else list(opened.walk(draft.tree))
    return _rows_of(draft, walked, opened, units)


def _rows_of(draft: Draft, walked: list, opened: Opened | None, units: dict[int, Unit] | None = None) -> list:
    if units is None:
        ids = {pk for n, *_ in walked if isinstance(n, dict) for pk in n.get("lead", []) + n.get("co", [])}
        units = Unit.objects.in_bulk(ids)
    out = []
    for node, code, depth, parent in walked:
        if isinstance(node, More):
            out.append(node)
            continue
        siblings = parent["children"] if parent else draft.tree
        i = int(code.rsplit(".", 1)[-1]) - 1  # codes follow positions
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
                collapsed=opened is not None
                and bool(node.get("children"))
                and node["id"] not in opened.shown,
                expanded=opened is not None and bool(node.get("children")) and node["id"] in opened.shown,
            )
        )
    return out


COLLAPSE_ABOVE = 300  # items; a larger tree opens collapsed
CHUNK = 100  # children shown at a time in a collapsed tree
ROOT = 0  # the branch id of the top level


@dataclass
class More:
    """The place of a branch's children not shown yet: a button fetching the next CHUNK of them."""

    parent_id: int
    start: int
    remaining: int
    depth: int
    is_more: bool = True

    @property
    def next_count(self) -> int:
        return min(self.remaining, CHUNK)


@dataclass
class Opened:
    """The open branches of a collapsed tree: node id (ROOT for the top level) → how many children show."""

    shown: dict[int, int] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, values: list[str]) -> Opened:
        """From the page's `open` fields, "id:count" each; anything malformed is left out (closed)."""
        shown = {ROOT: CHUNK}
        for value in values[:5000]:
            node_id, _, count = str(value).partition(":")
            if node_id.isdigit() and count.isdigit():
                shown[int(node_id)] = max(shown.get(int(node_id), 0), min(int(count), 10**6))
        return cls(shown)

    def reveal(self, tree: list[dict], node_id: int) -> None:
        """Open every branch on the way to `node_id`, far enough to show it (the node an edit touched)."""
        path = _path_to(tree, node_id)
        for parent_id, index in path:
            need = -(-(index + 1) // CHUNK) * CHUNK
            self.shown[parent_id] = max(self.shown.get(parent_id, 0), need)

    def close(self, tree: list[dict], node_id: int) -> None:
        """Close the branch of `node_id` and every branch below it (收起)."""
        found = next((n for n, *_ in T.walk(tree) if n["id"] == node_id), None)
        if found is None:
            raise DraftError("找不到这一条目，可能已被删除或合并。页面已刷新为最新内容。")
        self.shown.pop(node_id, None)
        for below, *_ in T.walk(found.get("children", [])):
            self.shown.pop(below["id"], None)

    def walk(self, nodes: list[dict], prefix: str = "", depth: int = 1, parent: dict | None = None):
        """Like tree.walk, over the open branches only, with a More where a branch is cut short."""
        limit = self.shown.get(parent["id"] if parent else ROOT, 0)
        for i, node in enumerate(nodes[:limit], start=1):
            code = f"{prefix}{i}"
            yield node, code, depth, parent
            if node["id"] in self.shown and node.get("children"):
                yield from self.walk(node["children"], f"{code}.", depth + 1, node)
        if len(nodes) > limit:
            yield More(parent["id"] if parent else ROOT, limit, len(nodes) - limit, depth), "", depth, parent

    def fields(self) -> list[str]:
        return [
            f"{node_id}:{count}" for node_id, count in self.shown.items() if node_id != ROOT or count > CHUNK
        ]


def _path_to(tree: list[dict], node_id: int) -> list[tuple[int, int]]:
    """(branch id, index of the next node in it) from the top level down to `node_id`; [] if not found."""

    def search(nodes: list[dict], branch: int):
        for i, node in enumerate(nodes):
            if node["id"] == node_id:
                return [(branch, i)]
            below = search(node.get("children", []), node["id"])
            if below:
                return [(branch, i), *below]
        return None

    return search(tree, ROOT) or []


def is_large(draft: Draft) -> bool:
    return T.count(draft.tree) > COLLAPSE_ABOVE


def tree_context(draft: Draft, error: str = "", opened: Opened | None = None) -> dict:
    """Everything the tree partial needs; a large tree collapsed to its open branches."""
    if opened is None and is_large(draft):
        opened = Opened.from_fields([])
    return {
        "draft": draft,
        "rows": rows(draft, opened=opened),
        "items": T.count(draft.tree),
        "opened": opened,
        "tiers": TIERS.items(),
        "problems": publish_problems(draft),
        "undo": last_edit(draft) if draft.is_editing else "",
        "error": error,
    }


def branch_context(draft: Draft, node_id: int, start: int) -> dict:
    """The next CHUNK children of one branch (ROOT: the top level), as rows for the tree partial."""
    if node_id == ROOT:
        nodes, prefix, depth, parent = draft.tree, "", 1, None
    else:
        parent, prefix, depth = _find(draft.tree, node_id)
        nodes = parent.get("children", [])
    start = max(0, min(start, len(nodes)))
    shown = start + CHUNK
    opened = Opened({node_id: shown})
    walked = []
    for i, node in enumerate(nodes[start:shown], start=start + 1):
        walked.append((node, f"{prefix}{i}", depth, parent))
    if len(nodes) > shown:
        walked.append((More(node_id, shown, len(nodes) - shown, depth), "", depth, parent))
    return {
        "draft": draft,
        "rows": _rows_of(draft, walked, opened),
        "opened": opened,
        "branch": f"{node_id}:{shown}",
        "tiers": TIERS.items(),
        # The first chunk of a branch comes with the way to close it again.
        "closable": {"id": node_id, "code": prefix.rstrip(".")} if node_id != ROOT and start == 0 else None,
    }


def _find(tree: list[dict], node_id: int) -> tuple[dict, str, int]:
    """A node with the code prefix and depth of its children."""
    for node, code, depth, _ in T.walk(tree):
        if node["id"] == node_id:
            return node, f"{code}.", depth + 1
    raise DraftError("找不到这一条目，可能已被删除或合并。页面已刷新为最新内容。")
