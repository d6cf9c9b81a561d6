"""The audit record in Django admin: read-only, for the 审计管理员 (auditor) only.

Nobody adds, changes or deletes an entry here; entries are written by the services. The auditor's own
viewer, tamper evidence and retention come later (issue 3 names them); this is the stop-gap."""

from django.contrib import admin

from luoshi.org.admin import RoleAdmin
from luoshi.org.models import User

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAdmin):
    view_roles = (User.Role.AUDITOR,)
    list_display = ("at", "actor_name", "ip", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "summary", "object_id")
    date_hierarchy = "at"
    readonly_fields = tuple(f.name for f in AuditEntry._meta.fields)
    show_full_result_count = False  # the table grows large; skip the second COUNT(*)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(None)
