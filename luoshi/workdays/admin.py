"""The working-day calendar's entries, kept by the 系统管理员 (a setting of the system, not business data)."""

from django.contrib import admin

from luoshi.org.models import User
from luoshi.org.roles_admin import RoleAdmin

from .models import DayOverride


@admin.register(DayOverride)
class DayOverrideAdmin(RoleAdmin):
    view_roles = add_roles = change_roles = delete_roles = (User.Role.SYSADMIN,)
    audit_fields = ("day", "is_workday", "name")
    list_display = ("day", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "day"
