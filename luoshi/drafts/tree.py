"""Edits of a draft's task tree, as plain functions over the JSON nodes (see models.Draft for a node).

Each function changes `tree` in place and raises DraftError with a Chinese message when the edit makes
no sense (no next item to merge with, nothing above to indent under). Codes (1, 1.2, 1.2.3) are never
stored: they follow positions, so they stay right after every move.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from luoshi.lib.text import clean_text

from .deadlines import resolve_deadline
from .errors import DraftError

# Where a sentence or clause ends: the places a person may split an item.
SPLIT_AFTER = re.compile(r"[。；;！？!?]")
_HEAD_END = re.compile(r"[。；;，,：:！？!?\n]")


def walk(
    nodes: list[dict], prefix: str = "", depth: int = 1, parent: dict | None = None
) -> Iterator[tuple[dict, str, int, dict | None]]:
    """Every node in document order with its code, depth and parent."""
    for i, node in enumerate(nodes, start=1):
        code = f"{prefix}{i}"
        yield node, code, depth, parent
        yield from walk(node.get("children", []), f"{code}.", depth + 1, node)


def locate(nodes: list[dict], node_id: int) -> tuple[list[dict], int, dict | None]:
    """(the list holding the node, its index there, its parent or None)."""

    def search(siblings: list[dict], parent: dict | None):
        for i, node in enumerate(siblings):
            if node["id"] == node_id:
                return siblings, i, parent
            found = search(node.get("children", []), node)
            if found:
                return found
        return None

    found = search(nodes, None)
    if not found:
        raise DraftError("找不到这一条目，可能已被删除或合并。页面已刷新为最新内容。")
    return found


def get(nodes: list[dict], node_id: int) -> dict:
    siblings, i, _ = locate(nodes, node_id)
    return siblings[i]


def head_of(text: str, limit: int = 60) -> str:
    """An item's head: its first clause, as the parser would title it."""
    text = text.strip()
    m = _HEAD_END.search(text)
    head = text[: m.start()] if m else text
    return head[:limit].strip() or text[:limit].strip()


def count(nodes: list[dict]) -> int:
    return sum(1 for _ in walk(nodes))


def rename(tree: list[dict], node_id: int, title: str) -> dict:
    title = " ".join(clean_text(title).split())
    if not title:
        raise DraftError("任务名称不能为空。")
    if len(title) > 300:
        raise DraftError("任务名称太长（不超过300字）。较长的内容请放在具体内容里。")
    node = get(tree, node_id)
    node["title"] = title
    return node


def _union(a: list, b: list) -> list:
    return a + [x for x in b if x not in a]


def merge_next(tree: list[dict], node_id: int) -> dict:
    """Join a node with the sibling after it: texts, children, units and targets together."""
    siblings, i, _ = locate(tree, node_id)
    if i + 1 >= len(siblings):
        raise DraftError("这是同一级的最后一条，后面没有可以合并的条目。")
    node, nxt = siblings[i], siblings.pop(i + 1)
    node["text"] = _join_text(node.get("text", ""), nxt.get("text", ""))
    node["children"] = node.get("children", []) + nxt.get("children", [])
    for key in ("lead", "co", "unknown_lead", "unknown_co"):
        node[key] = _union(node.get(key, []), nxt.get(key, []))
    node["targets"] = node.get("targets", []) + nxt.get("targets", [])
    if not node.get("deadline_text") and not node.get("deadline"):
        node["deadline"], node["deadline_text"] = nxt.get("deadline"), nxt.get("deadline_text", "")
    starts = [n["source_start"] for n in (node, nxt) if n.get("source_start") is not None]
    ends = [n["source_end"] for n in (node, nxt) if n.get("source_end") is not None]
    node["source_start"] = min(starts) if starts else None
    node["source_end"] = max(ends) if ends else None
    return node


def _join_text(a: str, b: str) -> str:
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a or b
    return a + ("" if SPLIT_AFTER.match(a[-1]) else "；") + b


def split_points(text: str) -> list[int]:
    """Positions after each sentence or clause end (not the very end): where a split makes sense."""
    return [m.end() for m in SPLIT_AFTER.finditer(text) if text[m.end() :].strip()]


