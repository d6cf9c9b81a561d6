"""Editing a draft's tree: each edit locks the draft, checks the revision the editor loaded, changes a copy
of the tree and writes an audit entry."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plan_services

from .. import tree as T
from ..errors import DraftError
from ..models import Draft, DraftSnapshot
from .common import STALE_MESSAGE, TIERS, StaleDraft, _iso, _label, _user

log = logging.getLogger(__name__)


def _edit(
    actor: Actor,
    draft: Draft,
    revision: int | None,
    action: str,
    change: Callable[[Draft, list[dict]], str],
    *,
    undoable: bool = True,
) -> Draft:
    """Run one edit: lock, check the revision, change a copy of the tree, save, keep what it was (for 撤销),
    audit."""
    access.require(actor, Action.EDIT_DRAFT, draft)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("这份草稿已经发布，不能再修改。请到工作部署中修改任务。")
        _check_revision(locked, revision, actor)
        before = copy.deepcopy(locked.tree)
        before_title, before_year = locked.title, locked.year
        new_tree = copy.deepcopy(locked.tree)
        summary = change(locked, new_tree)
        locked.tree = new_tree
        locked.revision += 1
        locked.edit_log = [*locked.edit_log[-(EDIT_LOG_LENGTH - 1) :], [locked.revision, _user_id(actor)]]
        locked.save(update_fields=["tree", "revision", "edit_log", "next_id", "title", "year", "updated_at"])
        if undoable:
            _keep_for_undo(locked, before, before_title, before_year, summary)
        record(
            actor,
            action,
            locked,
            before={"revision": locked.revision - 1, "items": T.count(before)},
            after={"revision": locked.revision, "items": T.count(new_tree)},
            summary=summary,
        )
    return locked


EDIT_LOG_LENGTH = 50


def _user_id(actor: Actor) -> int | None:
    user = _user(actor)
    return user.pk if user else None


def _check_revision(draft: Draft, revision: int | None, actor: Actor) -> None:
    """Refuse an edit made on an out-of-date page, unless every edit since was the same person's own."""
    if revision is None or int(revision) == draft.revision:
        return
    since = [uid for rev, uid in draft.edit_log if rev > int(revision)]
    mine = _user_id(actor)
    if (
        int(revision) > draft.revision
        or len(since) != draft.revision - int(revision)
        or mine is None
        or any(uid != mine for uid in since)
    ):
        raise StaleDraft(STALE_MESSAGE)


def rename_node(
    actor: Actor, draft: Draft, node_id: int, title: str, *, revision: int | None = None
) -> Draft:
    def change(d, tree):
        old = _label(T.get(tree, node_id))
        node = T.rename(tree, node_id, title)
        return f"改名：{old} → {_label(node)}"

    return _edit(actor, draft, revision, "draft_rename", change)


def merge_with_next(actor: Actor, draft: Draft, node_id: int, *, revision: int | None = None) -> Draft:
    def change(d, tree):
        return f"与下一条合并：{_label(T.merge_next(tree, node_id))}"

    return _edit(actor, draft, revision, "draft_merge", change)


def split_node(
    actor: Actor, draft: Draft, node_id: int, position: int, *, revision: int | None = None
) -> Draft:
    def change(d, tree):
        new = T.split(tree, node_id, int(position), d.next_id, d.source_text)
        d.next_id += 1
        return f"拆分出：{_label(new)}"

    return _edit(actor, draft, revision, "draft_split", change)


def indent_node(actor: Actor, draft: Draft, node_id: int, *, revision: int | None = None) -> Draft:
    return _edit(
        actor, draft, revision, "draft_indent", lambda d, tree: f"降级：{_label(T.indent(tree, node_id))}"
    )


def outdent_node(actor: Actor, draft: Draft, node_id: int, *, revision: int | None = None) -> Draft:
    return _edit(
        actor, draft, revision, "draft_outdent", lambda d, tree: f"升级：{_label(T.outdent(tree, node_id))}"
    )


def delete_node(actor: Actor, draft: Draft, node_id: int, *, revision: int | None = None) -> Draft:
    def change(d, tree):
        node = T.delete(tree, node_id)
        return f"删除：{_label(node)}（含下级 {T.count(node.get('children', []))} 条）"

    return _edit(actor, draft, revision, "draft_delete", change)


