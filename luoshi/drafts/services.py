"""Writes to drafts: create one from pasted text or an upload, edit its tree, publish it as a Plan.

Parsing happens before any transaction (it can take a moment on a long document and touches nothing);
every write is one short transaction that locks the draft row, checks the revision the edit was made on,
changes the tree and writes an audit entry. A document the parser cannot read raises DraftError with a
Chinese message and creates nothing.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from luoshi.audit.services import Actor, record
from luoshi.intake import IntakeError, Node, ParseOptions, ParseResult, parse_bytes, parse_text
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plan_services
from luoshi.plans.models import Plan, Task

from . import tree as T
from .deadlines import resolve_deadline
from .errors import DraftError
from .messages import FALLBACK, intake_message
from .models import Draft
from .units import UnitIndex

log = logging.getLogger(__name__)

TIERS = {"routine": "例行", "key": "重点", "highlight": "亮点", "guidance": "工作要求"}


class StaleDraft(DraftError):
    """The draft changed since the page the edit came from was drawn."""


STALE_MESSAGE = "这份草稿刚被同事修改过，页面已刷新为最新内容，请核对后再操作一次。"


# ---------------------------------------------------------------- creating


def create_draft_from_text(actor: Actor, *, deploying_unit: Unit, title: str, year: int, text: str) -> Draft:
    """A draft from text pasted into the form."""
    if not text or not text.strip():
        raise DraftError(intake_message(IntakeError.EMPTY))
    if len(text.encode("utf-8")) > settings.INTAKE_MAX_BYTES:
        raise DraftError(intake_message(IntakeError.TOO_BIG))
    result = _parse(lambda: parse_text(text, _options()))
    return _create(actor, deploying_unit, title, year, result, source=result.source or text, filename="")


def create_draft_from_upload(
    actor: Actor, *, deploying_unit: Unit, title: str, year: int, data: bytes, filename: str
) -> Draft:
    """A draft from an uploaded .txt/.docx/.xlsx/.xls file (any Chinese text encoding)."""
    if len(data) > settings.INTAKE_MAX_BYTES:
        raise DraftError(intake_message(IntakeError.TOO_BIG))
    result = _parse(lambda: parse_bytes(data, filename, _options()))
    return _create(actor, deploying_unit, title, year, result, source=result.source, filename=filename)


def _options() -> ParseOptions:
    return ParseOptions(max_bytes=settings.INTAKE_MAX_BYTES)


def _parse(run: Callable[[], ParseResult]) -> ParseResult:
    try:
        result = run()
    except IntakeError as e:
        raise DraftError(intake_message(e.code)) from e
    except Exception as e:  # a parser bug must not become an error page; the person gets a way forward
        log.exception("intake parser failed")
        raise DraftError(FALLBACK) from e
    if not result.items:
        raise DraftError("没有从这份文稿中识别出任务条目。请确认上传的是工作部署、讲话稿或任务分解表。")
    return result


def _create(
    actor: Actor, unit: Unit, title: str, year: int, result: ParseResult, *, source: str, filename: str
) -> Draft:
    access.require_deploying(actor, Action.EDIT_DRAFT, unit)
    # Names are matched only against the units this office supervises; any other name stays flagged.
    index = UnitIndex(Unit.objects.subtree(unit).only("id", "name", "short_name", "aliases"))
    counter = [0]
    nodes = [_node(n, index, counter, year, in_framework=False, source=source) for n in result.items]
    meeting = asdict(result.meeting) if result.meeting else None
    for node in nodes:
        if _announces_meeting(node, meeting):
            # "……会议召开。会议指出……": the report's opening says that the meeting happened and in what
            # spirit; it is kept for reference, not assigned as a task.
            node["guidance"] = True
    title = (title or "").strip() or (meeting or {}).get("title") or _stem(filename) or "未命名工作部署"
    with transaction.atomic():
        draft = Draft.objects.create(
            deploying_unit=unit,
            created_by=_user(actor),
            title=title[:200],
            year=year,
            source_text=source,
            source_filename=filename[:255],
            tree=nodes,
            meeting=meeting,
            next_id=counter[0] + 1,
        )
        record(
            actor,
            "create_draft",
            draft,
            after={"title": draft.title, "year": year, "file": filename, "items": T.count(nodes)},
            summary=f"导入文稿：{draft.title}",
        )
    return draft


def _stem(filename: str) -> str:
    return filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0] if filename else ""


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def _node(
    n: Node, index: UnitIndex, counter: list[int], year: int, in_framework: bool, source: str = ""
) -> dict:
    counter[0] += 1
    lead, co = index.match(n.lead_units), index.match(n.co_units)
    review = n.section == "review"
    # A framework announced in prose whose items are the headings after it: those headings become the
    # tasks; the announcement is kept for reference, and its restated items are not tasks a second time.
    children = [c for c in n.children if not c.mirror]
    announces_headings = bool(n.children) and not children
    text, start, end = own_text(n, source)
    return {
        "id": counter[0],
        "title": (n.title or T.head_of(n.text or ""))[:300] or "（无标题）",
        "text": text,
        # Last year's summary is kept for reference but not assigned; a framework's items are the
        # year's main lines of work, so they start as key tasks.
        "tier": "key" if in_framework and not review else "routine",
        "guidance": review or announces_headings,
        "weight": "1",
        "deadline": _iso(resolve_deadline(n.deadline, year)),
        "deadline_text": n.deadline or "",
        "lead": lead.ids,
        "co": [u for u in co.ids if u not in lead.ids],
        "unknown_lead": lead.unknown,
        "unknown_co": co.unknown,
        "targets": [_target(t) for t in n.targets],
        "marker": n.marker,
        "section": n.section,
        "framework": asdict(n.framework) if n.framework else None,
        "source_start": start,
        "source_end": end,
        "children": [
            _node(c, index, counter, year, in_framework=n.framework is not None, source=source)
            for c in children
        ],
    }


def _announces_meeting(node: dict, meeting: dict | None) -> bool:
    """A top-level, childless item whose head names the meeting itself (全市……会议召开)."""
    title = (meeting or {}).get("title") or ""
    return bool(title) and not node["children"] and not node["lead"] and title in node["title"]


def own_text(n: Node, source: str) -> tuple[str, int, int]:
    """A node's own text and source span, without its children's.

    The parser's text for a heading spans its whole subtree, so a parent task would repeat every child's
    words in its description and in the exported 任务分解表. The parent keeps what comes before its
    first child (its heading and any intro); a leaf is unchanged. The title is not touched.
    """
    text = n.text or ""
    children = [c for c in n.children if not c.mirror]
    if not children:
        return text, n.start, n.end
    first = min(children, key=lambda c: c.start)
    if source and n.start <= first.start <= n.end and source[n.start : n.end] == text:
        # The text is the source span itself: cut it where the first child starts.
        own, start, end = _trimmed(source, n.start, first.start)
        if _MARKER_ONLY.fullmatch(own) or own == (n.marker or "").strip():
            # 三是推进…: the parser made the heading sentence its first child, so only the marker is
            # left. No description of its own; its source is the marker with that heading.
            return "", start, max(end, min(n.end, first.end))
        return own, start, end
    # Text assembled from cells (a table row whose sub-items were merged into it): cut it where the
    # first child's text begins, and keep the span of the parent's own row.
    at = text.find(first.text) if first.text else -1
    if at >= 0:
        text = text[:at].strip()
    if first.start > n.start:
        end = min(n.end, first.start)
    else:  # the parent and its first sub-item were read from the same row
        end = max(n.start, min(n.end, first.end))
    if source and end > n.start:
        _, start, end = _trimmed(source, n.start, end)
        return text, start, end
    return text, n.start, end


# What is left of a parent when its heading became its first child: a bare enumerator (三是 一、 （二）).
_MARKER_ONLY = re.compile(
    r"[\s（(]*(?:[一二三四五六七八九十]+是|[0-9一二三四五六七八九十]+[、.．)）]?)[\s，,：:]*"
)


def _trimmed(source: str, start: int, end: int) -> tuple[str, int, int]:
    """source[start:end] without the spaces around it, and its span."""
    piece = source[start:end]
    lead = len(piece) - len(piece.lstrip())
    stripped = piece.strip()
    return stripped, start + lead, start + lead + len(stripped)


def _target(t) -> dict:
    value = t.value
    shown = int(value) if isinstance(value, float) and value.is_integer() else value
    # The metric is the clause the number sits in (全年培训200人次), not the run of text before it.
    clause = re.split(r"[，,；;。：:（）()]", t.text)[-1].strip() if t.text else ""
    return {
        "metric": (clause or f"{shown}{t.unit}")[:100],
        "target_value": str(shown),
        "unit": t.unit[:20],
        "text": t.text,
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------- editing


def _edit(
    actor: Actor, draft: Draft, revision: int | None, action: str, change: Callable[[Draft, list[dict]], str]
) -> Draft:
    """Run one edit: lock, check the revision, change a copy of the tree, save, audit."""
    access.require(actor, Action.EDIT_DRAFT, draft)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("这份草稿已经发布，不能再修改。请到工作部署中修改任务。")
        _check_revision(locked, revision, actor)
        before = copy.deepcopy(locked.tree)
        new_tree = copy.deepcopy(locked.tree)
        summary = change(locked, new_tree)
        locked.tree = new_tree
        locked.revision += 1
        locked.edit_log = [*locked.edit_log[-(EDIT_LOG_LENGTH - 1) :], [locked.revision, _user_id(actor)]]
        locked.save(update_fields=["tree", "revision", "edit_log", "next_id", "title", "year", "updated_at"])
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


def _label(node: dict) -> str:
    return node.get("title", "")[:40]


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
    unit_ids = _unit_ids(draft, [unit_id]) if unit_id not in (None, "") else []

    def change(d, tree):
        node = T.get(tree, node_id)
        for role in ("lead", "co"):
            names = node.get(f"unknown_{role}", [])
            if name in names:
                names.remove(name)
                for pk in unit_ids:
                    if pk not in node["lead"] and pk not in node["co"]:
                        node[role].append(pk)
                return f"未匹配单位“{name}”：{'已对应到名录单位' if unit_ids else '已移除'}"
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
    deadline_text = " ".join((deadline_text or "").split())[:50]

    def change(d, tree):
        node = T.get(tree, node_id)
        node["deadline"] = _iso(deadline)
        node["deadline_text"] = deadline_text
        return f"完成时限：{_label(node)} → {node['deadline'] or '无'} {deadline_text}"

    return _edit(actor, draft, revision, "draft_set_deadline", change)


def update_details(
    actor: Actor, draft: Draft, *, title: str, year: int, revision: int | None = None
) -> Draft:
    title = " ".join((title or "").split())
    if not title:
        raise DraftError("标题不能为空。")
    if not 2000 <= int(year) <= 2100:
        raise DraftError("年度不对，请填写四位年份。")

    def change(d, tree):
        d.title, d.year = title[:200], int(year)
        return f"标题与年度：{d.title}（{d.year}年）"

    return _edit(actor, draft, revision, "draft_update", change)


# ---------------------------------------------------------------- publishing


def _assignable(nodes: list[dict]):
    """Leaves that will be assigned: the items a unit must report on."""
    for node, _code, _depth, _parent in T.walk(nodes):
        if not node.get("children") and not node.get("guidance"):
            yield node


def publish_problems(draft: Draft) -> list[str]:
    """What stops a draft from being published, in words a supervisor can act on."""
    problems = []
    if not draft.tree:
        problems.append("草稿里没有任务条目。")
        return problems
    codes = {id(n): code for n, code, _d, _p in T.walk(draft.tree)}
    no_lead = [codes[id(n)] for n in _assignable(draft.tree) if not n["lead"]]
    unknown = [codes[id(n)] for n, *_ in T.walk(draft.tree) if n.get("unknown_lead") or n.get("unknown_co")]
    if unknown:
        problems.append(
            f"{len(unknown)} 个条目有未匹配单位（{_codes(unknown)}）：请对应到单位名录中的单位，或移除。"
        )
    for n, code, _d, _p in T.walk(draft.tree):
        try:
            _weight(n, f"{code}“{n['title']}”")
        except ServiceError as e:
            problems.append(str(e))
    own = [codes[id(n)] for n, *_ in T.walk(draft.tree) if draft.deploying_unit_id in n["lead"] + n["co"]]
    if own:
        problems.append(
            f"{len(own)} 项任务交给了部署单位（{_codes(own)}）：部署单位负责督办、不向自己报送，请改为其督办的单位。"
        )
    if no_lead:
        problems.append(
            f"{len(no_lead)} 项任务还没有牵头单位（{_codes(no_lead)}）：请指定牵头单位，"
            "或把层级设为“工作要求”（只作要求、不交办）。"
        )
    return problems


def _codes(codes: list[str], limit: int = 8) -> str:
    shown = "、".join(codes[:limit])
    return f"{shown} 等" if len(codes) > limit else shown


def publish_draft(actor: Actor, draft: Draft) -> Plan:
    """Create the Plan with its task tree and assignments and publish it, in one transaction.

    Each task keeps source_start/source_end into the plan's source_text (the draft's), so the interface
    can show the sentence it came from. Refused, with what to fix, while items lack a lead unit or carry
    unmatched unit names.
    """
    access.require(actor, Action.EDIT_DRAFT, draft)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("这份草稿已经发布过了。")
        problems = publish_problems(locked)
        if problems:
            raise DraftError("还不能发布：" + "".join(problems))
        units = Unit.objects.in_bulk({pk for n, *_ in T.walk(locked.tree) for pk in n["lead"] + n["co"]})
        plan = plan_services.create_plan(
            actor,
            title=locked.title,
            year=locked.year,
            deploying_unit=locked.deploying_unit,
            source_text=locked.source_text,
        )
        _add_tasks(actor, plan, locked.tree, None, units)
        plan = plan_services.publish_plan(actor, plan)
        locked.status, locked.plan = Draft.Status.PUBLISHED, plan
        locked.revision += 1
        locked.save(update_fields=["status", "plan", "revision", "updated_at"])
        record(
            actor,
            "publish_draft",
            locked,
            after={"plan": plan.pk, "tasks": T.count(locked.tree)},
            summary=f"由导入草稿发布工作部署：{plan.title}",
        )
    return plan


def _add_tasks(actor: Actor, plan: Plan, nodes: list[dict], parent: Task | None, units: dict) -> None:
    for node in nodes:
        task = plan_services.add_task(
            actor,
            plan,
            parent=parent,
            title=node["title"][:300],
            description=node.get("text", ""),
            tier=node.get("tier") or Task.Tier.ROUTINE,
            weight=_weight(node, _label(node)),
            deadline=date.fromisoformat(node["deadline"]) if node.get("deadline") else None,
            deadline_text=(node.get("deadline_text") or "")[:50],
            is_guidance=bool(node.get("guidance")),
            targets=[_task_target(t) for t in node.get("targets", [])] or None,
            source_start=node.get("source_start"),
            source_end=node.get("source_end"),
        )
        if node["lead"] or node["co"]:
            plan_services.assign(
                actor,
                task,
                lead_units=[units[pk] for pk in node["lead"]],
                co_units=[units[pk] for pk in node["co"]],
            )
        _add_tasks(actor, plan, node.get("children", []), task, units)


def _weight(node: dict, label: str) -> Decimal:
    """An item's weight; an item without one weighs 1 (the Task default), a weight that is not a number
    is refused (ServiceError) rather than guessed."""
    value = node.get("weight")
    return (
        parse_decimal(value, f"{label}的权重", low=Decimal(0), high=Decimal(9999))
        if value not in (None, "")
        else Decimal(1)
    )


def _task_target(t: dict) -> dict:
    return {
        "metric": t.get("metric", "")[:100],
        "target_value": parse_decimal(t.get("target_value"), f"指标“{t.get('metric', '')}”的目标值").quantize(
            Decimal("0.01")
        ),
        "unit": t.get("unit", "")[:20],
    }


def discard_draft(actor: Actor, draft: Draft) -> None:
    """Throw away a draft that is still being edited (a wrong file, a second import of the same text)."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("已发布的草稿不能删除。")
        record(
            actor,
            "discard_draft",
            locked,
            before={"title": locked.title, "items": T.count(locked.tree)},
            summary=f"删除导入草稿：{locked.title}",
        )
        locked.delete()
