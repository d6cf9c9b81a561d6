"""The audit record in Django admin: read-only, for the 审计管理员 (auditor) only. Registered from the org
app, whose role admin it uses (audit sits below org and knows nothing of accounts' roles).

Nobody adds, changes or deletes an entry here (nor anywhere: the database refuses it); entries are written
by `luoshi.audit.services.record`. Above the list, a line says whether the most recent entries still form
an unbroken chain; `luoshi verify_audit` checks the whole record."""

from django.contrib import admin

from luoshi.audit import chain
from luoshi.audit.models import AuditEntry

from .models import User
from .roles_admin import RoleAdmin

RECENT = 500  # entries the page re-checks on every view: a few milliseconds


def chain_status() -> dict:
    report = chain.verify_recent(RECENT)
    if report.broken:
        line = f"哈希链断开：{report.broken}。请运行 luoshi verify_audit 检查全部记录。"
    elif not report.checked:
        line = "尚无审计记录。"
    else:
        scope = "全部" if report.checked == report.last_seq else "最近"
        line = (
            f"哈希链完好：{scope} {report.checked} 条记录（至第 {report.last_seq} 条）序号连续、哈希相符。"
            "校验全部记录请运行 luoshi verify_audit。"
        )
    return {"broken": report.broken is not None, "line": line}


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAdmin):
    view_roles = (User.Role.AUDITOR,)
    list_display = ("seq", "at", "actor_name", "ip", "action", "object_type", "object_id", "summary")
    list_display_links = ("seq",)
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "summary", "object_id")
    date_hierarchy = "at"
    readonly_fields = tuple(f.name for f in AuditEntry._meta.fields)
    show_full_result_count = False  # the table grows large; skip the second COUNT(*)
    ordering = ("-seq",)

    # Only the auditor reads the record — not a superuser either (三员分立: the emergency account is not
    # the auditor) — and nobody adds, changes or deletes an entry.
    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.role == User.Role.AUDITOR

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if self.has_view_permission(request):
            extra_context = {**(extra_context or {}), "chain": chain_status()}
        return super().changelist_view(request, extra_context)
