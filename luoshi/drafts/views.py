"""Pages of the intake flow: 新建部署 → paste or upload → edit the proposed tree → publish as a plan.

Supervisors only; every draft is fetched through Draft.objects.visible_to/editable_by, so another unit's
draft is a 404. Tree edits are htmx POSTs that answer with the re-drawn tree; without htmx they redirect
back to the page (the forms are ordinary forms).
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.org.models import Unit
from luoshi.org.permissions import role_required
from luoshi.plans.export import download

from . import services
from . import tree as T
from .export import division_rows
from .forms import ACCEPTED, NewDraftForm, PublishSettingsForm
from .groups import kinds_of
from .messages import intake_message, limit_text
from .models import Draft
from .presenters import Opened, branch_context, is_large, tree_context

SUPERVISOR = "supervisor"
PASTE_TOO_BIG = "粘贴的文字太长（超过 {limit}）。请改为上传文件，或分成几份分别导入。"


@role_required(SUPERVISOR)
def draft_list(request):
    drafts = Draft.objects.visible_to(request.user).select_related("plan", "created_by")
    services.expire_stale_parses(drafts)
    return render(request, "drafts/list.html", {"drafts": drafts})


@csrf_exempt  # only so the body is parsed here, under the intake cap; _new checks CSRF itself
def new(request):
    request.upload_file_cap = settings.INTAKE_MAX_BYTES  # luoshi.core.uploads.CappedUploadHandler
    return _new_checked(request)


@role_required(SUPERVISOR)
def _new_checked(request):
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 — parse the body here, where a too-large paste can be answered kindly
        except RequestDataTooBig:
            limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)} MB"
            return _new_form(request, NewDraftForm(), PASTE_TOO_BIG.format(limit=limit))
        if getattr(request, "upload_refusal", None):
            # Keep what was typed, without judging a form whose file was thrown away.
            kept = {k: request.POST.get(k) for k in ("title", "year", "text") if request.POST.get(k)}
            return _new_form(request, NewDraftForm(initial=kept), intake_message("too_big"))
    return _new(request)


@csrf_protect
def _new(request):
    if request.method != "POST":
        return _new_form(request, NewDraftForm())
    form = NewDraftForm(request.POST, request.FILES)
    if not form.is_valid():
        return _new_form(request, form)
    actor, data = Actor.from_request(request), form.cleaned_data
    common = {"deploying_unit": request.user.unit, "title": data["title"], "year": data["year"]}
    try:
        if data["file"]:
            upload = data["file"]
            draft = services.begin_draft(actor, data=upload.read(), filename=upload.name, **common)
        else:
            draft = services.begin_draft(actor, text=data["text"], **common)
    except ServiceError as e:
        return _new_form(request, form, str(e))
    # The parse runs in its own process; the draft's page shows its progress and then the tree.
    services.start_parse(draft)
    return redirect("drafts:edit", pk=draft.pk)


def _new_form(request, form, error: str = ""):
    return render(
        request,
        "drafts/new.html",
        {
            "form": form,
            "error": error,
            "limit": limit_text(),
            "accepted": "、".join(ACCEPTED),
        },
    )


def _visible(request, pk: int) -> Draft:
    return get_object_or_404(
        Draft.objects.visible_to(request.user).select_related("deploying_unit", "plan"), pk=pk
    )


def _editable(request, pk: int) -> Draft:
    return get_object_or_404(Draft.objects.editable_by(request.user).select_related("deploying_unit"), pk=pk)


@role_required(SUPERVISOR)
def edit(request, pk: int):
    draft = _visible(request, pk)
    if draft.is_parsing and services.expire_stale_parses(Draft.objects.filter(pk=draft.pk)):
        draft = _visible(request, pk)
    if request.htmx and request.headers.get("HX-Target") == "parse-progress":
        # The progress box polls: still parsing → the box again; done either way → reload the page.
        if draft.is_parsing:
            return render(request, "drafts/_parsing.html", {"draft": draft})
        if draft.is_editing:
            messages.success(request, f"已识别出 {T.count(draft.tree)} 个条目。请逐条核对，改好后发布。")
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("drafts:edit", args=[draft.pk])
        return response
    if not draft.is_editing and not draft.plan_id:  # parsing, or failed: no tree to edit
        return render(request, "drafts/parse_status.html", {"draft": draft})
    context = tree_context(draft)
    context["meeting"] = draft.meeting
    context["plan_url"] = reverse("plans:detail", args=[draft.plan_id]) if draft.plan_id else ""
    return render(request, "drafts/edit.html", context)


def _answer(request, draft: Draft, error: str = "", node_id: int | None = None):
    """The re-drawn tree for htmx; a redirect back to the page otherwise. A large tree comes back with the
    branches the page had open, and the way to the edited item opened."""
    if request.htmx:
        opened = None
        if is_large(draft):
            opened = Opened.from_fields(request.POST.getlist("open"))
            if node_id is not None:
                opened.reveal(draft.tree, node_id)
        return render(request, "drafts/_tree.html", tree_context(draft, error, opened))
    if error:
        messages.error(request, error)
    return redirect("drafts:edit", pk=draft.pk)


def _date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ServiceError("日期格式不对，请用日期选择框选择。") from None


NODE_OPS = {
    "rename": lambda a, d, n, p, r: services.rename_node(a, d, n, p.get("title", ""), revision=r),
    "merge": lambda a, d, n, p, r: services.merge_with_next(a, d, n, revision=r),
    "split": lambda a, d, n, p, r: services.split_node(a, d, n, _int(p.get("position")), revision=r),
    "indent": lambda a, d, n, p, r: services.indent_node(a, d, n, revision=r),
    "outdent": lambda a, d, n, p, r: services.outdent_node(a, d, n, revision=r),
    "delete": lambda a, d, n, p, r: services.delete_node(a, d, n, revision=r),
    "up": lambda a, d, n, p, r: services.move_node(a, d, n, -1, revision=r),
    "down": lambda a, d, n, p, r: services.move_node(a, d, n, 1, revision=r),
    "tier": lambda a, d, n, p, r: services.set_tier(a, d, n, p.get("tier", ""), revision=r),
    "units": lambda a, d, n, p, r: services.set_units(
        a,
        d,
        n,
        lead=[k[5:] for k, v in p.items() if k.startswith("unit-") and v == "lead"],
        co=[k[5:] for k, v in p.items() if k.startswith("unit-") and v == "co"],
        revision=r,
    ),
    "resolve": lambda a, d, n, p, r: services.resolve_unknown_unit(
        a, d, n, p.get("name", ""), p.get("unit") or None, revision=r
    ),
    "expand": lambda a, d, n, p, r: services.resolve_unknown_units(
        a, d, n, p.get("name", ""), p.getlist("unit"), revision=r
    ),
    "add_after": lambda a, d, n, p, r: services.add_node(a, d, n, "after", p.get("title", ""), revision=r),
    "add_child": lambda a, d, n, p, r: services.add_node(a, d, n, "child", p.get("title", ""), revision=r),
    "content": lambda a, d, n, p, r: services.set_content(
        a,
        d,
        n,
        text=p.get("text", ""),
        weight=p.get("weight", ""),
        targets=[
            {"metric": m, "target_value": v, "unit": u}
            for m, v, u in zip(
                p.getlist("metric"), p.getlist("target_value"), p.getlist("unit"), strict=False
            )
        ],
        revision=r,
    ),
    "deadline": lambda a, d, n, p, r: services.set_deadline(
        a, d, n, deadline=_date(p.get("deadline")), deadline_text=p.get("deadline_text", ""), revision=r
    ),
}


def _proposal(name: str, units: list) -> list | None:
    kinds = kinds_of(name)
    return None if kinds is None else [u for u, _ in units if u.kind in kinds]


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ServiceError("请求有误，请刷新页面后重试。") from None


@role_required(SUPERVISOR)
@require_POST
def node_op(request, pk: int, node_id: int, op: str):
    if op not in NODE_OPS:
        raise Http404
    draft = _editable(request, pk)
    revision = request.POST.get("revision") or None
    try:
        draft = NODE_OPS[op](
            Actor.from_request(request), draft, node_id, request.POST, _int(revision) if revision else None
        )
    except ServiceError as e:
        draft.refresh_from_db()
        return _answer(request, draft, str(e), node_id)
    # An added item is the one to show: its branch opens to it.
    return _answer(request, draft, node_id=draft.next_id - 1 if op.startswith("add_") else node_id)


EDITORS = {"units", "deadline", "split", "content"}
BLANK_TARGET_ROWS = 2  # empty rows offered under an item's targets, to add new ones


@role_required(SUPERVISOR)
def node_editor(request, pk: int, node_id: int, what: str):
    """The small form that opens under a row: units, deadline, or where to split."""
    if what not in EDITORS:
        raise Http404
    draft = _editable(request, pk)
    try:
        node = T.get(draft.tree, node_id)
    except ServiceError:
        raise Http404 from None
    context = {"draft": draft, "node": node}
    if what == "units":
        chosen = {pk: "lead" for pk in node.get("lead", [])} | {pk: "co" for pk in node.get("co", [])}
        context["units"] = [
            (u, chosen.get(u.pk, ""))
            for u in Unit.objects.subtree(draft.deploying_unit)
            .exclude(pk=draft.deploying_unit_id)
            .official_order()
        ]
        # Unmatched names: a group name proposes its units (from the list above), a plain name a choice.
        unknown = [*node.get("unknown_lead", []), *node.get("unknown_co", [])]
        context["unknown"] = [(name, _proposal(name, context["units"])) for name in unknown]
    elif what == "content":
        context["target_rows"] = [*node.get("targets", []), *([{}] * BLANK_TARGET_ROWS)]
    elif what == "split":
        text = node.get("text", "")
        points = T.split_points(text)
        bounds = [0, *points, len(text)]
        context["pieces"] = [(text[a:b], b if b < len(text) else None) for a, b in pairwise(bounds)]
    return render(request, f"drafts/_edit_{what}.html", context)


@role_required(SUPERVISOR)
@require_POST
def undo(request, pk: int):
    """撤销: the draft as it was before its latest edit."""
    draft = _editable(request, pk)
    revision = request.POST.get("revision") or None
    try:
        draft = services.undo_last_edit(
            Actor.from_request(request), draft, revision=_int(revision) if revision else None
        )
    except ServiceError as e:
        draft.refresh_from_db()
        return _answer(request, draft, str(e))
    if not request.htmx:
        messages.success(request, "已撤销上一步修改。")
    return _answer(request, draft)


@role_required(SUPERVISOR)
def branch(request, pk: int, node_id: int):
    """A large tree's branch opened on demand: the next rows of `node_id`'s children (0: the top level).
    With `collapse`, the branch closed again: the tree redrawn with the other open branches (`open`)."""
    draft = _visible(request, pk)
    if request.GET.get("collapse"):
        opened = Opened.from_fields(request.GET.getlist("open"))
        try:
            opened.close(draft.tree, node_id)
        except ServiceError:
            raise Http404 from None
        return render(request, "drafts/_tree.html", tree_context(draft, opened=opened))
    start = request.GET.get("start", "0")
    try:
        context = branch_context(draft, node_id, int(start) if start.isdigit() else 0)
    except ServiceError:
        raise Http404 from None
    return render(request, "drafts/_branch.html", context)


@role_required(SUPERVISOR)
@require_POST
def update_details(request, pk: int):
    draft = _editable(request, pk)
    try:
        draft = services.update_details(
            Actor.from_request(request),
            draft,
            title=request.POST.get("title", ""),
            year=_int(request.POST.get("year")),
            revision=_int(request.POST.get("revision")),
        )
    except ServiceError as e:
        messages.error(request, str(e))
    return redirect("drafts:edit", pk=draft.pk)


@role_required(SUPERVISOR)
def export(request, pk: int):
    draft = _visible(request, pk)
    return download(division_rows(draft), draft.title)


@role_required(SUPERVISOR)
def publish(request, pk: int):
    """发布设置 then 发布: the settings step (year, start date, report period, roll-up rule, weights by tier)
    shown before the final publish; its POST publishes the draft with them."""
    draft = _editable(request, pk)
    if request.method != "POST":
        return _settings_page(
            request, draft, PublishSettingsForm(initial=PublishSettingsForm.initial_for(draft))
        )
    form = PublishSettingsForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, draft, form)
    try:
        plan = services.publish_draft(Actor.from_request(request), draft, form.settings())
    except ServiceError as e:
        return _settings_page(request, draft, form, str(e))
    messages.success(request, f"已发布工作部署“{plan.title}”，共 {plan.tasks.count()} 项任务。")
    url = reverse("plans:detail", args=[plan.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _settings_page(request, draft: Draft, form, error: str = ""):
    return render(
        request,
        "drafts/publish.html",
        {
            "draft": draft,
            "form": form,
            "error": error,
            "problems": services.publish_problems(draft),
            "items": T.count(draft.tree),
        },
        status=400 if form.is_bound else 200,
    )


@role_required(SUPERVISOR)
@require_POST
def discard(request, pk: int):
    draft = get_object_or_404(Draft.objects.discardable_by(request.user), pk=pk)
    services.discard_draft(Actor.from_request(request), draft)
    messages.success(request, f"已删除导入草稿“{draft.title}”。")
    return redirect("drafts:list")
