"""Django admin for the three administrators (三员分立), who manage accounts and units, never business data.

Who sees what, decided by `User.role` rather than Django's per-model permissions (so granting a stray
permission cannot widen it):

* 系统管理员 (sysadmin): units and accounts — create, change, deactivate.
* 安全管理员 (secadmin): accounts — view, change (reset a password, lock an account, change a role).
* 审计管理员 (auditor): the audit record, read-only (luoshi/audit/admin.py).

Plans, tasks, assignments and reports are not registered at all: business data is changed only through the
pages and their services, which write the audit record, and administrators do not read it. A superuser
(created with `luoshi createsuperuser`, for emergencies) sees the same three screens.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from luoshi.audit.services import Actor, record, snapshot

from .models import Unit, User


class RoleAdmin(admin.ModelAdmin):
    """A ModelAdmin whose permissions come from the administrator's role: each of `view_roles`,
    `add_roles`, `change_roles`, `delete_roles` lists the roles allowed that act."""

    view_roles: tuple[str, ...] = ()
    add_roles: tuple[str, ...] = ()
    change_roles: tuple[str, ...] = ()
    delete_roles: tuple[str, ...] = ()

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

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), list(self.audit_fields)) if change else None
        super().save_model(request, obj, form, change)
        action = f"admin_{'change' if change else 'add'}_{obj._meta.model_name}"
        record(
            Actor.from_request(request),
            action,
            obj,
            before=before,
            after=snapshot(obj, list(self.audit_fields)),
            summary=f"系统管理：{'修改' if change else '新增'}{obj._meta.verbose_name}“{obj}”",
        )

    def delete_model(self, request, obj):
        before = snapshot(obj, list(self.audit_fields))
        record(
            Actor.from_request(request),
            f"admin_delete_{obj._meta.model_name}",
            obj,
            before=before,
            summary=f"系统管理：删除{obj._meta.verbose_name}“{obj}”",
        )
        super().delete_model(request, obj)


SYSADMIN, SECADMIN = User.Role.SYSADMIN, User.Role.SECADMIN


@admin.register(Unit)
class UnitAdmin(RoleAdmin):
    view_roles = (SECADMIN,)
    add_roles = change_roles = delete_roles = (SYSADMIN,)
    list_display = ("name", "short_name", "kind", "parent", "order")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases")
    list_select_related = ("parent",)
    ordering = ("order", "id")
    fields = ("name", "short_name", "aliases", "kind", "parent", "order")
    audit_fields = fields


@admin.register(User)
class UserAdmin(RoleAdmin, BaseUserAdmin):
    add_roles = (SYSADMIN,)
    change_roles = (SYSADMIN, SECADMIN)
    delete_roles = (SYSADMIN,)
    list_display = ("username", "display_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name", "unit__name", "unit__short_name")
    list_select_related = ("unit",)
    ordering = ("unit__order", "username")
    # No superuser flag, groups or per-model permissions: the role says everything (see module docstring).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("身份", {"fields": ("display_name", "role", "unit", "phone", "email")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("身份", {"fields": ("display_name", "role", "unit", "phone")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    audit_fields = ("username", "display_name", "role", "unit", "phone", "email", "is_active", "is_staff")

    def save_model(self, request, obj, form, change):
        # Only administrators may enter the admin; everyone else uses the pages.
        obj.is_staff = obj.role in User.ADMIN_ROLES
        super().save_model(request, obj, form, change)
