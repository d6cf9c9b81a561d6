"""The time-limit presets, kept by the 系统管理员 (a setting of the office, not business data)."""

from django.contrib import admin

from luoshi.org.models import User
from luoshi.org.roles_admin import RoleAdmin

from .models import TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(RoleAdmin):
    view_roles = add_roles = change_roles = delete_roles = (User.Role.SYSADMIN,)
    audit_fields = ("source", "urgency", "working_days", "first_report_days")
    list_display = ("source", "urgency", "working_days", "first_report_days")
    list_filter = ("source",)