def move_node(actor: Actor, draft: Draft, node_id: int, delta: int, *, revision: int | None = None) -> Draft:
    if delta not in (-1, 1):
        raise DraftError("只能上移或下移一位。")
    return _edit(
        actor,
        draft,
        revision,
        "draft_move",
        lambda d, tree: f"{'上移' if delta < 0 else '下移'}：{_label(T.move(tree, node_id, delta))}",
    )


def set_tier(actor: Actor, draft: Draft, node_id: int, tier: str, *, revision: int | None = None) -> Draft:
    """Set 例行/重点/亮点, or mark the item 工作要求 (guidance: published but not assigned)."""
    if tier not in TIERS:
        raise DraftError("请选择例行、重点、亮点或工作要求。")

    def change(d, tree):
        node = T.get(tree, node_id)
        node["guidance"] = tier == "guidance"
        if tier != "guidance":
            node["tier"] = tier
        return f"层级：{_label(node)} → {TIERS[tier]}"

    return _edit(actor, draft, revision, "draft_set_tier", change)


def _unit_ids(draft: Draft, ids) -> list[int]:
    """Unit ids from a form, in the order given, each checked to be under the draft's deploying unit."""
    try:
        wanted = list(dict.fromkeys(int(i) for i in ids if str(i).strip()))
    except (TypeError, ValueError):
        raise DraftError("单位选择有误，请从单位列表中选择。") from None
    try:
        plan_services.refuse_deploying_unit(draft.deploying_unit, wanted)
    except ServiceError as e:
        raise DraftError(str(e)) from None
    found = set(Unit.objects.subtree(draft.deploying_unit).filter(pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise DraftError("所选单位不在单位名录中或不在本部署单位的督办范围内，请刷新页面后重新选择。")
    return wanted


def set_units(
    actor: Actor, draft: Draft, node_id: int, *, lead: list, co: list, revision: int | None = None
) -> Draft:
    """Set the lead and co-operating units from the unit register; a unit that leads does not also co-operate.
    Flagged unknown names stay until matched or removed (resolve_unknown_unit)."""
    lead_ids, co_ids = _unit_ids(draft, lead), _unit_ids(draft, co)
    co_ids = [u for u in co_ids if u not in lead_ids]

    def change(d, tree):
        node = T.get(tree, node_id)
        node["lead"], node["co"] = lead_ids, co_ids
        return f"责任单位：{_label(node)}"

    return _edit(actor, draft, revision, "draft_set_units", change)


def resolve_unknown_unit(
    actor: Actor, draft: Draft, node_id: int, name: str, unit_id: int | None, *, revision: int | None = None
) -> Draft:
    """Match a flagged unit name to a unit of the register (keeping its role), or remove it (unit_id None)."""
    return resolve_unknown_units(
        actor, draft, node_id, name, [unit_id] if unit_id not in (None, "") else [], revision=revision
    )


def resolve_unknown_units(
    actor: Actor, draft: Draft, node_id: int, name: str, unit_ids: list, *, revision: int | None = None
) -> Draft:
    """Match a flagged name to units of the register, in the role it was written in: one unit for a name,
    the confirmed units for a group name (各区委统战部 → the districts ticked); none removes the name."""
    unit_ids = _unit_ids(draft, unit_ids) if unit_ids else []

    def change(d, tree):
        node = T.get(tree, node_id)
        for role in ("lead", "co"):
            names = node.get(f"unknown_{role}", [])
            if name in names:
                names.remove(name)
                for pk in unit_ids:
                    if pk not in node["lead"] and pk not in node["co"]:
                        node[role].append(pk)
                if not unit_ids:
                    return f"未匹配单位“{name}”：已移除"
                many = f"{len(unit_ids)} 个" if len(unit_ids) > 1 else ""
                return f"未匹配单位“{name}”：已对应到名录{many}单位"
        raise DraftError(f"这一条目没有未匹配单位“{name}”，页面已刷新。")

    return _edit(actor, draft, revision, "draft_resolve_unit", change)


def set_deadline(
    actor: Actor,
    draft: Draft,
    node_id: int,
    *,
    deadline: date | None,
    deadline_text: str = "",
    revision: int | None = None,
) -> Draft:
    """Fix an item's deadline: a date (or none, for 长期坚持) and the words as written."""
    deadline_text = " ".join(clean_text(deadline_text).split())[:50]

    def change(d, tree):
        node = T.get(tree, node_id)
        node["deadline"] = _iso(deadline)
        node["deadline_text"] = deadline_text
        return f"完成时限：{_label(node)} → {node['deadline'] or '无'} {deadline_text}"

    return _edit(actor, draft, revision, "draft_set_deadline", change)


def update_details(
    actor: Actor, draft: Draft, *, title: str, year: int, revision: int | None = None
) -> Draft:
    title = " ".join(clean_text(title).split())
    if not title:
        raise DraftError("标题不能为空。")
    if not 2000 <= int(year) <= 2100:
        raise DraftError("年度不对，请填写四位年份。")

    def change(d, tree):
        d.title, d.year = title[:200], int(year)
        return f"标题与年度：{d.title}（{d.year}年）"

    return _edit(actor, draft, revision, "draft_update", change)


def _keep_for_undo(draft: Draft, tree: list[dict], title: str, year: int, summary: str) -> None:
    DraftSnapshot.objects.create(
        draft=draft, revision=draft.revision - 1, tree=tree, title=title, year=year, summary=summary[:200]
    )
    old = draft.snapshots.order_by("-id").values_list("id", flat=True)[DraftSnapshot.UNDO_DEPTH :]
    DraftSnapshot.objects.filter(pk__in=list(old)).delete()


def last_edit(draft: Draft) -> str:
    """What 撤销 would undo, in words; "" when there is nothing to undo."""
    return draft.snapshots.order_by("-id").values_list("summary", flat=True).first() or ""


def undo_last_edit(actor: Actor, draft: Draft, *, revision: int | None = None) -> Draft:
    """Put the draft back as it was before its latest edit (tree, title and year), whoever made it. The
    undo is itself an edit (a new revision, audited) but cannot be undone; undoing again goes further back."""

    def change(d, tree):
        snapshot = d.snapshots.order_by("-id").first()
        if snapshot is None:
            raise DraftError("没有可以撤销的修改。")
        tree[:] = snapshot.tree
        d.title, d.year = snapshot.title, snapshot.year
        snapshot.delete()
        return f"撤销：{snapshot.summary}"

    return _edit(actor, draft, revision, "draft_undo", change, undoable=False)


def add_node(
    actor: Actor, draft: Draft, node_id: int, where: str, title: str = "", *, revision: int | None = None
) -> Draft:
    """Add an item by hand: right after `node_id` ("after") or last under it ("child"; node 0 is the top
    level)."""
    if where not in ("after", "child"):
        raise DraftError("请选择添加同级条目还是下级条目。")

    def change(d, tree):
        node = T.new_node(d.next_id, title)
        d.next_id += 1
        if where == "child":
            T.add_child(tree, node_id or None, node)
        else:
            T.insert_after(tree, node_id, node)
        return f"添加：{_label(node)}"

    return _edit(actor, draft, revision, "draft_add", change)


MAX_TEXT = 5000
MAX_TARGETS = 10


def set_content(
    actor: Actor,
    draft: Draft,
    node_id: int,
    *,
    text: str,
    weight: str,
    targets: list[dict],
    revision: int | None = None,
) -> Draft:
    """Fix an item's 具体内容, its weight and its quantified targets ({"metric", "target_value", "unit"};
    rows left empty are dropped)."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise DraftError(f"具体内容太长（不超过{MAX_TEXT}字）。")
    try:
        weight_value = parse_decimal(weight or "1", "权重", low=Decimal(0), high=Decimal(9999))
        kept = []
        for t in targets[:MAX_TARGETS]:
            metric, value = " ".join((t.get("metric") or "").split()), (t.get("target_value") or "").strip()
            unit = " ".join((t.get("unit") or "").split())
            if not metric and not value:
                continue
            if not metric:
                raise DraftError("请填写指标名称。")
            if not value:
                raise DraftError(f"请填写指标“{metric[:20]}”的目标值。")
            number = parse_decimal(value, f"指标“{metric[:20]}”的目标值", low=Decimal(0))
            kept.append({"metric": metric[:100], "target_value": str(number), "unit": unit[:20], "text": ""})
    except ServiceError as e:
        raise DraftError(str(e)) from None

    def change(d, tree):
        node = T.get(tree, node_id)
        node["text"], node["weight"], node["targets"] = text, str(weight_value), kept
        return f"具体内容：{_label(node)}"

    return _edit(actor, draft, revision, "draft_set_content", change)