def split(tree: list[dict], node_id: int, position: int, new_id: int, source_text: str = "") -> dict:
    """Cut a node's text at `position`; the rest becomes a new sibling right after it.

    Units are copied to both halves (a responsibility note usually covers the whole item); targets and
    the deadline go with the half whose text contains them; children stay with the first half.
    """
    siblings, i, _ = locate(tree, node_id)
    node = siblings[i]
    text = node.get("text", "")
    if not 0 < position < len(text) or not text[:position].strip() or not text[position:].strip():
        raise DraftError("拆分位置不对：拆分后两部分都要有内容。")
    first, rest = text[:position].rstrip(), text[position:].strip()
    new = {
        **{k: v for k, v in node.items() if k != "children"},
        "id": new_id,
        "title": head_of(rest),
        "text": rest,
        "children": [],
        "marker": None,
        "lead": list(node.get("lead", [])),
        "co": list(node.get("co", [])),
        "unknown_lead": list(node.get("unknown_lead", [])),
        "unknown_co": list(node.get("unknown_co", [])),
        "targets": [t for t in node.get("targets", []) if t.get("text") and t["text"] in rest],
    }
    node["targets"] = [t for t in node.get("targets", []) if t not in new["targets"]]
    node["text"] = first
    if node.get("deadline_text") and node["deadline_text"] in rest and node["deadline_text"] not in first:
        node["deadline"], node["deadline_text"] = None, ""
    elif not (node.get("deadline_text") and node["deadline_text"] in rest):
        new["deadline"], new["deadline_text"] = None, ""
    if not node.get("title") or node["title"] not in first:
        node["title"] = head_of(first)
    _split_offsets(node, new, position, source_text)
    siblings.insert(i + 1, new)
    return new


def _split_offsets(node: dict, new: dict, position: int, source_text: str) -> None:
    """Keep both halves pointing at their own sentences in the source, when the source can tell."""
    start, end = node.get("source_start"), node.get("source_end")
    if start is None or end is None or not source_text:
        return
    at = source_text.find(new["text"][:20], start, end) if new["text"] else -1
    if at < 0:
        return  # the text was edited or assembled; both halves keep the whole span
    node["source_end"] = at
    new["source_start"], new["source_end"] = at, end


def indent(tree: list[dict], node_id: int) -> dict:
    """Make a node the last child of the sibling above it."""
    siblings, i, _ = locate(tree, node_id)
    if i == 0:
        raise DraftError("上面没有同级条目，无法降级。")
    node = siblings.pop(i)
    siblings[i - 1].setdefault("children", []).append(node)
    return node


def outdent(tree: list[dict], node_id: int) -> dict:
    """Move a node out of its parent, to just after the parent; the siblings below it become its children,
    so the order of the items as read stays the same."""
    siblings, i, parent = locate(tree, node_id)
    if parent is None:
        raise DraftError("已经是第一级，无法升级。")
    node = siblings.pop(i)
    node.setdefault("children", []).extend(siblings[i:])
    del siblings[i:]
    grand_siblings, j, _ = locate(tree, parent["id"])
    grand_siblings.insert(j + 1, node)
    return node


def delete(tree: list[dict], node_id: int) -> dict:
    siblings, i, _ = locate(tree, node_id)
    return siblings.pop(i)


def move(tree: list[dict], node_id: int, delta: int) -> dict:
    """Swap a node with its sibling above (delta -1) or below (+1)."""
    siblings, i, _ = locate(tree, node_id)
    j = i + delta
    if not 0 <= j < len(siblings):
        raise DraftError("已经在最上面，无法上移。" if delta < 0 else "已经在最下面，无法下移。")
    siblings[i], siblings[j] = siblings[j], siblings[i]
    return siblings[j]


def new_node(node_id: int, title: str) -> dict:
    """An item a person adds by hand: no source sentence, no units yet."""
    title = " ".join((title or "").split())[:300] or "新条目（请修改名称）"
    return {
        "id": node_id, "title": title, "text": "", "tier": "routine", "guidance": False, "weight": "1",
        "deadline": None, "deadline_text": "", "lead": [], "co": [], "unknown_lead": [], "unknown_co": [],
        "targets": [], "marker": None, "section": None, "source_start": None, "source_end": None, "children": [],
    }  # fmt: skip


def insert_after(tree: list[dict], node_id: int, node: dict) -> dict:
    """Put `node` right after `node_id`, at the same level."""
    siblings, i, _ = locate(tree, node_id)
    siblings.insert(i + 1, node)
    return node


def add_child(tree: list[dict], node_id: int | None, node: dict) -> dict:
    """Put `node` last under `node_id`; under None, last at the top level."""
    (tree if node_id is None else get(tree, node_id).setdefault("children", [])).append(node)
    return node


def redated(tree: list[dict], old_year: int, new_year: int) -> list[dict]:
    """A copy of the tree for a plan of `new_year`: each deadline that was read from its words in
    `old_year` (6月底前 → 30 June) is read again in `new_year`; a date set by hand or naming its own year
    stays."""
    if old_year == new_year:
        return tree
    copied = copy.deepcopy(tree)
    for node, *_ in walk(copied):
        words, deadline = node.get("deadline_text"), node.get("deadline")
        before = resolve_deadline(words, old_year)
        if before is not None and deadline == before.isoformat():
            node["deadline"] = resolve_deadline(words, new_year).isoformat()
    return copied
