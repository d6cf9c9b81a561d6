"""The role admin: a ModelAdmin whose permissions come from the administrator's role (三员分立), and whose
every save and deletion is audited. Used by the account and unit pages and the audit record's page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models, transaction

from luoshi.audit.services import Actor, record, snapshot
from luoshi.core.forms import CleanCharField

from .models import User

BUSINESS_ROLES = tuple(r for r in User.Role if r not in User.ADMIN_ROLES)


def is_administrator_account(user: User) -> bool:
    """Accounts the admin never manages: the three administrators, and any staff or superuser."""
    return user.role in User.ADMIN_ROLES or user.is_staff or user.is_superuser


class RoleAdmin(admin.ModelAdmin):
    """A ModelAdmin whose permissions come from the administrator's role: each of `view_roles`,
    `add_roles`, `change_roles`, `delete_roles` lists the roles allowed that act."""

    view_roles: tuple[str, ...] = ()
    add_roles: tuple[str, ...] = ()
    change_roles: tuple[str, ...] = ()
    delete_roles: tuple[str, ...] = ()
    # Names and other text typed into the admin pass the same normaliser as the rest of the system.
    formfield_overrides = {
        models.CharField: {"form_class": CleanCharField},
        models.TextField: {"form_class": CleanCharField, "widget": widgets.AdminTextareaWidget},
    }

    @staticmethod
    def _allowed(request, roles) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or user.role in roles

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request, self.view_roles + self.change_roles)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request, self.add_roles)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request, self.change_roles)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request, self.delete_roles)

    # Administrators' changes to accounts and units go into the audit record too (never a password hash).
    audit_fields: tuple[str, ...] = ()

    def _snapshot(self, obj) -> dict:
        return snapshot(obj, list(self.audit_fields))

    def change_action(self, before: dict, after: dict) -> tuple[str, str]:
        """The audit action and the Chinese verb for saving a changed object."""
        return f"admin_change_{self._meta_name}", "修改"

    @property
    def _meta_name(self) -> str:
        return self.model._meta.model_name

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = self._snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            after = self._snapshot(obj)
            action, verb = (
                self.change_action(before, after) if change else (f"admin_add_{self._meta_name}", "新增")
            )
            record(
                Actor.from_request(request),
                action,
                obj,
                before=before,
                after=after,
                summary=f"系统管理：{verb}{obj._meta.verbose_name}“{obj}”",
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The changelist's “delete selected” action: one entry per object, as for a single deletion."""
        with transaction.atomic():
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj):
        record(
            Actor.from_request(request),
            f"admin_delete_{self._meta_name}",
            obj,
            before=self._snapshot(obj),
            summary=f"系统管理：删除{obj._meta.verbose_name}“{obj}”",
        )
