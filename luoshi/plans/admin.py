"""The working-day calendar's admin page (节假日与调休, kept by the 系统管理员). It lives here rather than in
`workdays` because saving an entry can move assignments' due dates (`plans.due`), and the administrator
sees which before anything moves: a save, or a deletion, that would move any shows the list first and
goes ahead only when confirmed."""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.template.response import TemplateResponse

from luoshi.audit.services import Actor, record
from luoshi.org.models import User
from luoshi.org.roles_admin import RoleAdmin
from luoshi.workdays.models import DayOverride

from .due import Move, apply_calendar_moves, calendar_moves
from .models import Plan
from .progress.locks import lock_plan
from .progress.recompute import recompute_plan

CONFIRMED = "_due_moves_confirmed"
PREVIEW_TEMPLATE = "admin/workdays/dayoverride/due_moves_preview.html"


def _changes(old: DayOverride | None, day: date, is_workday: bool) -> dict[date, bool | None]:
    """The calendar entries a save changes: the new day's, and the old day's removal when it moved."""
    changed: dict[date, bool | None] = {}
    if old is not None and old.day != day:
        changed[old.day] = None
    if old is None or old.day != day or old.is_workday != is_workday:
        changed[day] = is_workday
    return changed


@admin.register(DayOverride)
class DayOverrideAdmin(RoleAdmin):
    view_roles = add_roles = change_roles = delete_roles = (User.Role.SYSADMIN,)
    audit_fields = ("day", "is_workday", "name")
    list_display = ("day", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "day"
    delete_confirmation_template = "admin/workdays/dayoverride/delete_confirmation.html"

    def get_actions(self, request):
        # A deletion goes through the page that lists the due dates it moves.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and CONFIRMED not in request.POST:
            old = self.get_object(request, unquote(object_id)) if object_id else None
            stored = DayOverride.objects.get(pk=old.pk) if old else None  # the form writes onto `old`
            form = self.get_form(request, old, change=old is not None)(request.POST, instance=old)
            if form.is_valid():
                moves = calendar_moves(
                    _changes(stored, form.cleaned_data["day"], form.cleaned_data["is_workday"])
                )
                if moves:
                    return self._preview(request, moves, stored or form.instance)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _preview(self, request, moves: list[Move], obj) -> TemplateResponse:
        fields = [(k, v) for k, values in request.POST.lists() for v in values if k != "csrfmiddlewaretoken"]
        return TemplateResponse(
            request,
            PREVIEW_TEMPLATE,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "保存前请确认：以下应完成日期将随之调整",
                "moves": moves,
                "fields": fields,
                "confirmed": CONFIRMED,
                "object": obj,
            },
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        moves = calendar_moves({obj.day: None}) if obj else []
        return super().delete_view(request, object_id, {**(extra_context or {}), "moves": moves})

    def save_model(self, request, obj, form, change):
        stored = DayOverride.objects.filter(pk=obj.pk).first() if change else None
        with transaction.atomic():
            moves = self._take_plans(calendar_moves(_changes(stored, obj.day, obj.is_workday)))
            super().save_model(request, obj, form, change)
            self._move(request, moves, obj)

    def delete_model(self, request, obj):
        with transaction.atomic():
            moves = self._take_plans(calendar_moves({obj.day: None}))
            super().delete_model(request, obj)
            self._move(request, moves, obj)

    @staticmethod
    def _take_plans(moves: list[Move]) -> list[Move]:
        """The plans' locks come first (plan lock, rows, audit lock: see progress.locks)."""
        for plan_id in sorted({m.plan_id for m in moves}):
            lock_plan(plan_id)
        return moves

    @staticmethod
    def _move(request, moves: list[Move], entry: DayOverride) -> None:
        if not moves:
            return
        plans = apply_calendar_moves(moves)
        record(
            Actor.from_request(request),
            "move_due_dates",
            entry,
            after={"moves": [[m.assignment_id, m.before.isoformat(), m.after.isoformat()] for m in moves]},
            summary=f"节假日与调休“{entry}”调整后，{len(moves)}项交办的应完成日期随之调整",
        )
        for plan in Plan.objects.filter(pk__in=plans, status=Plan.Status.PUBLISHED):
            recompute_plan(plan)
