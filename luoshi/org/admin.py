"""Django admin for the three administrators (三员分立), who manage accounts and units, never business data.

Who sees what, decided by `User.role` rather than Django's per-model permissions (so granting a stray
permission cannot widen it):

* 系统管理员 (sysadmin): units and accounts — create, change, deactivate.
* 安全管理员 (secadmin): accounts — view, change (reset a password, lock an account, change a role).
* 审计管理员 (auditor): the audit record, read-only (audit_admin.py).

No administrator grants what their role does not hold: the role field offers, and saving accepts, only the
business roles. No administrator creates, changes, deletes or resets the password of an administrator
account (sysadmin, secadmin, auditor, or any staff or superuser account): those are made by the operator on
the command line (`luoshi create_admin --role …`, audited as the system). Every act here — accounts,
units, password resets, one's own password change — writes an audit entry with before and after.

Plans, tasks, assignments and reports are not registered at all: business data is changed only through the
pages and their services, which write the audit record, and administrators do not read it. A superuser
(created with `luoshi createsuperuser`, for emergencies) manages units and business accounts under the same
rules, and does not read the audit record: only the auditor does.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction

from luoshi.audit.services import Actor, record

from . import (
    audit_admin,  # noqa: F401  (registers the audit record's page)
    twofactor,
)
from .lockout import unlock
from .models import Unit, User
from .roles_admin import BUSINESS_ROLES, RoleAdmin, is_administrator_account
from .sessions import end_all_sessions

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
        ("状态", {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("身份", {"fields": ("display_name", "role", "unit", "phone")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    audit_fields = ("username", "display_name", "role", "unit", "phone", "email", "is_active", "is_staff")
    actions = ("unlock_accounts", "end_sessions", "reset_second_factor")

    # --- lockout (django-axes counts the failures; see org/lockout.py) ---

    @admin.action(description="解除所选账号的登录锁定", permissions=["unlock"])
    def unlock_accounts(self, request, queryset):
        with transaction.atomic():
            for account in queryset:
                cleared = unlock(account.username)
                record(
                    Actor.from_request(request),
                    "admin_unlock_user",
                    account,
                    after={"cleared_failures": cleared},
                    summary=f"安全管理：解除用户“{account}”的登录锁定",
                )
        self.message_user(request, f"已解除 {len(queryset)} 个账号的登录锁定。")

    @admin.action(description="注销所选账号的全部会话（各处登录都退出）", permissions=["unlock"])
    def end_sessions(self, request, queryset):
        with transaction.atomic():
            for account in queryset:
                end_all_sessions(account)
                record(
                    Actor.from_request(request),
                    "admin_end_sessions",
                    account,
                    summary=f"安全管理：注销用户“{account}”的全部会话",
                )
        self.message_user(request, f"已注销 {len(queryset)} 个账号的全部会话。")

    @admin.action(description="重置所选账号的双因素验证（须重新设置身份验证器）", permissions=["unlock"])
    def reset_second_factor(self, request, queryset):
        with transaction.atomic():
            for account in queryset:
                twofactor.reset(
                    Actor.from_request(request), account, f"安全管理：重置用户“{account}”的双因素验证"
                )
        self.message_user(request, f"已重置 {len(queryset)} 个账号的双因素验证，这些账号的会话已全部注销。")

    def has_unlock_permission(self, request) -> bool:
        return self._allowed(request, (SECADMIN,))

    # --- which accounts, which roles ---

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and is_administrator_account(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and is_administrator_account(obj))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(r.value, r.label) for r in BUSINESS_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form offers business roles only; whatever form reaches here, check again.
        if obj.role not in BUSINESS_ROLES or obj.is_superuser:
            raise PermissionDenied("管理员账号只能由运维人员在命令行创建（luoshi create_admin）")
        if change and is_administrator_account(User.objects.get(pk=obj.pk)):
            raise PermissionDenied("不能修改管理员账号")
        # Only administrators may enter the admin; everyone else uses the pages.
        obj.is_staff = False
        if not change:  # the administrator chose this password: its owner sets their own at first login
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def change_action(self, before, after):
        if before["is_active"] != after["is_active"]:
            return (
                ("admin_activate_user", "启用") if after["is_active"] else ("admin_deactivate_user", "停用")
            )
        return "admin_change_user", "修改"

    def delete_queryset(self, request, queryset):
        if any(is_administrator_account(u) for u in queryset):
            raise PermissionDenied("不能删除管理员账号")
        super().delete_queryset(request, queryset)

    # --- passwords ---

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is not None and not self.has_change_permission(request, target):
            raise PermissionDenied("不能重置管理员账号的密码")
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 and target is not None:
                # The administrator knows this password now: its owner must replace it at next login.
                User.objects.filter(pk=target.pk).update(must_change_password=True)
                target.refresh_from_db(fields=["password"])
                usable = target.has_usable_password()
                record(
                    Actor.from_request(request),
                    "admin_reset_password",
                    target,
                    after={"usable_password": usable},
                    summary=f"系统管理：{'重置' if usable else '停用'}用户“{target}”的密码",
                )
        return response


def _audited_own_password_change(view):
    """The admin site's “修改密码” page: an administrator changing their own password is recorded."""

    @wraps(view)
    def wrapped(request, extra_context=None):
        with transaction.atomic():
            response = view(request, extra_context)
            if request.method == "POST" and response.status_code == 302:
                record(
                    Actor.from_request(request),
                    "change_own_password",
                    request.user,
                    summary=f"修改本人密码：{request.user.username}",
                )
        return response

    return wrapped


admin.site.password_change = _audited_own_password_change(admin.site.password_change)
