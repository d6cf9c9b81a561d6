"""Creating a draft: parse a pasted text or an uploaded file and turn its items into the editable tree."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.intake import IntakeError, Node, ParseOptions, ParseResult
from luoshi.lib.packages import Limits, PackageProblem, check_package
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from .. import parsing
from .. import tree as T
from ..deadlines import resolve_deadline
from ..errors import DraftError
from ..messages import FALLBACK, PACKAGE_KINDS, intake_message, package_message
from ..models import Draft
from ..units import UnitIndex
from ..years import first_line, year_written
from .common import _iso, _user

log = logging.getLogger(__name__)


def create_draft_from_text(actor: Actor, *, deploying_unit: Unit, title: str, year: int, text: str) -> Draft:
    """A draft from pasted text, parsed here and now (commands, the demo, tests): `begin_draft` and
    `run_parse` in one go. Raises DraftError with the reason when the parse fails."""
    return _parsed(begin_draft(actor, deploying_unit=deploying_unit, title=title, year=year, text=text))


def create_draft_from_upload(
    actor: Actor, *, deploying_unit: Unit, title: str, year: int, data: bytes, filename: str
) -> Draft:
    """A draft from an uploaded .txt/.docx/.xlsx/.xls file, parsed here and now (see create_draft_from_text)."""
    draft = begin_draft(
        actor, deploying_unit=deploying_unit, title=title, year=year, data=data, filename=filename
    )
    return _parsed(draft)


def _check_package(data: bytes, filename: str) -> None:
    """An uploaded .docx/.xlsx passes the evidence files' package checks (luoshi.lib.packages) before it is
    stored or parsed: a zip bomb, a zip that is not the package its name claims, or one carrying an
    executable is refused here, with nothing written."""
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind not in PACKAGE_KINDS:
        return
    limits = Limits(settings.EVIDENCE_MAX_UNPACKED_BYTES, settings.EVIDENCE_MAX_ZIP_RATIO)
    try:
        check_package(io.BytesIO(data), kind, limits)
    except PackageProblem as problem:
        raise DraftError(package_message(problem.code)) from problem


def _parsed(draft: Draft) -> Draft:
    draft = run_parse(draft.pk)
    if draft.is_failed:
        raise DraftError(draft.parse_error)
    return draft


def begin_draft(
    actor: Actor,
    *,
    deploying_unit: Unit,
    title: str,
    year: int,
    text: str | None = None,
    data: bytes | None = None,
    filename: str = "",
) -> Draft:
    """A draft in the PARSING state with its input stored on the media directory; nothing is parsed yet
    (`start_parse` or `run_parse` does that). Pasted text that is blank or over the size limit is refused
    here, before anything is stored."""
    access.require_deploying(actor, Action.EDIT_DRAFT, deploying_unit)
    pasted = data is None
    if pasted:
        text = clean_text(text)
        if not text.strip():
            raise DraftError(intake_message(IntakeError.EMPTY))
        data, filename = text.encode("utf-8"), ""
    try:
        _options().check_size(len(data))
    except IntakeError as e:
        raise DraftError(intake_message(e.code)) from e
    if not pasted:
        _check_package(data, filename)
    stored = parsing.store_input(data, filename if not pasted else "粘贴文稿.txt")
    with transaction.atomic():
        draft = Draft.objects.create(
            deploying_unit=deploying_unit,
            created_by=_user(actor),
            title=clean_text(title).strip()[:200],
            year=year,
            source_filename=filename[:255],
            status=Draft.Status.PARSING,
            parse_input=stored,
            parse_started_at=timezone.now(),
        )
        record(
            actor,
            "create_draft",
            draft,
            after={"title": draft.title, "year": year, "file": filename},
            summary=f"导入文稿：{draft.title or _stem(filename) or '粘贴文稿'}",
        )
    return draft


def start_parse(draft: Draft) -> None:
    """Parse the draft outside this process (`luoshi parse_draft`), or — INTAKE_PARSE_DETACHED off, in
    tests — here, still through the limited child."""
    if settings.INTAKE_PARSE_DETACHED:
        parsing.spawn(draft.pk)
    else:
        run_parse(draft.pk)


def run_parse(draft_id: int) -> Draft:
    """Parse a PARSING draft's stored input in a limited child and record what came of it: the tree, or
    FAILED with the reason. A draft no longer parsing (already done, failed as stale) is left alone."""
    draft = Draft.objects.select_related("created_by").get(pk=draft_id)
    if not draft.is_parsing:
        return draft
    try:
        outcome = parsing.run_child(
            draft.parse_input, draft.source_filename, pasted=not draft.source_filename
        )
        if outcome.result is not None and not outcome.result.items:
            outcome = parsing.Outcome(message=NOTHING_FOUND)
    except Exception:  # the draft must never stay "parsing" because this process failed
        log.exception("parsing draft %s failed", draft_id)
        outcome = parsing.Outcome(message=FALLBACK)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft_id)
        if not locked.is_parsing:
            return locked
        actor = Actor(user=draft.created_by)
        if outcome.result is not None:
            _fill(actor, locked, outcome.result)
        else:
            _fail(actor, locked, outcome.message)
    parsing.remove_input(draft.parse_input)
    return locked


def expire_stale_parses(drafts=None) -> int:
    """Mark failed the parses that have run past their time limit with no result (their process died);
    returns how many. Called whenever drafts are shown, so no parse stays 解析中 for ever."""
    cutoff = timezone.now() - timedelta(seconds=settings.INTAKE_PARSE_SECONDS + parsing.STALE_GRACE_SECONDS)
    stale = (drafts if drafts is not None else Draft.objects.all()).filter(
        status=Draft.Status.PARSING, parse_started_at__lt=cutoff
    )
    count = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Draft.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=pk)
            if locked.is_parsing:
                _fail(Actor(user=locked.created_by), locked, parsing.STALE_MESSAGE)
                count += 1
        parsing.remove_input(locked.parse_input)
    return count


NOTHING_FOUND = "没有从这份文稿中识别出任务条目。请确认上传的是工作部署、讲话稿或任务分解表。"


def _options() -> ParseOptions:
    return ParseOptions(max_bytes=settings.INTAKE_MAX_BYTES)


def _fill(actor: Actor, draft: Draft, result: ParseResult) -> None:
    """Turn the parser's items into the editable tree of a locked PARSING draft."""
    source = result.source
    # Names are matched only against the units this office supervises; any other name stays flagged.
    index = UnitIndex(Unit.objects.subtree(draft.deploying_unit).only("id", "name", "short_name", "aliases"))
    counter = [0]
    meeting = asdict(result.meeting) if result.meeting else None
    # The year the document writes (全区2027年…会议) dates its deadlines, whatever the form said.
    written = year_written((meeting or {}).get("title"), result.title, first_line(source))
    year_note = f"，年度按文稿取为{written}年" if written and written != draft.year else ""
    draft.year = written or draft.year
    nodes = [_node(n, index, counter, draft.year, in_framework=False, source=source) for n in result.items]
    for node in nodes:
        if _announces_meeting(node, meeting):
            # "……会议召开。会议指出……": the report's opening says that the meeting happened and in what
            # spirit; it is kept for reference, not assigned as a task.
            node["guidance"] = True
    title = draft.title or (meeting or {}).get("title") or _stem(draft.source_filename) or "未命名工作部署"
    draft.title, draft.source_text, draft.tree, draft.meeting = title[:200], source, nodes, meeting
    draft.next_id, draft.status, draft.parse_input = counter[0] + 1, Draft.Status.EDITING, ""
    draft.save()
    record(
        actor,
        "parse_draft",
        draft,
        after={"title": draft.title, "items": T.count(nodes), "year": draft.year},
        summary=f"文稿解析完成：{draft.title}，{T.count(nodes)} 个条目{year_note}",
    )


def _fail(actor: Actor, draft: Draft, message: str) -> None:
    draft.title = draft.title or _stem(draft.source_filename) or "粘贴文稿"
    draft.status, draft.parse_error, draft.parse_input = Draft.Status.FAILED, message, ""
    draft.save()
    record(actor, "parse_draft_failed", draft, after={"reason": message}, summary=f"文稿解析失败：{message}")


def _stem(filename: str) -> str:
    return filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0] if filename else ""


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
        # Last year's summary and the document's opening words (今天召开…会议，主要任务是…) are kept for
        # reference but not assigned; a framework's items are the year's main lines of work, so they start
        # as key tasks.
        "tier": "key" if in_framework and not review else "routine",
        "guidance": review or announces_headings or n.opening,
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
