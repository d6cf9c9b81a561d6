"""Unit contacts (分管领导, the unit's group robot) are kept by the 系统管理员 beside the unit tree."""

from django.contrib import admin
from django.db import models

from luoshi.org.models import User
from luoshi.org.roles_admin import RoleAdmin

from .models import UnitContact


@admin.register(UnitContact)
class UnitContactAdmin(RoleAdmin):
    view_roles = add_roles = change_roles = delete_roles = (User.Role.SYSADMIN,)
    audit_fields = ("unit", "leader_name", "leader_email", "wecom_webhook")
    list_display = ("unit", "leader_name", "leader_email")
    search_fields = ("unit__name", "leader_name")
    autocomplete_fields = ("unit",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
